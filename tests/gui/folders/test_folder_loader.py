"""Opening a big folder: the loader thread is paced by the window, never floods it."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop_app.core.library import Library
from desktop_app.gui.folders.folder_loader import BATCH, FolderLoader
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
    assert deliveries == [BATCH, BATCH, BATCH, BATCH, 1]  # nothing lost, in order
    loader.cancel()
    loader.wait()
    library.close()


def test_a_cancelled_load_stops_while_it_waits_for_the_window(qapp, tmp_path: Path) -> None:
    empty_jpegs(tmp_path / "photos", 4 * BATCH)
    loader = FolderLoader(None)
    loader.load(tmp_path / "photos", recursive=False, readers=writer_set(["txt"]))
    time.sleep(0.5)  # the thread now waits for credits the window never gave back
    loader.cancel()
    started = time.monotonic()
    loader.wait(5)
    assert loader._thread is not None
    assert not loader._thread.is_alive()
    assert time.monotonic() - started < 1.0


def test_listing_gives_way_to_the_first_screen_for_a_while(qapp, tmp_path: Path) -> None:
    """While the window says thumbnails are being made, the rest of the folder waits,
    but for at most FIRST_SCREEN_GRACE_S in all: a folder is never held up for long."""
    from desktop_app.gui.folders.folder_loader import FIRST_SCREEN_GRACE_S

    empty_jpegs(tmp_path / "photos", 3 * BATCH)
    loader = FolderLoader(None)
    arrivals: list[float] = []
    loader.rows_found.connect(lambda _generation, _rows: arrivals.append(time.monotonic()))
    asked: list[float] = []

    def thumbnails_busy() -> bool:
        asked.append(time.monotonic())
        return True  # always busy: only the grace period lets the listing go on

    loader.load(
        tmp_path / "photos",
        recursive=False,
        readers=writer_set(["txt"]),
        give_way_while=thumbnails_busy,
    )
    deadline = time.monotonic() + 20
    while len(arrivals) < 3 and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    assert len(arrivals) == 3
    waited = arrivals[1] - arrivals[0]
    assert FIRST_SCREEN_GRACE_S * 0.9 <= waited < FIRST_SCREEN_GRACE_S + 5
    assert arrivals[2] - arrivals[1] < FIRST_SCREEN_GRACE_S  # the grace was used up
    assert len(asked) > 10
    loader.cancel()
    loader.wait()
