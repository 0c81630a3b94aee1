"""Steps the window tests share: open a folder and wait for it, select images."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel

from desktop_app.gui.main_window import MainWindow


def open_and_wait(qtbot, window: MainWindow, folder: Path, count: int) -> None:
    with qtbot.waitSignal(window.folders.loader.finished, timeout=60_000):
        window.folders.open(folder)  # finished comes after every batch it queued
    qtbot.waitUntil(lambda: window.grid.model.rowCount() == count, timeout=10_000)


def select(window: MainWindow, *names: str) -> None:
    """Select the images called ``names`` (and make the last one current)."""
    selection = window.grid.view.selectionModel()
    selection.clearSelection()
    for row in range(window.grid.proxy.rowCount()):
        index = window.grid.proxy.index(row, 0)
        if index.data() in names:
            selection.select(index, QItemSelectionModel.SelectionFlag.Select)
            window.grid.view.setCurrentIndex(index)
