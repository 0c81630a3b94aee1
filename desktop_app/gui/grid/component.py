"""The grid component: one folder's images as thumbnails, filtered and selectable.

It owns the model, the filter proxy, the thumbnail loader, the view and its filter
widgets. Other components change its rows only through the slots below (wired by the
main window to their signals) and read them through ``ImageRows``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_app.core.thumbnails import ThumbnailCache
from desktop_app.gui.actions import make_action
from desktop_app.gui.grid.commands import ImageCommands
from desktop_app.gui.grid.filter_model import ImageFilterProxy
from desktop_app.gui.grid.filters import GridFilters
from desktop_app.gui.grid.image_model import DisplayState, ImageListModel, ImageRow
from desktop_app.gui.grid.thumbnail_loader import ThumbnailLoader
from desktop_app.gui.grid.view import ThumbnailGrid

COUNTS_PAUSE_MS = 150  # counts are recomputed once a burst of changes settles
UNFINISHED = (DisplayState.QUEUED, DisplayState.CAPTIONING)


def settled_state(row: ImageRow) -> DisplayState:
    """How a cell looks when no run is working on it."""
    return DisplayState.HAS_CAPTION if row.caption else DisplayState.NO_CAPTION


class GridComponent(QObject):
    """The thumbnail grid and everything that decides what it shows."""

    selection_changed = Signal(list)  # [ImageRow], in the folder's order
    counts_changed = Signal(int, int, int)  # shown, in the folder, with a caption
    activated = Signal()  # a double-click: the user wants to work on the caption
    message = Signal(str, int)  # text, milliseconds

    def __init__(self, thumbnails: ThumbnailCache, parent: QWidget) -> None:
        super().__init__(parent)
        self.model = ImageListModel()
        self.proxy = ImageFilterProxy()
        self.loader = ThumbnailLoader(thumbnails)
        self.view = ThumbnailGrid(self.model, self.proxy, self.loader)
        self.filters = GridFilters(self.proxy, self)
        self.widget = self._lay_out()
        self.commands = ImageCommands(self.view, parent)
        self.actions: list[QAction] = [*self.commands.actions, *self._view_actions()]
        self._counts_timer = QTimer(self, singleShot=True, interval=COUNTS_PAUSE_MS)
        self._connect()

    def _lay_out(self) -> QWidget:
        """The filter bar above the thumbnails: what the main window places."""
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filters.bar())
        layout.addWidget(self.view, 1)
        return widget

    def _view_actions(self) -> list[QAction]:
        """Shortcuts with no button: search and thumbnail zoom."""
        zoom = QKeySequence.StandardKey
        return [
            make_action(self, self.tr("Search"), zoom.Find, self.filters.focus_search),
            make_action(
                self, self.tr("Larger thumbnails"), zoom.ZoomIn, lambda: self.filters.zoom(+32)
            ),
            make_action(
                self, self.tr("Smaller thumbnails"), zoom.ZoomOut, lambda: self.filters.zoom(-32)
            ),
        ]

    def _connect(self) -> None:
        self.filters.size_slider.valueChanged.connect(self.view.set_thumb_size)
        self.view.selectionModel().selectionChanged.connect(
            lambda *_: self.selection_changed.emit(self.selected_rows())
        )
        self.view.doubleClicked.connect(lambda _index: self.activated.emit())
        self.commands.message.connect(self.message)
        self.loader.failed.connect(lambda path, reason: self.model.update(path, broken=reason))
        for signal in (
            self.model.rowsInserted,
            self.model.dataChanged,
            self.proxy.layoutChanged,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
        ):
            signal.connect(lambda *_: self._counts_timer.start())
        self._counts_timer.timeout.connect(self._emit_counts)

    def _emit_counts(self) -> None:
        self.counts_changed.emit(
            self.proxy.rowCount(), self.model.rowCount(), self.model.captioned_count
        )

    # -- ImageRows: what others may read ---------------------------------------------
    def rows(self) -> list[ImageRow]:
        return self.model.rows()

    def row_data(self, path: Path) -> ImageRow | None:
        return self.model.row_data(path)

    def selected_rows(self) -> list[ImageRow]:
        return self.view.selected_rows()

    def row_count(self) -> int:
        return self.model.rowCount()

    @property
    def busy(self) -> bool:
        """Rows wait to be painted, or thumbnails for the screen are being made (the
        folder listing gives way: its Python work would take the GIL from both)."""
        return self.view.paint_pending or self.loader.busy

    @property
    def thumb_size(self) -> int:
        return self.view.thumb_size

    def set_thumb_size(self, size: int) -> None:
        self.filters.size_slider.setValue(size)
        self.view.set_thumb_size(size)

    # -- a folder's rows ----------------------------------------------------------------
    def clear(self) -> None:
        """Another folder is opening: forget this one's rows and thumbnails."""
        self.model.clear()
        self.loader.clear()

    def add_rows(self, rows: list[ImageRow]) -> None:
        """Rows of the folder being listed, in natural order among those shown."""
        self.model.place_rows(rows)

    def update_rows(self, updates: list[tuple[Path | str, dict[str, Any]]]) -> None:
        self.model.update_many(updates)

    def select_listed(self, wanted: Path | None) -> None:
        """The folder is listed: select ``wanted``, or the first image, unless the user
        chose a row while the folder streamed in (it stays chosen)."""
        if self.view.selectionModel().hasSelection():
            return
        if wanted is not None:
            self.view.select_path(wanted)
        elif self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 0))

    # -- changes from runs, the editor and the watcher -------------------------------
    def settle_unfinished(self) -> None:
        """A run ended: images it never reached go back to how they were."""
        self.model.update_many(
            (
                row.path,
                {"state": DisplayState.HAS_CAPTION if row.caption else DisplayState.NO_CAPTION},
            )
            for row in self.model.rows()
            if row.state in UNFINISHED
        )

    def mark_edited(self, path: Path, text: str) -> None:
        """A caption written by hand was saved."""
        self.model.update(path, caption=text, state=DisplayState.DONE, error="", source="edited")

    def add_image(self, row: ImageRow) -> None:
        """An image that appeared while watching (kept as it is when already shown)."""
        if self.model.row_of(row.path) is None:
            self.model.append_rows([row])

    def move_image(self, old: Path, new: ImageRow | None) -> None:
        """A file was renamed or moved: its cell follows, with the caption it had."""
        before = self.model.row_data(old)
        self.model.remove_path(old)
        if new is None:
            return
        if before is not None and before.caption:
            new = dataclasses.replace(new, caption=before.caption, state=DisplayState.HAS_CAPTION)
        self.add_image(new)

    def remove_image(self, path: Path) -> None:
        self.model.remove_path(path)

    def close(self) -> None:
        """The window is closing: let the decoders finish (they write the disk cache)."""
        self.loader.wait_idle(5000)
