"""The settings dialog's "Captioning" page: which backend captions, and its options.

One page per backend, stacked behind the backend choice. A backend's options come
from its typed configuration (``ConfigForm``), with extra widgets where a backend needs
them: the API key and "Test connection", the local model list.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.backends import openai_compat, runware
from desktop_app.backends import registry as backends
from desktop_app.backends.local.config import BACKEND_ID as LOCAL_ID
from desktop_app.core.secrets import SecretStore
from desktop_app.core.settings import Settings
from desktop_app.gui.background import Background
from desktop_app.gui.settings.config_form import ConfigForm
from desktop_app.gui.settings.key_widget import ApiKeyWidget, KeySpec
from desktop_app.gui.settings.local_models import LocalModelsWidget

API_KEYS = {
    runware.BACKEND_ID: KeySpec(
        runware.BACKEND_ID,
        runware.API_KEY_SECRET,
        runware.API_KEY_ENV,
        "Paste your Runware API key",
    ),
    openai_compat.BACKEND_ID: KeySpec(
        openai_compat.BACKEND_ID,
        openai_compat.API_KEY_SECRET,
        openai_compat.API_KEY_ENV,
        "Only if the server asks for one",
    ),
}


class CaptioningPage(QWidget):
    def __init__(self, settings: Settings, background: Background, secrets: SecretStore) -> None:
        super().__init__()
        self.settings = settings
        self.background = background
        self.secrets = secrets
        self.backend_combo = QComboBox()
        self.backend_pages = QStackedWidget()
        self.backend_forms: dict[str, ConfigForm] = {}
        for spec in backends.all_backends():
            self.backend_combo.addItem(spec.display_name, spec.backend_id)
            self.backend_pages.addWidget(self._backend_page(spec))
        self.backend_combo.currentIndexChanged.connect(self.backend_pages.setCurrentIndex)
        self.backend_combo.setCurrentIndex(max(0, self.backend_combo.findData(settings.backend)))
        row = QFormLayout()
        row.addRow("Backend", self.backend_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.backend_pages, 1)

    def _backend_page(self, spec: backends.BackendSpec[object]) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        summary = QLabel(spec.summary)
        summary.setWordWrap(True)
        layout.addWidget(summary)
        form = ConfigForm(self.settings.backend_config(spec.backend_id))
        self.backend_forms[spec.backend_id] = form
        layout.addWidget(form)
        extra = self._extra(spec.backend_id, form)
        if extra is not None:
            layout.addWidget(extra)
        layout.addStretch(1)
        return page

    def _extra(self, backend_id: str, form: ConfigForm) -> QWidget | None:
        """Widgets a backend's page needs beyond its generated form."""
        current = self._settings_with(backend_id, form)
        key = API_KEYS.get(backend_id)
        if key is not None:
            return ApiKeyWidget(self.secrets, self.background, key, current)
        if backend_id == LOCAL_ID:
            return LocalModelsWidget(form, self.background)
        return None

    def _settings_with(self, backend_id: str, form: ConfigForm) -> Callable[[], Settings]:
        """The settings as they would be with this form's values (for a connection test)."""
        return lambda: self.settings.with_backend_config(backend_id, form.value())

    def apply(self, settings: Settings) -> Settings:
        """``settings`` with the chosen backend and every backend's options."""
        for backend_id, form in self.backend_forms.items():
            settings = settings.with_backend_config(backend_id, form.value())
        return dataclasses.replace(settings, backend=self.backend_combo.currentData())
