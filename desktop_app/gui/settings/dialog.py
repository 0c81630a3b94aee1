"""The settings dialog: one tab per page, each page a widget of its own.

It edits a copy of the settings and returns a new ``Settings`` value; nothing is saved
until the user presses OK. Every page offers ``apply(settings) -> Settings``: the
result is the settings passed through each page in turn.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from desktop_app.core.secrets import SecretStore
from desktop_app.core.settings import Settings
from desktop_app.gui.background import Background
from desktop_app.gui.settings.captioning_page import CaptioningPage
from desktop_app.gui.settings.content_page import ContentPage
from desktop_app.gui.settings.images_page import ImagesPage
from desktop_app.gui.settings.output_page import OutputPage
from desktop_app.gui.settings.prompts_page import PromptsPage


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        background: Background,
        secrets: SecretStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.resize(720, 560)
        self.settings = settings
        self.captioning = CaptioningPage(settings, background, secrets or SecretStore())
        self.prompts = PromptsPage(settings)
        self.output = OutputPage(settings)
        self.images = ImagesPage(settings)
        self.content_page = ContentPage(settings, background)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.captioning, self.tr("Captioning"))
        self.tabs.addTab(self.prompts, self.tr("Prompts"))
        self.tabs.addTab(self.output, self.tr("Output"))
        self.tabs.addTab(self.images, self.tr("Images && window"))
        self.tabs.addTab(self.content_page, self.tr("Keywords && languages"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

    def result_settings(self) -> Settings:
        """The settings as the pages show them (an imported vocabulary is kept now)."""
        settings = self.settings
        for page in (self.captioning, self.prompts, self.output, self.images, self.content_page):
            settings = page.apply(settings)
        return settings
