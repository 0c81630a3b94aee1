"""Commands on the selected images that need no state of their own.

Copying, revealing, opening in another app, the prompt preview and the grid's
context menu: each is a plain function of the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMenu

from desktop_app.gui.grid.reveal import reveal_in_file_manager
from desktop_app.gui.panel.prompt_preview import PromptPreviewDialog

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow


def preview_prompt(window: MainWindow, path: Path, preset: str) -> None:
    """The prompt this image would be sent (issue 8), in a dialog of its own."""
    ctx = window.ctx
    PromptPreviewDialog(ctx.settings, ctx.background, path, preset, window).show()


def copy_caption(window: MainWindow) -> None:
    """Copy the selected images' captions, separated by blank lines."""
    text = "\n\n".join(row.caption for row in window.grid.selected_rows() if row.caption)
    if text:
        QGuiApplication.clipboard().setText(text)
        window.status.showMessage("Caption copied.", 2000)


def reveal_current(window: MainWindow) -> None:
    """Show the current image in the system's file manager."""
    row = window.grid.current_row()
    if row is not None:
        reveal_in_file_manager(row.path, window)


def open_current(window: MainWindow) -> None:
    """Open the current image in the app the desktop uses for its type."""
    row = window.grid.current_row()
    if row is not None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(row.path)))


def show_context_menu(window: MainWindow, position: QPoint) -> None:
    """The grid's right-click menu; only over an image, not the empty space."""
    grid = window.grid
    if not grid.indexAt(position).isValid():
        return
    menu = QMenu(window)
    for action in (
        window.caption_selected_action,
        window.copy_action,
        window.reveal_action,
        window.open_file_action,
    ):
        menu.addAction(action)
    menu.exec(grid.viewport().mapToGlobal(position))
