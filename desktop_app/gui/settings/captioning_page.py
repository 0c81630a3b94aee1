"""The settings dialog's "Captioning" page: where captions are made, and how.

One page per backend behind the choice of where captions are made: the cloud, this
computer, or the user's own server, each in its own words (``CloudPage``,
``LocalPage``, ``OpenAIPage``); a backend registered without a page of its own gets
the generated ``GenericPage``. Each page sits in a scroll area, so opening Advanced
never squeezes the page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.backends import registry as backends
from desktop_app.core.secrets import SecretStore
from desktop_app.core.settings import Settings
from desktop_app.gui.background import Background
from desktop_app.gui.settings.backend_page import BackendPage, GenericPage, PageServices
from desktop_app.gui.settings.cloud_page import CloudPage
from desktop_app.gui.settings.local_page import LocalPage
from desktop_app.gui.settings.openai_page import OpenAIPage
from desktop_app.gui.texts import QT_TRANSLATE_NOOP

PageFactory = Callable[[Any, PageServices], BackendPage]
PAGES: dict[str, PageFactory] = {
    CloudPage.BACKEND_ID: CloudPage,
    LocalPage.BACKEND_ID: LocalPage,
    OpenAIPage.BACKEND_ID: OpenAIPage,
}
# Where captions are made, as the first-run screen says it.
WHERE = {
    CloudPage.BACKEND_ID: QT_TRANSLATE_NOOP("CaptioningPage", "In the cloud (Runware)"),
    LocalPage.BACKEND_ID: QT_TRANSLATE_NOOP("CaptioningPage", "On this computer (llama.cpp)"),
    OpenAIPage.BACKEND_ID: QT_TRANSLATE_NOOP(
        "CaptioningPage", "On your own server (OpenAI-compatible)"
    ),
}


class CaptioningPage(QWidget):
    def __init__(self, settings: Settings, background: Background, secrets: SecretStore) -> None:
        super().__init__()
        services = PageServices(settings, background, secrets)
        self.backend_combo = QComboBox()
        self.backend_combo.setObjectName("backendChoice")
        self.backend_stack = QStackedWidget()
        self.pages: dict[str, BackendPage] = {}
        for spec in backends.all_backends():
            config = settings.backend_config(spec.backend_id)
            factory = PAGES.get(spec.backend_id)
            page = (
                factory(config, services)
                if factory is not None
                else GenericPage(config, services, str(spec.summary))
            )
            self.pages[spec.backend_id] = page
            where = WHERE.get(spec.backend_id)
            label = self.tr(where) if where else str(spec.display_name)
            self.backend_combo.addItem(label, spec.backend_id)
            area = scrolled(page)
            follow_unfolding(area, page)
            self.backend_stack.addWidget(area)
        self.backend_combo.currentIndexChanged.connect(self.backend_stack.setCurrentIndex)
        self.backend_combo.setCurrentIndex(max(0, self.backend_combo.findData(settings.backend)))
        row = QFormLayout()
        row.addRow(self.tr("Captions are made"), self.backend_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.backend_stack, 1)

    def apply(self, settings: Settings) -> Settings:
        """``settings`` with the chosen backend and every backend's options."""
        for backend_id, page in self.pages.items():
            settings = settings.with_backend_config(backend_id, page.value())
        return dataclasses.replace(settings, backend=self.backend_combo.currentData())


def scrolled(page: QWidget) -> QScrollArea:
    """``page`` in a seamless scroll area (the tab's own background shows through)."""
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.viewport().setAutoFillBackground(False)
    page.setAutoFillBackground(False)
    return area


def follow_unfolding(area: QScrollArea, page: BackendPage) -> None:
    """Scroll to Advanced when it unfolds, once the layout has made room for it."""

    def unfolded(on: bool) -> None:
        if on:
            QTimer.singleShot(0, lambda: area.ensureWidgetVisible(page.advanced, 0, 0))

    page.advanced.toggle.toggled.connect(unfolded)
