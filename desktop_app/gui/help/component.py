"""The help component: the Help menu, the first-run choice and About.

Choosing a local backend on the first-run screen leads on to the settings, where its
model is picked: ``settings_wanted`` asks for them (the main window wires it to the
settings component).
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from desktop_app import APP_DISPLAY_NAME
from desktop_app.backends import runware
from desktop_app.core.secrets import SecretStore
from desktop_app.errors import CaptionerError
from desktop_app.gui.actions import make_action
from desktop_app.gui.background import Background
from desktop_app.gui.context import SettingsHolder
from desktop_app.gui.help.about import AboutDialog
from desktop_app.gui.help.first_run import FirstRunDialog


class HelpComponent(QObject):
    settings_wanted = Signal()

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
        self.welcome_action = make_action(
            self, self.tr("Where captions are made…"), None, self.show_first_run
        )
        self.about_action = make_action(
            self, self.tr("About {app}").format(app=APP_DISPLAY_NAME), None, self.show_about
        )
        self.actions = [self.welcome_action, self.about_action]
        self.menu = QMenu(self.tr("Help"), parent)
        self.menu.addActions(self.actions)

    def show_about(self) -> None:
        AboutDialog(self._window, self._background).exec()

    def show_first_run(self) -> None:
        """Where captions are made (the cloud, with a key, or this computer) and what they
        are for (where they are written).

        Closing the dialog also counts as done, so it is not shown at every start.
        """
        dialog = FirstRunDialog(self._window)
        accepted = bool(dialog.exec())
        settings = self._settings.settings
        if accepted:
            write = dataclasses.replace(settings.write, destinations=dialog.destinations)
            settings = dataclasses.replace(settings, backend=dialog.backend, write=write)
            if dialog.api_key:
                self._save_key(dialog.api_key)
        gui = dataclasses.replace(settings.gui, first_run_done=True)
        self._settings.save_settings(dataclasses.replace(settings, gui=gui))
        if accepted and dialog.backend != "cloud":
            self.settings_wanted.emit()

    def _save_key(self, key: str) -> None:
        try:
            self._secrets.set_secret(runware.API_KEY_SECRET, key)
        except CaptionerError as error:
            QMessageBox.warning(
                self._window, self.tr("The key was not saved"), error.user_message()
            )
