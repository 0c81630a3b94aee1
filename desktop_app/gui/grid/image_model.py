"""The grid's model: one row per image, plain Python rows, batched inserts.

Rows are small mutable records owned by the GUI thread; workers never see them. Large
folders arrive in batches (one ``beginInsertRows`` each) so a 100,000-image folder
fills the view without freezing it.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from desktop_app.core.formats import ImageKind
from desktop_app.core.library import ImageState
from desktop_app.gui.texts import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex


class DisplayState(enum.Enum):
    """What a badge shows; derived from the index state and the caption found."""

    NO_CAPTION = "no caption"
    HAS_CAPTION = "has caption"
    QUEUED = "queued"
    CAPTIONING = "captioning"
    DONE = "done"
    FAILED = "failed"


STATE_NAMES = {
    DisplayState.NO_CAPTION: QT_TRANSLATE_NOOP("DisplayState", "no caption"),
    DisplayState.HAS_CAPTION: QT_TRANSLATE_NOOP("DisplayState", "has a caption"),
    DisplayState.QUEUED: QT_TRANSLATE_NOOP("DisplayState", "queued"),
    DisplayState.CAPTIONING: QT_TRANSLATE_NOOP("DisplayState", "captioning"),
    DisplayState.DONE: QT_TRANSLATE_NOOP("DisplayState", "captioned"),
    DisplayState.FAILED: QT_TRANSLATE_NOOP("DisplayState", "failed"),
}


def state_name(state: DisplayState) -> str:
    """What a cell's badge means, in words (its tooltip)."""
    return QCoreApplication.translate("DisplayState", STATE_NAMES[state])


def display_state(state: ImageState, has_caption: bool) -> DisplayState:
    if state is ImageState.NEW:
        return DisplayState.HAS_CAPTION if has_caption else DisplayState.NO_CAPTION
    return DisplayState(state.value)


@dataclass(slots=True)
class ImageRow:
    path: Path
    kind: ImageKind
    size: int
    mtime_ns: int
    state: DisplayState = DisplayState.NO_CAPTION
    caption: str = ""
    error: str = ""
    cost: float | None = None
    broken: str = ""  # why no thumbnail could be made (the tile says "broken image")
    source: str = ""  # who wrote the caption: generated, edited, imported ("" unknown)
    # Natural sort key, set only on rows shown before their folder was listed whole:
    # later rows are placed among them (``ImageListModel.place_rows``).
    sort_key: str = ""

    @property
    def name(self) -> str:
        return self.path.name


class Roles:
    PATH = Qt.ItemDataRole.UserRole + 1
    STATE = Qt.ItemDataRole.UserRole + 2
    CAPTION = Qt.ItemDataRole.UserRole + 3
    ERROR = Qt.ItemDataRole.UserRole + 4
    ROW = Qt.ItemDataRole.UserRole + 5


CAPTIONED = frozenset({DisplayState.HAS_CAPTION, DisplayState.DONE})
_LAST = chr(0x10FFFF)  # a row without a sort key (added by the watcher) stays last


class ImageListModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ImageRow] = []
        # Keyed by the path's string: hashing a str is several times cheaper than a Path,
        # which matters when 100,000 rows arrive at once.
        self._by_path: dict[str, int] = {}
        self._captioned = 0  # kept current on every change: the status bar reads it

    @property
    def captioned_count(self) -> int:
        return self._captioned

    # -- Qt model API ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row)
        if role == Roles.PATH:
            return row.path
        if role == Roles.STATE:
            return row.state
        if role == Roles.CAPTION:
            return row.caption
        if role == Roles.ERROR:
            return row.error
        if role == Roles.ROW:
            return row
        return None

    # -- changes (GUI thread only) ---------------------------------------------------
    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self._by_path.clear()
        self._captioned = 0
        self.endResetModel()

    def append_rows(self, rows: Sequence[ImageRow]) -> None:
        by_path = self._by_path
        fresh = [row for row in rows if str(row.path) not in by_path]
        if not fresh:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
        for offset, row in enumerate(fresh):
            by_path[str(row.path)] = start + offset
            self._rows.append(row)
            self._captioned += row.state in CAPTIONED
        self.endInsertRows()

    def place_rows(self, rows: Sequence[ImageRow]) -> None:
        """Add rows in natural order among those already here: at the end, unless they
        carry sort keys (a folder still being listed) and belong further up.

        Each run of new rows is one insertion, so the views keep the selection and
        the current row on the rows they were on."""
        if not rows:
            return
        existing = self._rows
        first = rows[0].sort_key
        if not first or not existing or existing[-1].sort_key <= first:
            self.append_rows(rows)
            return
        by_path = self._by_path
        fresh = [row for row in rows if str(row.path) not in by_path]
        keys = [row.sort_key or _LAST for row in existing]
        runs: list[tuple[int, list[ImageRow]]] = []
        for row in fresh:
            position = bisect.bisect_right(keys, row.sort_key)
            if runs and runs[-1][0] == position:
                runs[-1][1].append(row)
            else:
                runs.append((position, [row]))
        for position, run in reversed(runs):  # from the bottom: positions stay valid
            self.beginInsertRows(QModelIndex(), position, position + len(run) - 1)
            existing[position:position] = run
            self._captioned += sum(row.state in CAPTIONED for row in run)
            self.endInsertRows()
        self._by_path = {str(row.path): i for i, row in enumerate(existing)}

    def row_at(self, position: int) -> ImageRow:
        return self._rows[position]

    def remove_path(self, path: Path) -> None:
        position = self._by_path.get(str(path))
        if position is None:
            return
        self.beginRemoveRows(QModelIndex(), position, position)
        self._captioned -= self._rows[position].state in CAPTIONED
        del self._rows[position]
        self._by_path = {str(row.path): i for i, row in enumerate(self._rows)}
        self.endRemoveRows()

    def row_of(self, path: Path) -> int | None:
        return self._by_path.get(str(path))

    def row_data(self, path: Path) -> ImageRow | None:
        position = self._by_path.get(str(path))
        return self._rows[position] if position is not None else None

    def rows(self) -> list[ImageRow]:
        return list(self._rows)

    def update(self, path: Path, **changes: Any) -> None:
        position = self._by_path.get(str(path))
        if position is None:
            return
        self._apply(self._rows[position], changes)
        index = self.index(position)
        self.dataChanged.emit(index, index)

    def _apply(self, row: ImageRow, changes: dict[str, Any]) -> None:
        was_captioned = row.state in CAPTIONED
        for name, value in changes.items():
            setattr(row, name, value)
        self._captioned += (row.state in CAPTIONED) - was_captioned

    def update_many(self, updates: Iterable[tuple[Path | str, dict[str, Any]]]) -> None:
        """Apply many row changes, announcing each contiguous run of rows once.

        One dataChanged over a wide range would make views and proxies revisit every
        row in it; runs keep the work proportional to what changed.
        """
        positions: list[int] = []
        for path, changes in updates:
            position = self._by_path.get(str(path))
            if position is None:
                continue
            self._apply(self._rows[position], changes)
            positions.append(position)
        for first, last in contiguous_runs(sorted(positions)):
            self.dataChanged.emit(self.index(first), self.index(last))

    def refresh_path(self, path: Path) -> None:
        position = self._by_path.get(str(path))
        if position is not None:
            index = self.index(position)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


def contiguous_runs(positions: list[int]) -> list[tuple[int, int]]:
    """[1, 2, 3, 7, 8] -> [(1, 3), (7, 8)] (positions sorted, duplicates allowed)."""
    runs: list[tuple[int, int]] = []
    for position in positions:
        if runs and position <= runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], max(runs[-1][1], position))
        else:
            runs.append((position, position))
    return runs


def _tooltip(row: ImageRow) -> str:
    translate = QCoreApplication.translate
    lines = [str(row.path), state_name(row.state)]
    if row.caption:
        lines.append(row.caption[:300])
    if row.error:
        lines.append(translate("ImageListModel", "Error: {error}").format(error=row.error))
    if row.broken:
        lines.append(
            translate("ImageListModel", "Cannot show this image: {reason}").format(
                reason=row.broken
            )
        )
    return "\n".join(lines)
