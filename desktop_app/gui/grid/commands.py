"""Commands on the selected images that need no state of their own.

Copying captions, revealing a file, opening it in another app, and the grid's
right-click menu (which also shows actions other components own, handed in by the
main window).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QPoint, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

from desktop_app.gui.actions import make_action
from desktop_app.gui.grid.reveal import reveal_in_file_manager
from desktop_app.gui.grid.view import ThumbnailGrid


class ImageCommands(QObject):
    """Copy, reveal, open; and the context menu that offers them."""

    message = Signal(str, int)  # text, milliseconds

    def __init__(self, view: ThumbnailGrid, parent: QWidget) -> None:
        super().__init__(parent)
        self._view = view
        self._window = parent  # where the menu and the file manager's errors appear
        self.copy_action = make_action(
            self, self.tr("Copy caption"), "Ctrl+Shift+C", self.copy_caption
        )
        self.reveal_action = make_action(
            self, self.tr("Reveal in file manager"), "Ctrl+R", self.reveal_current
        )
        self.open_file_action = make_action(
            self, self.tr("Open in default app"), "Ctrl+Shift+O", self.open_current
        )
        self.actions: list[QAction] = [self.copy_action, self.reveal_action, self.open_file_action]
        self._menu_actions = list(self.actions)
        view.customContextMenuRequested.connect(self.show_context_menu)

    def set_menu_actions(self, actions: Sequence[QAction]) -> None:
        """What the right-click menu offers, in order."""
        self._menu_actions = list(actions)

    def copy_caption(self) -> None:
        """Copy the selected images' captions, separated by blank lines."""
        text = "\n\n".join(row.caption for row in self._view.selected_rows() if row.caption)
        if text:
            QGuiApplication.clipboard().setText(text)
            self.message.emit(self.tr("Caption copied."), 2000)

    def reveal_current(self) -> None:
        """Show the current image in the system's file manager."""
        row = self._view.current_row()
        if row is not None:
            reveal_in_file_manager(row.path, self._window)

    def open_current(self) -> None:
        """Open the current image in the app the desktop uses for its type."""
        row = self._view.current_row()
        if row is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(row.path)))

    def show_context_menu(self, position: QPoint) -> None:
        """The grid's right-click menu; only over an image, not the empty space."""
        if not self._view.indexAt(position).isValid():
            return
        menu = QMenu(self._window)
        for action in self._menu_actions:
            menu.addAction(action)
        menu.exec(self._view.viewport().mapToGlobal(position))
