"""The window's size and layout, kept between sessions.

Geometry and splitter state are Qt's opaque bytes, stored base64 in the settings file.
"""

from __future__ import annotations

import base64

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow, QSplitter

from desktop_app.core.settings import GuiSettings
from desktop_app.gui.context import SettingsHolder, save_gui

DEFAULT_SPLIT = [780, 500]  # grid, panel


def restore(window: QMainWindow, splitter: QSplitter, gui: GuiSettings) -> None:
    """Size, position and splitter as the user left them."""
    if gui.window_geometry:
        window.restoreGeometry(QByteArray(base64.b64decode(gui.window_geometry)))
    if gui.splitter_state:
        splitter.restoreState(QByteArray(base64.b64decode(gui.splitter_state)))
    else:
        splitter.setSizes(DEFAULT_SPLIT)


def save(
    settings: SettingsHolder, window: QMainWindow, splitter: QSplitter, thumb_size: int
) -> None:
    """Remember size, position, splitter and thumbnail size for the next start."""
    save_gui(
        settings,
        thumbnail_size=thumb_size,
        window_geometry=_encoded(window.saveGeometry()),
        splitter_state=_encoded(splitter.saveState()),
    )


def _encoded(state: QByteArray) -> str:
    return base64.b64encode(bytes(state.data())).decode()
