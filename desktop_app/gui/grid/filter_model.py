"""Search by name or caption text, and filter by state, without touching the rows."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from desktop_app.gui.grid.image_model import DisplayState, ImageListModel, ImageRow, Roles


class ImageFilterProxy(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self._needle = ""
        self._states: frozenset[DisplayState] = frozenset()
        self._sources: frozenset[str] = frozenset()  # who wrote the caption (ImageRow.source)
        # Re-filtering on every change only matters while a filter is on; off, it would
        # revisit thousands of rows for each batch of captions arriving.
        self.setDynamicSortFilter(False)

    def set_text(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle != self._needle:
            self.beginFilterChange()
            self._needle = needle
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
            self.setDynamicSortFilter(self.active)

    def set_states(self, states: frozenset[DisplayState]) -> None:
        """Show only these states; an empty set shows all."""
        if states != self._states:
            self.beginFilterChange()
            self._states = states
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
            self.setDynamicSortFilter(self.active)

    def set_sources(self, sources: frozenset[str]) -> None:
        """Show only captions with these sources ("generated", "edited", "imported");
        an empty set shows all."""
        if sources != self._sources:
            self.beginFilterChange()
            self._sources = sources
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
            self.setDynamicSortFilter(self.active)

    @property
    def active(self) -> bool:
        return bool(self._needle or self._states or self._sources)

    def filterAcceptsRow(  # Qt API
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        # Called for every row on each insert and change: with 100,000 rows it must not
        # build a QModelIndex (slow from Python), and does nothing when nothing filters.
        if not self._needle and not self._states and not self._sources:
            return True
        model = self.sourceModel()
        row: ImageRow
        if isinstance(model, ImageListModel):
            row = model.row_at(source_row)
        else:
            row = model.data(model.index(source_row, 0, source_parent), Roles.ROW)
        if self._states and row.state not in self._states:
            return False
        if self._sources and row.source not in self._sources:
            return False
        if not self._needle:
            return True
        return self._needle in row.name.casefold() or self._needle in row.caption.casefold()
