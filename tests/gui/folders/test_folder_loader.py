"""Opening a big folder: the loader thread is paced by the window, never floods it."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.core.library import Library
from desktop_app.gui.folders.folder_loader import BATCH, FIRST_BATCH, FolderLoader
from desktop_app.metadata.registry import writer_set


def empty_jpegs(folder: Path, count: int) -> None:
    """Names are all the listing reads (no decoding), so empty files will do."""
    folder.mkdir()
    for i in range(count):
        (folder / f"IMG_{i:05d}.jpg").touch()


def test_a_busy_window_gets_at_most_a_few_batches_at_once(qapp, tmp_path: Path) -> None:
    """While the GUI thread is busy (here: asleep for a second), the thread waits for it
    instead of queueing the whole folder; Qt would deliver every queued batch in one
    sweep, a freeze as long as the folder is big."""
    empty_jpegs(tmp_path / "photos", 4 * BATCH + 1)  # five batches
    library = Library(tmp_path / "library.sqlite")
    loader = FolderLoader(library)
    deliveries: list[int] = []
    loader.rows_found.connect(lambda _generation, rows: deliveries.append(len(rows)))
    loader.load(tmp_path / "photos", recursive=False, readers=writer_set(["txt"]))
    # The window is busy (nothing is delivered) until the thread has used its credits
    # and waits; without pacing it would have queued all five batches by then.
    deadline = time.monotonic() + 10
    while loader._credits._value and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)
    QApplication.sendPostedEvents()  # one sweep of what was queued
    assert 1 <= len(deliveries) <= 2  # BATCHES_IN_FLIGHT, not the whole folder at once
    deadline = time.monotonic() + 20
    while sum(deliveries) < 4 * BATCH + 1 and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    # The first screen's rows first, then the rest in full batches: nothing lost.
    assert deliveries == [FIRST_BATCH, BATCH, BATCH, BATCH, 4 * BATCH + 1 - FIRST_BATCH - 3 * BATCH]
    loader.cancel()
    loader.wait()
    library.close()


def wait_for_credits_spent(loader: FolderLoader) -> None:
    """Until the thread has sent what it may and waits for the window (polled; only
    fails if the thread never gets there)."""
    deadline = time.monotonic() + 20
    while loader._credits._value and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not loader._credits._value


def test_a_cancelled_load_stops_while_it_waits_for_the_window(qapp, tmp_path: Path) -> None:
    empty_jpegs(tmp_path / "photos", 4 * BATCH)
    loader = FolderLoader(None)
    loader.load(tmp_path / "photos", recursive=False, readers=writer_set(["txt"]))
    wait_for_credits_spent(loader)  # it waits for credits the window never gives back
    loader.cancel()
    loader.wait(10)
    assert loader._thread is not None
    assert not loader._thread.is_alive()


def run_until(condition, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)


def test_listing_gives_way_to_the_first_screen(qapp, tmp_path: Path) -> None:
    """While the window says thumbnails are being made, the rest of the folder waits:
    after the first screen's rows, nothing comes until the thumbnails are done."""
    empty_jpegs(tmp_path / "photos", 3 * BATCH)
    loader = FolderLoader(None)
    asked: list[int] = []
    sent: list[int] = []  # how often the window had been asked when each batch left
    loader._batch_ready.connect(
        lambda _generation, _update, _rows: sent.append(len(asked)),
        Qt.ConnectionType.DirectConnection,  # in the thread, as it sends
    )

    def thumbnails_busy() -> bool:
        asked.append(1)
        return len(asked) < 20  # busy for the first 19 looks

    loader.load(
        tmp_path / "photos",
        recursive=False,
        readers=writer_set(["txt"]),
        give_way_while=thumbnails_busy,
    )
    run_until(lambda: len(sent) >= 4)
    assert sent[0] == 0  # the first screen's rows went out at once
    assert sent[1] >= 20  # the next only once the window said it was done
    loader.cancel()
    loader.wait()


def test_a_folder_is_never_held_up_for_good(qapp, tmp_path: Path) -> None:
    """Thumbnails that never finish (a slow disk, a huge screen) cost the listing its
    grace period (FIRST_SCREEN_GRACE_S in all), not the rest of the folder."""
    empty_jpegs(tmp_path / "photos", 3 * BATCH)
    loader = FolderLoader(None)
    rows: list[int] = []
    loader.rows_found.connect(lambda _generation, found: rows.append(len(found)))
    asked: list[int] = []

    def always_busy() -> bool:
        asked.append(1)
        return True

    loader.load(
        tmp_path / "photos",
        recursive=False,
        readers=writer_set(["txt"]),
        give_way_while=always_busy,
    )
    run_until(lambda: sum(rows) == 3 * BATCH, seconds=60)
    assert sum(rows) == 3 * BATCH
    assert len(asked) > 1  # it did wait, and looked again while it waited
    loader.cancel()
    loader.wait()
