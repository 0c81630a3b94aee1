"""The cloud backend's page: a model by name, the API key, and the plumbing folded
under Advanced (where answers are collected, the task's name, batching, timeouts)."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtWidgets import QLineEdit

from desktop_app.backends import runware
from desktop_app.backends.runware import RunwareConfig
from desktop_app.errors import CaptionerError
from desktop_app.gui.settings.backend_page import BackendPage, PageServices
from desktop_app.gui.settings.key_widget import ApiKeyWidget, KeySpec
from desktop_app.gui.settings.model_choice import ModelChoice
from desktop_app.gui.settings.widgets import choice_combo, count_spin, seconds_spin
from desktop_app.gui.texts import QT_TRANSLATE_NOOP

SUMMARY = QT_TRANSLATE_NOOP(
    "CloudPage",
    "Qwen2.5-VL runs on Runware's servers: fast on any computer, paid per caption. "
    "Each photo is downscaled (about 1 megapixel) and sent over the internet.",
)
MODELS = [
    (
        QT_TRANSLATE_NOOP("CloudPage", "Qwen2.5-VL 3B, about $0.0013-0.0026 per caption"),
        "runware:152@1",
    ),
    (QT_TRANSLATE_NOOP("CloudPage", "Qwen2.5-VL 7B, better captions"), "runware:152@2"),
]
DELIVERIES = [
    (QT_TRANSLATE_NOOP("CloudPage", "Wait for each answer"), "sync"),
    (QT_TRANSLATE_NOOP("CloudPage", "Send, then collect the answers (async)"), "async"),
]
TASK_TYPES = [
    ("caption", "caption"),  # the API's own name
    (QT_TRANSLATE_NOOP("CloudPage", "imageCaption (the API's older name)"), "imageCaption"),
]
KEY = KeySpec(
    runware.BACKEND_ID,
    runware.API_KEY_SECRET,
    runware.API_KEY_ENV,
    QT_TRANSLATE_NOOP("CloudPage", "Paste your Runware API key"),
)


def model_problem(model: str) -> str:
    """Why ``model`` is not an id the cloud API takes ("" when it is)."""
    try:
        runware.resolve_model(model)
    except CaptionerError as error:
        return error.user_message()
    return ""


def chosen_model(model: str) -> str:
    """The id a stored model means ("3b" and "7b" are short for the two Qwen ids)."""
    return runware.MODEL_ALIASES.get(model.strip().lower(), model.strip())


class CloudPage(BackendPage):
    BACKEND_ID = runware.BACKEND_ID
    SHOWN = frozenset(
        {"model", "api_url", "delivery", "task_type", "batch_size", "max_in_flight", "timeout_s"}
    )

    def __init__(self, config: RunwareConfig, services: PageServices) -> None:
        super().__init__(config, services, self.tr(SUMMARY))
        self._retry = config.retry
        self.model = ModelChoice(
            [(self.tr(label), model) for label, model in MODELS],
            other_placeholder=self.tr("An AIR id, such as runware:152@2"),
            check=model_problem,
        )
        self.model.set_value(chosen_model(config.model))
        key = dataclasses.replace(KEY, placeholder=self.tr(KEY.placeholder))
        self.key = ApiKeyWidget(services.secrets, services.background, key, self.current_settings)
        self.form.addRow(self.tr("Model"), self.model)
        self.form.addRow(self.tr("API key"), self.key)
        self._build_advanced(config)

    def _build_advanced(self, config: RunwareConfig) -> None:
        advanced = self.advanced
        self.api_url = QLineEdit(config.api_url)
        advanced.add_row(
            self.tr("Service address"),
            self.api_url,
            self.tr("Runware's API. Change it only for a proxy; ${variable} overrides it.").format(
                variable=runware.API_URL_ENV
            ),
        )
        deliveries = [(self.tr(label), value) for label, value in DELIVERIES]
        self.delivery = choice_combo(deliveries, config.delivery)
        advanced.add_row(
            self.tr("Delivery"),
            self.delivery,
            self.tr(
                "Async sends the photos, then asks for the captions until they are ready; "
                "use it when requests time out."
            ),
        )
        task_types = [(self.tr(label), value) for label, value in TASK_TYPES]
        self.task_type = choice_combo(task_types, config.task_type)
        advanced.add_row(
            self.tr("Task type"), self.task_type, self.tr("The name of the API's caption task.")
        )
        self.batch_size = count_spin(config.batch_size, 1, 32)
        advanced.add_row(
            self.tr("Photos per request"),
            self.batch_size,
            self.tr("Several photos travel in one request."),
        )
        self.max_in_flight = count_spin(config.max_in_flight, 1, 64)
        advanced.add_row(self.tr("Requests at once"), self.max_in_flight)
        self.timeout = seconds_spin(config.timeout_s)
        advanced.add_row(self.tr("Give up on a request after"), self.timeout)
        self.retries = count_spin(config.retry.max_retries, 0, 10)
        advanced.add_row(
            self.tr("Retries"),
            self.retries,
            self.tr(
                "How often a request that failed for a passing reason (busy service, "
                "lost connection) is sent again, waiting longer each time."
            ),
        )
        self.finish_advanced()

    def changes(self) -> dict[str, Any]:
        return {
            "model": self.model.value(),
            "api_url": self.api_url.text().strip() or runware.DEFAULT_API_URL,
            "delivery": self.delivery.currentData(),
            "task_type": self.task_type.currentData(),
            "batch_size": self.batch_size.value(),
            "max_in_flight": self.max_in_flight.value(),
            "timeout_s": self.timeout.value(),
            "retry": dataclasses.replace(self._retry, max_retries=self.retries.value()),
        }
