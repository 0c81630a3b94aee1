"""The window's settings: its dialogs, and its size and layout kept between sessions.

Geometry and splitter state are Qt's opaque bytes, stored base64 in the settings file.
"""

from __future__ import annotations

import base64
import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.backends import runware
from desktop_app.errors import CaptionerError
from desktop_app.gui import theme
from desktop_app.gui.about import AboutDialog
from desktop_app.gui.first_run import FirstRunDialog
from desktop_app.gui.settings_dialog import SettingsDialog

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow


def restore_state(window: MainWindow) -> None:
    """Size, position, splitter and thumbnail size as the user left them."""
    gui = window.ctx.settings.gui
    if gui.window_geometry:
        window.restoreGeometry(QByteArray(base64.b64decode(gui.window_geometry)))
    if gui.splitter_state:
        window.splitter.restoreState(QByteArray(base64.b64decode(gui.splitter_state)))
    else:
        window.splitter.setSizes([780, 500])
    window.size_slider.setValue(gui.thumbnail_size)
    window.grid.set_thumb_size(gui.thumbnail_size)
    window.folders.refresh_recent_menu()


def save_state(window: MainWindow) -> None:
    """Remember size, position, splitter and thumbnail size for the next start."""
    ctx = window.ctx
    gui = dataclasses.replace(
        ctx.settings.gui,
        thumbnail_size=window.grid.thumb_size,
        window_geometry=base64.b64encode(bytes(window.saveGeometry().data())).decode(),
        splitter_state=base64.b64encode(bytes(window.splitter.saveState().data())).decode(),
    )
    ctx.save_settings(dataclasses.replace(ctx.settings, gui=gui))


def open_settings(window: MainWindow) -> None:
    """The settings dialog; what it changes takes effect at once (theme, presets, rescan)."""
    ctx = window.ctx
    dialog = SettingsDialog(ctx.settings, ctx.background, ctx.secrets, window)
    if dialog.exec():
        old_recursive = ctx.settings.gui.recursive
        ctx.save_settings(dialog.result_settings())
        window.panel_sync.refresh_presets()
        theme.apply(QApplication.instance(), ctx.settings.gui.theme)  # type: ignore[arg-type]
        if ctx.settings.gui.recursive != old_recursive:
            window.rescan()


def show_about(window: MainWindow) -> None:
    AboutDialog(window, window.ctx.background).exec()


def show_first_run(window: MainWindow) -> None:
    """Where captions are made (the cloud, with a key, or this computer) and what they
    are for (where they are written).

    Closing the dialog also counts as done, so it is not shown at every start;
    choosing a local backend leads on to the settings, where its model is picked.
    """
    ctx = window.ctx
    dialog = FirstRunDialog(window)
    accepted = bool(dialog.exec())
    settings = ctx.settings
    if accepted:
        write = dataclasses.replace(settings.write, destinations=dialog.destinations)
        settings = dataclasses.replace(settings, backend=dialog.backend, write=write)
        if dialog.api_key:
            try:
                ctx.secrets.set_secret(runware.API_KEY_SECRET, dialog.api_key)
            except CaptionerError as error:
                QMessageBox.warning(window, "The key was not saved", error.user_message())
    gui = dataclasses.replace(settings.gui, first_run_done=True)
    ctx.save_settings(dataclasses.replace(settings, gui=gui))
    if accepted and dialog.backend != "cloud":
        window.open_settings()
