"""Opening a folder without freezing the window.

A worker thread lists the folder (``core.listing``: names in chunks, handled in bulk),
sorts naturally and sends rows to the GUI thread in batches, the first screen first;
then it adds what the library index knows (state, caption, last error) in one query;
then, for images the index has never seen, it reads the captions files already hold
(sidecars, embedded), a batch at a time.

The folder streams: where reading the names takes longer than ``STREAM_AFTER_S`` (a
network share, a slow disk, a huge folder), the first rows in natural order among
those read so far are shown, and again every ``STREAM_EVERY_S``, each row carrying its
sort key; rows found later are placed among them (``ImageListModel.place_rows``), so
the order is right when the listing ends and the rows the user selected stay selected.
A folder read in less time than that (a local one: 100,000 names in about 0.15 s) is
sent in its final order from the first row, with nothing moving after.

Batches are paced by the GUI: at most ``BATCHES_IN_FLIGHT`` wait in its event queue.
Without that, the thread produces 50 batches of a 100,000-image folder faster than the
window applies them, and Qt delivers every queued batch in one sweep: a freeze of
seconds. With it, each sweep holds a batch or two (tens of milliseconds).
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal

from desktop_app.core.library import CaptionSource, ImageState, Library, NewCaption
from desktop_app.core.listing import CHUNK, FolderListing, listed_chunks, stat_path
from desktop_app.core.scan import ImageFile
from desktop_app.gui.grid.image_model import DisplayState, ImageRow, display_state
from desktop_app.metadata.registry import WriterSet

BATCH = 2000
FIRST_BATCH = 1000  # rows sent before the rest is sorted: more than a screen at any size
UPDATE_BATCH = 500  # an update costs the window more per row than an insert
CAPTION_BATCH = 200
T = TypeVar("T")
BATCHES_IN_FLIGHT = 2
# While the first screen's thumbnails are being made, listing the rest of the folder
# waits (up to this long in all): on a two-core laptop the listing thread otherwise
# takes a core and the GIL from the decoders, and the first screen takes twice as long.
FIRST_SCREEN_GRACE_S = 1.0
STREAM_AFTER_S = 0.5  # a listing still going after this shows the rows found so far
STREAM_EVERY_S = 0.5  # and again this often
STREAM_BATCH = 500  # rows handed out early each time: a few screens


_CREDIT_EVENT = QEvent.Type(QEvent.registerEventType())
_FILE_SOURCES = {"generated": CaptionSource.GENERATED, "edited": CaptionSource.EDITED}


def _frozen_as_they_come(items: Iterable[T], every: int = 5000) -> Iterator[T]:
    """``items``, with what was made so far moved out of the garbage collector's reach
    every ``every`` items (see ``FolderLoader._deliver``): building 100,000 objects in a
    row otherwise sets off full collections that each hold the GIL longer than the
    last."""
    for count, item in enumerate(items, 1):
        yield item
        if count % every == 0:
            gc.freeze()


def _drop_gradually(items: list[Any], step: int = 2000) -> None:
    """Empty a big list a slice at a time: freeing 100,000 objects at once is one long
    C call that holds the GIL (and so the window) for a tenth of a second."""
    while items:
        del items[-step:]


def _give_way(busy: Callable[[], bool], grace: float, cancel: threading.Event) -> float:
    """Wait while ``busy()`` and grace is left; returns the grace left."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and busy() and not cancel.is_set():
        time.sleep(0.01)
    return max(0.0, deadline - time.monotonic())


@dataclass(frozen=True)
class _LoadRequest:
    """What one loading thread works from (a snapshot: the window may change after)."""

    generation: int
    folder: Path
    recursive: bool
    readers: WriterSet
    cancel: threading.Event
    give_way_while: Callable[[], bool] | None


class LoaderGone(Exception):
    """The window closed while a folder was loading: stop quietly."""


class FolderLoader(QObject):
    rows_found = Signal(int, list)  # generation, [ImageRow]
    rows_updated = Signal(int, list)  # generation, [(path or its text, changes)]
    listing_done = Signal(int, int)  # generation, image count
    finished = Signal(int)
    # From the thread to this object (GUI thread), which re-emits the public signals
    # above and then gives the thread its credit back.
    _batch_ready = Signal(int, bool, list)  # generation, is an update, payload

    def __init__(self, library: Library | None) -> None:
        super().__init__()
        self._library = library
        self.generation = 0
        self._cancel = threading.Event()
        self._credits = threading.Semaphore(BATCHES_IN_FLIGHT)
        self._thread: threading.Thread | None = None
        self._batch_ready.connect(self._deliver)
        self.stream_after_s = STREAM_AFTER_S
        self.chunk = CHUNK  # directory entries read between looks at the clock

    def load(
        self,
        folder: Path,
        *,
        recursive: bool,
        readers: WriterSet,
        give_way_while: Callable[[], bool] | None = None,
    ) -> int:
        """Start loading ``folder``; returns the generation its signals carry.

        ``give_way_while`` (called from the thread) says when more urgent work is under
        way, such as thumbnails for the cells on screen; listing pauses for it, up to
        ``FIRST_SCREEN_GRACE_S`` in all."""
        self.cancel()
        self.generation += 1
        self._cancel = threading.Event()
        self._credits = threading.Semaphore(BATCHES_IN_FLIGHT)
        request = _LoadRequest(
            self.generation, folder, recursive, readers, self._cancel, give_way_while
        )
        self._thread = threading.Thread(
            target=self._run,
            args=(request,),
            name="fc-folder-loader",
            daemon=True,
        )
        self._thread.start()
        return self.generation

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout: float = 10.0) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _emit(self, signal: Any, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError as exc:  # the QObject was deleted with its window
            raise LoaderGone from exc

    def _deliver(self, generation: int, is_update: bool, payload: list[Any]) -> None:
        """GUI thread: hand a batch to the window, then let the thread send another."""
        try:
            (self.rows_updated if is_update else self.rows_found).emit(generation, payload)
        finally:
            if generation == self.generation:
                # The rows now live as long as the folder is open: keep them (and what the
                # thread made so far) out of the garbage collector's full passes, which
                # otherwise grow with the folder and, run from the thread, stall the
                # window for a quarter of a second at a time. The window unfreezes when
                # the next folder opens.
                gc.freeze()
                self._release_credit_when_idle()

    def _release_credit_when_idle(self) -> None:
        """Give the thread its credit back once the window has worked through what was
        already waiting in its event queue.

        Released at once, the credit let the thread queue the next batch while the
        window was still busy, and Qt delivered two batches in one pass (gaps of 80 ms
        in the event loop while a 100,000-image folder loads). Posted at low priority,
        the release waits behind the window's other events: one batch per pass, about
        40 ms. (What keeps the first screen painted is the grid's own layout before
        paint, and the thread waiting for ``paint_pending`` to clear.)"""
        QCoreApplication.postEvent(
            self, QEvent(_CREDIT_EVENT), Qt.EventPriority.LowEventPriority.value
        )

    def customEvent(self, event: QEvent) -> None:
        if event.type() == _CREDIT_EVENT:
            self._credits.release()
        else:
            super().customEvent(event)

    def _send(
        self, generation: int, is_update: bool, payload: list[Any], cancel: threading.Event
    ) -> None:
        """Thread: wait for a credit (the GUI has room), then queue the batch."""
        credits = self._credits
        while not credits.acquire(timeout=0.05):
            if cancel.is_set():
                raise LoaderGone
        self._emit(self._batch_ready, generation, is_update, payload)

    @staticmethod
    def _give_way(request: _LoadRequest, grace: float) -> float:
        """Thread: pause while the first screen's thumbnails are made (the listing's
        Python work would take the GIL from them), up to ``grace`` seconds in all."""
        if request.give_way_while is None:
            return grace
        return _give_way(request.give_way_while, grace, request.cancel)

    def _wait_until_shown(self, cancel: threading.Event) -> None:
        """Thread: wait until the window has inserted every batch sent (every credit is
        back; that the rows are painted too is ``give_way_while``'s to say).

        The first screen's rows go in first; sorting the rest meanwhile would take the
        GIL from the window's thousand calls into Python for them, and the first screen
        came up to 160 ms later."""
        credits = self._credits
        taken = 0
        try:
            while taken < BATCHES_IN_FLIGHT:
                if credits.acquire(timeout=0.05):
                    taken += 1
                elif cancel.is_set():
                    raise LoaderGone
        finally:
            for _ in range(taken):
                credits.release()

    def _run(self, request: _LoadRequest) -> None:
        with contextlib.suppress(LoaderGone):
            self._load(request)

    def _load(self, request: _LoadRequest) -> None:
        generation, folder, recursive = request.generation, request.folder, request.recursive
        cancel = request.cancel
        found: dict[int, ImageFile] = {}  # by position in the listing
        listing = self._list(request, found)
        if listing is None:
            return
        first: list[int] = []
        if not listing.handed_out_early:  # the first screen, before the rest is sorted
            first = listing.first_in_order(FIRST_BATCH)
            self._send_rows(request, listing, first, found)
            self._wait_until_shown(cancel)
        grace = self._give_way(request, FIRST_SCREEN_GRACE_S)
        order = listing.natural_order()
        rest = listing.not_handed_out(order)[len(first) :]
        for start in range(0, len(rest), BATCH):
            if cancel.is_set():
                return
            if start:
                grace = self._give_way(request, grace)
            self._send_rows(request, listing, rest[start : start + BATCH], found)
            time.sleep(0)  # let the thumbnail workers and the window have the GIL
        images = [found[position] for position in order if position in found]
        found.clear()
        _drop_gradually(order)
        _drop_gradually(rest)
        _drop_gradually(listing.paths)
        self._emit(self.listing_done, generation, len(images))
        positions = {str(image.path): position for position, image in enumerate(images)}
        known = self._from_index(generation, folder, recursive, cancel, positions)
        unknown = [image for image in images if str(image.path) not in known]
        _drop_gradually(images)
        self._read_existing(generation, unknown, request.readers, cancel)
        if not cancel.is_set():
            self._emit(self.finished, generation)

    def _list(self, request: _LoadRequest, found: dict[int, ImageFile]) -> FolderListing | None:
        """Read the folder's names (None if cancelled). A listing that takes a while
        hands out the first rows read so far on the way (see the module's docstring)."""
        listing = FolderListing()
        show_at = time.monotonic() + self.stream_after_s
        chunks = listed_chunks(request.folder, recursive=request.recursive, chunk=self.chunk)
        for chunk in chunks:
            if request.cancel.is_set():
                return None
            listing.add(chunk)
            if time.monotonic() >= show_at:
                early = listing.first_not_handed_out(STREAM_BATCH)
                self._send_rows(request, listing, early, found)
                show_at = time.monotonic() + STREAM_EVERY_S
        return listing

    def _send_rows(
        self,
        request: _LoadRequest,
        listing: FolderListing,
        positions: list[int],
        found: dict[int, ImageFile],
    ) -> None:
        """Stat the paths at ``positions`` and send their rows (with their sort keys
        when rows went out before the listing ended)."""
        keyed = listing.handed_out_early
        rows = []
        for position in positions:
            image = stat_path(listing.paths[position])
            if image is None:
                continue
            found[position] = image
            row = ImageRow(image.path, image.kind, image.size, image.mtime_ns)
            if keyed:
                row.sort_key = listing.key(position)
            rows.append(row)
        self._send(request.generation, False, rows, request.cancel)

    def _from_index(
        self,
        generation: int,
        folder: Path,
        recursive: bool,
        cancel: threading.Event,
        order: dict[str, int],
    ) -> set[str]:
        """Rows updated from the index; returns the paths (as text) it knew."""
        if self._library is None:
            return set()
        overview = _frozen_as_they_come(
            self._library.iter_folder_overview(folder, recursive=recursive)
        )
        updates: list[tuple[str, dict[str, Any]]] = []
        known: set[str] = set()
        for item in overview:
            if cancel.is_set():
                return known  # another folder is open now: stop taking the GIL from it
            if item.caption is None and item.state is ImageState.NEW:
                continue  # seen, but nothing known: read the files
            known.add(item.location)
            state = item.state
            if state in (ImageState.QUEUED, ImageState.CAPTIONING):
                state = ImageState.NEW  # no run in this window yet
            changes: dict[str, Any] = {
                "state": display_state(state, bool(item.caption)),
                "caption": item.caption or "",
                "error": item.error or "",
                "cost": item.cost,
                "source": item.caption_source.value if item.caption_source else "",
            }
            updates.append((item.location, changes))
        # In the grid's order, so each batch touches a few contiguous runs of rows.
        updates.sort(key=lambda update: order.get(update[0], -1))
        for start in range(0, len(updates), UPDATE_BATCH):
            if cancel.is_set():
                break
            self._send(generation, True, updates[start : start + UPDATE_BATCH], cancel)
        _drop_gradually(updates)
        return known

    def _read_existing(
        self,
        generation: int,
        images: list[ImageFile],
        readers: WriterSet,
        cancel: threading.Event,
    ) -> None:
        """Captions the files already hold, shown and remembered (so the next opening of
        this folder is answered by one index query)."""
        ids = self._remember(images)
        batch: list[tuple[Path, dict[str, Any]]] = []
        found_captions: list[tuple[int, NewCaption]] = []
        for image in images:
            if cancel.is_set():
                return
            found = readers.existing(image.path)
            if found:
                first = found[0]
                # The files' provenance says who wrote it (a caption from another computer
                # or an earlier index); without one it is simply found in the files.
                source = _FILE_SOURCES.get(first.provenance, CaptionSource.IMPORTED)
                changes = {
                    "state": DisplayState.HAS_CAPTION,
                    "caption": first.text,
                    "source": source.value,
                }
                batch.append((image.path, changes))
                if image.path in ids:
                    caption = NewCaption(
                        first.text,
                        source,
                        first.keywords,
                        written_to=(first.source,),
                    )
                    found_captions.append((ids[image.path], caption))
            if len(batch) >= CAPTION_BATCH:
                self._flush(generation, batch, found_captions, cancel)
                batch, found_captions = [], []
        self._flush(generation, batch, found_captions, cancel)

    def _remember(self, images: list[ImageFile]) -> dict[Path, int]:
        if self._library is None or not images:
            return {}
        return self._library.upsert_many((i.path, i.size, i.mtime_ns, i.kind.value) for i in images)

    def _flush(
        self,
        generation: int,
        batch: list[tuple[Path, dict[str, Any]]],
        captions: list[tuple[int, NewCaption]],
        cancel: threading.Event,
    ) -> None:
        if batch:
            self._send(generation, True, batch, cancel)
        if captions and self._library is not None:
            self._library.import_captions(captions)
