"""The folder streams: rows are shown while it is still being listed, in natural
order among those read; the order is right when the listing ends, and the row the
user picked meanwhile stays picked."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel

from desktop_app.core.listing import listed_chunks
from desktop_app.core.scan import natural_key
from desktop_app.gui.grid.image_model import Roles
from desktop_app.gui.main_window import MainWindow


def shuffled_folder(folder: Path, count: int) -> list[Path]:
    """IMG_1 ... IMG_<count> created in random order (directories list in hash or
    creation order: either way not in natural order). Names are all the listing
    reads, so empty files will do."""
    folder.mkdir()
    paths = [folder / f"IMG_{n}.jpg" for n in range(1, count + 1)]
    for path in random.Random(13).sample(paths, count):
        path.touch()
    return sorted(paths, key=natural_key)


def hold_listing_after(chunks: int, monkeypatch) -> threading.Event:
    """The real listing, paused after ``chunks`` chunks until the event is set: the
    test sees the window while the folder is still being listed."""
    go_on = threading.Event()

    def held(*args, **kwargs) -> Iterator[list[str]]:
        for number, chunk in enumerate(listed_chunks(*args, **kwargs)):
            if number == chunks:
                go_on.wait(60)
            yield chunk

    monkeypatch.setattr("desktop_app.gui.folders.folder_loader.listed_chunks", held)
    return go_on


def test_rows_stream_in_order_and_the_users_pick_stays(
    qtbot, window: MainWindow, tmp_path, monkeypatch
) -> None:
    expected = shuffled_folder(tmp_path / "photos", 300)
    go_on = hold_listing_after(2, monkeypatch)
    window.folders.loader.stream_after_s = 0  # a slow listing, as on a network share
    window.folders.loader.chunk = 40
    listed: list[int] = []
    window.folders.loader.listing_done.connect(lambda _generation, count: listed.append(count))
    window.folders.open(tmp_path / "photos")

    qtbot.waitUntil(lambda: window.grid.model.rowCount() > 0, timeout=10_000)
    early = [row.path for row in window.grid.model.rows()]
    assert early == sorted(early, key=natural_key)  # the first of those read, in order
    assert len(early) < 300
    assert not listed  # still listing
    picked = window.grid.proxy.index(len(early) // 2, 0)
    window.grid.view.selectionModel().select(
        picked, QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    window.grid.view.setCurrentIndex(picked)
    picked_path = picked.data(Roles.PATH)
    picked_row = picked.row()

    go_on.set()
    qtbot.waitUntil(lambda: listed == [300], timeout=20_000)
    assert [row.path for row in window.grid.model.rows()] == expected
    selected = window.grid.view.selectionModel().selectedIndexes()
    assert [index.data(Roles.PATH) for index in selected] == [picked_path]
    assert window.grid.view.currentIndex().data(Roles.PATH) == picked_path
    assert window.grid.view.currentIndex().row() > picked_row  # rows found later went above it


def test_a_quickly_listed_folder_arrives_in_its_final_order(
    qtbot, window: MainWindow, tmp_path
) -> None:
    """Nothing moves: the first batch already holds the folder's first rows."""
    expected = shuffled_folder(tmp_path / "photos", 300)
    batches: list[list[Path]] = []
    window.folders.loader.rows_found.connect(
        lambda _generation, rows: batches.append([row.path for row in rows])
    )
    listed: list[int] = []
    window.folders.loader.listing_done.connect(lambda _generation, count: listed.append(count))
    window.folders.loader.stream_after_s = 60  # a local folder: read whole long before
    window.folders.loader.chunk = 40
    window.folders.open(tmp_path / "photos")
    qtbot.waitUntil(lambda: listed == [300], timeout=20_000)
    assert [path for batch in batches for path in batch] == expected
    assert window.grid.view.currentIndex().data(Roles.PATH) == expected[0]  # selected once listed
