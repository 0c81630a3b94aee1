"""The thumbnail grid: a QListView in icon mode over the filter proxy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
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
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(500)
        self.setUniformItemSizes(True)
        self.setSpacing(4)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setObjectName("grid")
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

    def _thumbnail_ready(self, _path: Path) -> None:
        # Cheap: one repaint of the visible area, whichever cell it was.
        self.viewport().update()

    def selected_rows(self) -> list[ImageRow]:
        rows = [index.data(Roles.ROW) for index in self.selectionModel().selectedIndexes()]
        return sorted(rows, key=lambda row: self.source_model.row_of(row.path) or 0)

    def current_row(self) -> ImageRow | None:
        index = self.currentIndex()
        return index.data(Roles.ROW) if index.isValid() else None

    def select_path(self, path: Path) -> None:
        position = self.source_model.row_of(path)
        if position is None:
            return
        index = self.proxy.mapFromSource(self.source_model.index(position))
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)
