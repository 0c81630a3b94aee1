"""The thumbnail grid: a QListView in icon mode over the filter proxy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QSize, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from desktop_app.gui.grid.delegate import NAME_HEIGHT, PADDING, ThumbnailDelegate
from desktop_app.gui.grid.filter_model import ImageFilterProxy
from desktop_app.gui.grid.image_model import ImageListModel, ImageRow, Roles
from desktop_app.gui.grid.thumbnail_loader import ThumbnailLoader

MIN_THUMB, MAX_THUMB = 96, 384


class ThumbnailGrid(QListView):
    def __init__(
        self,
        model: ImageListModel,
        proxy: ImageFilterProxy,
        loader: ThumbnailLoader,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.source_model = model
        self.proxy = proxy
        self.proxy.setSourceModel(model)
        self.setModel(proxy)
        self.delegate = ThumbnailDelegate(loader, self)
        self.setItemDelegate(self.delegate)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        # One pass, not batches: with uniform sizes laying out 100,000 cells takes
        # 20-60 ms (measured while a folder loads), and in batched mode QListView
        # repaints only once its layout has finished, which a folder streaming in
        # restarts with every batch of rows: the window stayed empty until the last row.
        self.setLayoutMode(QListView.LayoutMode.SinglePass)
        self.setUniformItemSizes(True)
        self.setSpacing(4)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setObjectName("grid")
        self.loader = loader
        self._layout_epoch = 0  # counts changes that move cells without a scroll
        self._on_screen_key: tuple[int, ...] = ()
        for signal in (proxy.layoutChanged, proxy.modelReset, proxy.rowsRemoved):
            signal.connect(self._cells_moved)
        # Rows arrived that no paint has shown yet (read by the folder loader's thread,
        # which waits for the first screen before it sorts the rest of the folder).
        self.paint_pending = False
        loader.ready.connect(self._thumbnail_ready)
        loader.failed.connect(lambda path, _reason: self._thumbnail_ready(path))
        self.set_thumb_size(160)

    def set_thumb_size(self, size: int) -> None:
        size = max(MIN_THUMB, min(MAX_THUMB, size))
        self.delegate.set_thumb_size(size)
        side = size + 2 * PADDING
        self.setGridSize(QSize(side + 4, side + NAME_HEIGHT + 4))
        self.verticalScrollBar().setSingleStep(max(20, side // 4))
        self.scheduleDelayedItemsLayout()
        self.viewport().update()

    @property
    def thumb_size(self) -> int:
        return self.delegate.thumb_size

    def paintEvent(self, event: QPaintEvent) -> None:
        """Lay out the rows that arrived before painting them.

        Every batch of rows a folder sends clears QListView's layout and schedules a new
        one, and the repaint the batch causes comes first: while a 100,000-image folder
        streams in, the cells would be painted empty (and no thumbnail asked for) until
        the last row is in, 2.4 s on two cores. Laying out here costs what the pending
        layout would have cost anyway, only sooner; with nothing pending it is free."""
        self.executeDelayedItemsLayout()
        self._tell_loader_what_is_on_screen()  # before the cells painted ask for work
        super().paintEvent(event)
        self.paint_pending = False

    def _tell_loader_what_is_on_screen(self) -> None:
        """The loader drops work for cells scrolled past; it learns which are on screen
        (and a line of cells above and below, partly shown) after each move."""
        bar = self.verticalScrollBar()
        viewport = self.viewport().size()
        step = self.gridSize()
        key = (
            bar.value(),
            viewport.width(),
            viewport.height(),
            step.width(),
            step.height(),
            self.proxy.rowCount(),
            self._layout_epoch,
        )
        if key == self._on_screen_key:
            return
        if self._on_screen_key and key[0] != self._on_screen_key[0]:
            self.loader.scrolled()
        self._on_screen_key = key
        self.loader.set_on_screen(self._paths_on_screen(step))

    def _paths_on_screen(self, step: QSize) -> frozenset[Path] | None:
        """The cells the viewport shows, and a line more above and below; None when no
        cell centre lies in it (a viewport smaller than a cell): the loader then keeps
        every request rather than drop the ones it cannot place."""
        area = self.viewport().rect()
        rows: list[int] = []
        columns = 0
        for y in range(step.height() // 2, area.height(), step.height()):
            line = [
                index.row()
                for x in range(step.width() // 2, area.width(), step.width())
                if (index := self.indexAt(QPoint(x, y))).isValid()
            ]
            columns = max(columns, len(line))
            rows += line
        if not rows:
            return None
        first = max(0, min(rows) - columns)
        last = min(self.proxy.rowCount() - 1, max(rows) + columns)
        proxy, model = self.proxy, self.source_model
        return frozenset(
            model.row_at(proxy.mapToSource(proxy.index(row, 0)).row()).path
            for row in range(first, last + 1)
        )

    def _cells_moved(self, *_args: object) -> None:
        self._layout_epoch += 1

    def rowsInserted(
        self, parent: QModelIndex | QPersistentModelIndex, start: int, end: int
    ) -> None:
        super().rowsInserted(parent, start, end)
        self.paint_pending = True

    def _thumbnail_ready(self, path: Path) -> None:
        """Repaint the one cell whose thumbnail came (nothing when it is off screen):
        thumbnails arrive one by one while scrolling, and repainting the whole screen
        for each repainted twenty cells to change one."""
        index = self._index_of(path)
        if index is not None:
            self.update(index)

    def selected_rows(self) -> list[ImageRow]:
        rows = [index.data(Roles.ROW) for index in self.selectionModel().selectedIndexes()]
        return sorted(rows, key=lambda row: self.source_model.row_of(row.path) or 0)

    def current_row(self) -> ImageRow | None:
        index = self.currentIndex()
        return index.data(Roles.ROW) if index.isValid() else None

    def select_path(self, path: Path) -> None:
        index = self._index_of(path)
        if index is not None:
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def _index_of(self, path: Path) -> QModelIndex | None:
        """The cell showing ``path``, or None when it is not in the grid (or filtered
        out)."""
        position = self.source_model.row_of(path)
        if position is None:
            return None
        index = self.proxy.mapFromSource(self.source_model.index(position))
        return index if index.isValid() else None
