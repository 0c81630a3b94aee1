"""The settings component: the Settings command, and what a change sets in motion.

The dialog edits a copy; on OK the new settings are saved and the theme applied here,
and ``settings_changed`` tells the other components (via the main window's wiring) so
each can follow: the panel's preset menu, the folder's listing.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QStyle, QWidget

from desktop_app.core.secrets import SecretStore
from desktop_app.gui import theme
from desktop_app.gui.actions import make_action
from desktop_app.gui.background import Background
from desktop_app.gui.context import SettingsHolder
from desktop_app.gui.settings.dialog import SettingsDialog


class SettingsComponent(QObject):
    settings_changed = Signal(object, object)  # the old Settings, the new Settings

    def __init__(
        self,
        settings: SettingsHolder,
        background: Background,
        secrets: SecretStore,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._background = background
        self._secrets = secrets
        self._window = parent
        self.settings_action = make_action(
            self, self.tr("Settings…"), QKeySequence.StandardKey.Preferences, self.open
        )
        if self.settings_action.shortcut().isEmpty():  # no platform standard (Linux desktops)
            self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
            self.settings_action.setToolTip(self.tr("Settings… (Ctrl+,)"))
        icon = QStyle.StandardPixmap.SP_FileDialogDetailedView
        self.settings_action.setIcon(parent.style().standardIcon(icon))
        self.actions = [self.settings_action]

    def open(self) -> None:
        """The settings dialog; what it changes takes effect at once."""
        old = self._settings.settings
        dialog = SettingsDialog(old, self._background, self._secrets, self._window)
        if not dialog.exec():
            return
        new = dialog.result_settings()
        self._settings.save_settings(new)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, new.gui.theme)
        self.settings_changed.emit(old, new)
