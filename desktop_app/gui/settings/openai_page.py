"""The OpenAI-compatible server's page: where the server is, which of its models
captions (from the list "Test connection" fetches), and tuning under Advanced."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtWidgets import QLineEdit

from desktop_app.backends import openai_compat
from desktop_app.backends.openai_compat import OpenAIConfig
from desktop_app.gui.settings.backend_page import BackendPage, PageServices
from desktop_app.gui.settings.connection import ConnectionReport
from desktop_app.gui.settings.key_widget import ApiKeyWidget, KeySpec
from desktop_app.gui.settings.model_choice import ModelChoice
from desktop_app.gui.settings.widgets import count_spin, number_spin, seconds_spin
from desktop_app.gui.texts import QT_TRANSLATE_NOOP

SUMMARY = QT_TRANSLATE_NOOP(
    "OpenAIPage",
    "Your own server: llama-server, Ollama, LM Studio or vLLM, on this computer or "
    "another one, through its OpenAI-compatible API. Photos go only to that server.",
)
SERVER_DEFAULT = (QT_TRANSLATE_NOOP("OpenAIPage", "The server's first model"), "")
KEY = KeySpec(
    openai_compat.BACKEND_ID,
    openai_compat.API_KEY_SECRET,
    openai_compat.API_KEY_ENV,
    QT_TRANSLATE_NOOP("OpenAIPage", "Only if the server asks for one"),
)


class OpenAIPage(BackendPage):
    BACKEND_ID = openai_compat.BACKEND_ID
    SHOWN = frozenset(
        {"base_url", "model", "max_in_flight", "timeout_s", "max_tokens", "temperature"}
    )

    def __init__(self, config: OpenAIConfig, services: PageServices) -> None:
        super().__init__(config, services, self.tr(SUMMARY))
        self._retry = config.retry
        self.base_url = QLineEdit(config.base_url)
        self.base_url.setObjectName("serverAddress")
        self.base_url.setPlaceholderText(openai_compat.DEFAULT_BASE_URL)
        servers = (
            ("Ollama", "http://localhost:11434/v1"),
            ("LM Studio", "http://localhost:1234/v1"),
            ("llama-server", openai_compat.DEFAULT_BASE_URL),
        )
        self.base_url.setToolTip(" · ".join(f"{name}: {url}" for name, url in servers))
        self.model = ModelChoice(
            self._choices(()), other_placeholder=self.tr("The model's name on the server")
        )
        self.model.set_value(config.model)
        self.model.setToolTip(self.tr("Test connection fills this list with the server's models."))
        key = dataclasses.replace(KEY, placeholder=self.tr(KEY.placeholder))
        self.key = ApiKeyWidget(services.secrets, services.background, key, self.current_settings)
        self.key.tested.connect(self.show_models)
        self.form.addRow(self.tr("Server address"), self.base_url)
        self.form.addRow(self.tr("API key"), self.key)
        self.form.addRow(self.tr("Model"), self.model)
        self._build_advanced(config)

    def _choices(self, models: tuple[str, ...]) -> list[tuple[str, str]]:
        """The server's models, after "the first one" (named once it is known)."""
        label, value = self.tr(SERVER_DEFAULT[0]), SERVER_DEFAULT[1]
        first = (f"{label} ({models[0]})", value) if models else (label, value)
        return [first, *((model, model) for model in models)]

    def show_models(self, report: ConnectionReport) -> None:
        """The server's models, as "Test connection" found them, to choose from."""
        self.model.set_choices(self._choices(report.models))

    def _build_advanced(self, config: OpenAIConfig) -> None:
        advanced = self.advanced
        self.max_in_flight = count_spin(config.max_in_flight, 1, 64)
        advanced.add_row(
            self.tr("Requests at once"),
            self.max_in_flight,
            self.tr("More than the server's parallel slots only makes requests wait there."),
        )
        self.timeout = seconds_spin(config.timeout_s, high=7200.0)
        advanced.add_row(
            self.tr("Give up on a request after"),
            self.timeout,
            self.tr("A server on a CPU can take minutes for one photo."),
        )
        self.max_tokens = count_spin(config.max_tokens, 16, 4096, suffix=self.tr(" tokens"))
        advanced.add_row(
            self.tr("Longest caption"),
            self.max_tokens,
            self.tr("Used when the prompt preset sets none."),
        )
        self.temperature = number_spin(config.temperature, 0.0, 2.0, 0.1)
        advanced.add_row(
            self.tr("Temperature"), self.temperature, self.tr("Lower is more literal.")
        )
        self.retries = count_spin(config.retry.max_retries, 0, 10)
        advanced.add_row(
            self.tr("Retries"),
            self.retries,
            self.tr(
                "How often a request that failed for a passing reason (busy server, lost "
                "connection) is sent again, waiting longer each time."
            ),
        )
        self.finish_advanced()

    def changes(self) -> dict[str, Any]:
        return {
            "base_url": self.base_url.text().strip() or openai_compat.DEFAULT_BASE_URL,
            "model": self.model.value(),
            "max_in_flight": self.max_in_flight.value(),
            "timeout_s": self.timeout.value(),
            "max_tokens": self.max_tokens.value(),
            "temperature": self.temperature.value(),
            "retry": dataclasses.replace(self._retry, max_retries=self.retries.value()),
        }
