"""Opening a big folder: the loader thread is paced by the window, never floods it."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.core.library import Library
from desktop_app.gui.folders.folder_loader import BATCH, FIRST_BATCH, FolderLoader
from desktop_app.metadata.registry import writer_set

HANG_S = 60.0  # how long a wait goes on before it reports a hang (a busy CI machine)


def empty_jpegs(folder: Path, count: int) -> None:
    """Names are all the listing reads (no decoding), so empty files will do."""
    folder.mkdir()
    for i in range(count):
        (folder / f"IMG_{i:05d}.jpg").touch()


class HeldThenFree:
    """A ``give_way_while`` that holds the thread at its first question (asked once the
    window has shown the first screen, before the rest is sorted) until ``release()``,
    then never asks it to wait, and sets ``third_asked`` at the third question: the
    thread has queued the second and third batches and goes for the fourth."""

    def __init__(self) -> None:
        self.first_asked = threading.Event()
        self.third_asked = threading.Event()
        self._go = threading.Event()
        self._asked = 0

    def release(self) -> None:
        self._go.set()

    def __call__(self) -> bool:
        self._asked += 1
        if self._asked == 1:
            self.first_asked.set()
            self._go.wait(HANG_S)
        if self._asked == 3:
            self.third_asked.set()
        return False


def test_a_busy_window_gets_at_most_a_few_batches_at_once(qapp, tmp_path: Path) -> None:
    """While the GUI thread is busy (here: not running its event loop), the thread waits
    for it instead of queueing the whole folder; Qt would deliver every queued batch in
    one sweep, a freeze as long as the folder is big."""
    empty_jpegs(tmp_path / "photos", 4 * BATCH + 1)  # the first screen's, then four
    library = Library(tmp_path / "library.sqlite")
    loader = FolderLoader(library)
    deliveries: list[int] = []
    loader.rows_found.connect(lambda _generation, rows: deliveries.append(len(rows)))
    window = HeldThenFree()
    loader.load(
        tmp_path / "photos",
        recursive=False,
        readers=writer_set(["txt"]),
        give_way_while=window,
    )
    # The first screen alone, and the thread waits until the window has shown it.
    deadline = time.monotonic() + HANG_S
    while not window.first_asked.is_set() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    assert window.first_asked.is_set()
    assert deliveries == [FIRST_BATCH]
    window.release()
    # Two batches are queued and the thread goes for the fourth, which needs a credit
    # the busy window has not given back: one sweep delivers exactly two.
    assert window.third_asked.wait(HANG_S)
    QApplication.sendPostedEvents()  # one sweep of what was queued
    # BATCHES_IN_FLIGHT, not the whole folder at once
    assert deliveries == [FIRST_BATCH, BATCH, BATCH]
    deadline = time.monotonic() + HANG_S
    while sum(deliveries) < 4 * BATCH + 1 and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    # Nothing lost, in order: the first screen's rows, then full batches.
    assert deliveries == [FIRST_BATCH, BATCH, BATCH, BATCH, BATCH + 1 - FIRST_BATCH]
    loader.cancel()
    loader.wait()
    library.close()


def test_a_cancelled_load_stops_while_it_waits_for_the_window(qapp, tmp_path: Path) -> None:
    """The thread is cancelled while it waits for a window that never shows the first
    screen (its event loop does not run): it ends (how fast is a figure of
    tests/benchmarks/bench_stop.py)."""
    empty_jpegs(tmp_path / "photos", 4 * BATCH)
    loader = FolderLoader(None)
    sent = threading.Event()
    loader._batch_ready.connect(lambda *_batch: sent.set(), Qt.ConnectionType.DirectConnection)
    loader.load(tmp_path / "photos", recursive=False, readers=writer_set(["txt"]))
    assert sent.wait(HANG_S)  # from here the thread waits for the window
    loader.cancel()
    loader.wait(HANG_S)  # only a thread that misses the cancel runs into this
    assert loader._thread is not None
    assert not loader._thread.is_alive()


def test_listing_gives_way_to_the_first_screen_for_a_while(qapp, tmp_path: Path) -> None:
    """While the window says thumbnails are being made, the rest of the folder waits,
    but for FIRST_SCREEN_GRACE_S in all: the grace is spent once (before the second
    batch), then the listing goes on without asking, so a folder is never held up."""
    empty_jpegs(tmp_path / "photos", 3 * BATCH)
    loader = FolderLoader(None)
    arrivals: list[int] = []
    loader.rows_found.connect(lambda _generation, rows: arrivals.append(len(rows)))
    steps: list[str] = []  # in the thread's order: a batch sent, the window asked
    loader._batch_ready.connect(
        lambda *_batch: steps.append("sent"), Qt.ConnectionType.DirectConnection
    )

    def thumbnails_busy() -> bool:
        steps.append("asked")
        return True  # always busy: only the grace period lets the listing go on

    loader.load(
        tmp_path / "photos",
        recursive=False,
        readers=writer_set(["txt"]),
        give_way_while=thumbnails_busy,
    )
    deadline = time.monotonic() + HANG_S
    while sum(arrivals) < 3 * BATCH and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    assert arrivals == [FIRST_BATCH, BATCH, BATCH, BATCH - FIRST_BATCH]
    asked = steps.count("asked")
    assert asked >= 1
    assert steps == ["sent", *["asked"] * asked, "sent", "sent", "sent"]
    loader.cancel()
    loader.wait()
