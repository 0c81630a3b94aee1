"""Thumbnails off the GUI thread: a LIFO work queue, a thread pool and a memory LRU.

The delegate asks for a thumbnail while painting, so only visible cells ask. The newest
paint is served first (LIFO between bursts of requests): after a fast scroll the cells
now on screen load before the ones scrolled past, and requests nobody asked for again
are dropped once the queue is long. Within one paint (requests a few milliseconds
apart), cells load in the order they were painted, top left first, so the half-hidden
row at the bottom comes last. A path being decoded, or decoded and on its way to the
GUI thread, is not queued again. Decoded images come back to the GUI thread as QImages
through a signal and stay in a memory LRU bounded in bytes.

Each cell is served in two stages. The first look is quick: the disk cache, else the
photo's own embedded preview (``core.embedded_thumbnails``: a millisecond, where
decoding a 24-MP JPEG takes sixty), shown at once as a provisional image. The real
thumbnail is made after every first look waiting has been served, and replaces the
provisional image in place: the cell is repainted, nothing else moves. The real
stage keeps the same newest-paint-first order (painting a provisional cell renews its
place in the queue), so the cells on screen are refined first.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage

from desktop_app.core.embedded_thumbnails import embedded_thumbnail
from desktop_app.core.thumbnails import Thumbnail, ThumbnailCache
from desktop_app.errors import CaptionerError, describe_exception
from desktop_app.gui.background import drain_pool

MAX_PENDING = 600  # older requests than this are forgotten (scrolled past)
BURST_S = 0.03  # requests this close to the newest one came from the same paint
MEMORY_BUDGET = 96 << 20  # bytes of decoded thumbnails kept: several screens at any size
# Of which embedded previews, remade in a millisecond: the screens around the one shown.
# (Scrolling fast makes a preview for every cell passed; without a budget of their own
# they would fill the memory above with images nobody looks at again.)
PREVIEW_BUDGET = 16 << 20
# Real thumbnails start once the grid has been still this long: decoding 24-MP photos
# for cells the user scrolls past wastes the cores and, decoding in blocks that each
# come back for the GIL, takes it from the window. First looks are never held back.
SETTLE_S = 0.15


def to_qimage(thumb: Thumbnail) -> QImage:
    image = QImage(
        thumb.rgb, thumb.width, thumb.height, thumb.width * 3, QImage.Format.Format_RGB888
    )
    return image.copy()  # detach from the Python buffer


class _Relay(QObject):
    """Carries results from pool threads to the GUI thread (queued by Qt)."""

    loaded = Signal(object, object, int, bool)  # path, QImage, size, is the real one
    failed = Signal(object, str, int)


class _Job(QRunnable):
    """Works through the loader's queues, newest first, until they are empty."""

    def __init__(self, loader: ThumbnailLoader) -> None:
        super().__init__()
        self._loader = loader
        self.setAutoDelete(True)

    def run(self) -> None:
        while (item := self._loader._take()) is not None:
            path, size, real, epoch = item
            if real:
                self._decode(path, size)  # always answers: loaded or failed
            else:
                self._first_look(path, size, epoch)

    def _first_look(self, path: Path, size: int, epoch: int) -> None:
        """The cached thumbnail (final), else the embedded preview (provisional) and
        the real thumbnail queued; a file without either goes straight to the queue."""
        loader = self._loader
        cached = loader.cache.cached(path, size)
        if cached is not None:
            loader._relay.loaded.emit(path, to_qimage(cached), size, True)
            return
        preview = None
        if loader.embedded_previews:
            try:
                preview = embedded_thumbnail(path, size)
            except Exception:  # noqa: BLE001 - the real thumbnail's decode says what is wrong
                preview = None
        if loader._queue_real(path, size, epoch) and preview is not None:
            loader._relay.loaded.emit(path, to_qimage(preview), size, False)

    def _decode(self, path: Path, size: int) -> None:
        relay = self._loader._relay
        try:
            image = to_qimage(self._loader.cache.get(path, size))
        except CaptionerError as error:
            relay.failed.emit(path, error.user_message(), size)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the pool
            relay.failed.emit(path, describe_exception(exc), size)
        else:
            relay.loaded.emit(path, image, size, True)


class ThumbnailLoader(QObject):
    ready = Signal(object)  # path
    failed = Signal(object, str)  # path, reason

    def __init__(
        self,
        cache: ThumbnailCache,
        *,
        threads: int = 0,
        memory_bytes: int = MEMORY_BUDGET,
        embedded_previews: bool = True,
    ) -> None:
        super().__init__()
        self.cache = cache
        self.size = 160
        self.embedded_previews = embedded_previews
        self._memory: OrderedDict[Path, QImage] = OrderedDict()
        self._memory_budget = memory_bytes
        self._memory_used = 0
        # In memory from an embedded preview, least recently painted first: bytes.
        self._provisional: OrderedDict[Path, int] = OrderedDict()
        self._provisional_used = 0
        self._broken: dict[Path, str] = {}
        # Two queues (path -> size, when asked): first looks, then real thumbnails.
        self._pending: OrderedDict[Path, tuple[int, float]] = OrderedDict()
        self._real: OrderedDict[Path, tuple[int, float]] = OrderedDict()
        self._in_flight: set[Path] = set()
        self._epoch = 0  # counts clears: a first look from before one queues nothing
        # The cells on screen (a few more around), set by the grid after it scrolls; None
        # while not known, when every request is wanted. Work for a cell scrolled past is
        # dropped when its turn comes (painted again, it asks again): scrolling fast
        # through 100,000 photos otherwise queues a first look, or a decode, for every
        # cell passed, and the work for them takes the GIL from the window.
        self._on_screen: frozenset[Path] | None = None
        self._still_after = 0.0  # monotonic time from which real thumbnails may start
        self._lock = threading.Lock()
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(
            threads or max(2, QThreadPool.globalInstance().maxThreadCount())
        )
        self._active_jobs = 0
        self._relay = _Relay()
        self._relay.loaded.connect(self._on_loaded)
        self._relay.failed.connect(self._on_failed)

    # -- used by the delegate (GUI thread) -------------------------------------------
    def thumbnail(self, path: Path) -> QImage | None:
        """What to paint now: the real thumbnail, a provisional one, or None (asked for)."""
        image = self._memory.get(path)
        if image is not None:
            self._memory.move_to_end(path)
            if path in self._provisional:
                self._provisional.move_to_end(path)
                self._renew_real(path)  # painted now: refine it before cells scrolled past
            return image
        if path not in self._broken:
            self._request(path)
        return None

    def is_shown(self, path: Path) -> bool:
        """Whether the cell has an image to show (real or provisional); asks nothing."""
        return path in self._memory

    def is_real(self, path: Path) -> bool:
        """Whether the cell shows its real thumbnail (not an embedded preview)."""
        return path in self._memory and path not in self._provisional

    def broken_reason(self, path: Path) -> str | None:
        return self._broken.get(path)

    @property
    def memory_used(self) -> int:
        return self._memory_used

    def set_size(self, size: int) -> None:
        """A new grid size: cached images of the wrong size are dropped."""
        if size == self.size:
            return
        self.size = size
        self._forget_memory()
        self._drop_queues()

    def forget(self, path: Path) -> None:
        """The file changed: drop what is known about it."""
        image = self._memory.pop(path, None)
        if image is not None:
            self._memory_used -= image.sizeInBytes()
        self._provisional_used -= self._provisional.pop(path, 0)
        self._broken.pop(path, None)

    def clear(self) -> None:
        self._forget_memory()
        self._broken.clear()
        self._drop_queues()

    def wait_idle(self, msecs: int = 30000) -> bool:
        self._drop_queues()
        return drain_pool(self._pool, msecs)

    def _drop_queues(self) -> None:
        with self._lock:
            self._pending.clear()
            self._real.clear()
            self._epoch += 1
            self._on_screen = None  # until the grid says again: every request wanted

    def _forget_memory(self) -> None:
        self._memory.clear()
        self._provisional.clear()
        self._memory_used = self._provisional_used = 0

    # -- queue (any thread) ----------------------------------------------------------------
    def _request(self, path: Path) -> None:
        with self._lock:
            if path in self._in_flight:
                return
            queue = self._real if path in self._real else self._pending
            self._enqueue(queue, path, self.size)
            start_job = self._claim_job()
        if start_job:
            self._pool.start(_Job(self))

    def _renew_real(self, path: Path) -> None:
        """GUI thread: a provisional cell was painted; its real thumbnail moves up (or
        is asked for again, if it was dropped from the queue as scrolled past)."""
        with self._lock:
            if path in self._in_flight:
                return
            self._enqueue(self._real, path, self.size)
            start_job = self._claim_job()
        if start_job:
            self._pool.start(_Job(self))

    def _queue_real(self, path: Path, size: int, epoch: int) -> bool:
        """Pool thread, after a first look: the real thumbnail is still to make. The
        path leaves "in flight" here, where it joins the queue, so a paint never finds
        it in neither place and asks for a second first look. A look begun before the
        queues were dropped (another folder, another size) queues nothing and returns
        False: its preview is not wanted either."""
        with self._lock:
            self._in_flight.discard(path)
            if epoch != self._epoch:
                return False
            self._enqueue(self._real, path, size)
            return True

    def _enqueue(self, queue: OrderedDict[Path, tuple[int, float]], path: Path, size: int) -> None:
        """Lock held: ``path`` becomes the newest request of ``queue``."""
        queue.pop(path, None)
        queue[path] = (size, time.monotonic())  # newest at the end
        while len(queue) > MAX_PENDING:
            queue.popitem(last=False)

    def _claim_job(self) -> bool:
        """Lock held: whether a new job must start (fewer running than threads)."""
        if self._active_jobs < self._pool.maxThreadCount():
            self._active_jobs += 1
            return True
        return False

    def set_on_screen(self, paths: frozenset[Path] | None) -> None:
        """GUI thread: the cells the grid shows now (None: not known)."""
        self._on_screen = paths  # one reference, swapped whole: the pool threads read it

    def scrolled(self) -> None:
        """GUI thread: the grid moved; real thumbnails wait until it has been still
        for ``SETTLE_S`` (first looks do not)."""
        self._still_after = time.monotonic() + SETTLE_S

    def _take(self) -> tuple[Path, int, bool, int] | None:
        """The next piece of work: (path, size, whether it is the real thumbnail, the
        epoch). Every waiting first look goes before any real thumbnail, and real ones
        wait while the grid scrolls; requests for cells no longer on screen are
        dropped."""
        while True:
            with self._lock:
                taken = self._next_wanted()
                if taken is not None:
                    path, size, real = taken
                    self._in_flight.add(path)
                    return path, size, real, self._epoch
                if not self._real:
                    self._active_jobs -= 1
                    return None
                wait = self._still_after - time.monotonic()
            time.sleep(min(max(wait, 0.001), 0.05))

    def _next_wanted(self) -> tuple[Path, int, bool] | None:
        """Lock held: the next request still on screen, or None when what is left is
        real thumbnails while the grid moves (or nothing)."""
        on_screen = self._on_screen
        while self._pending or (self._real and time.monotonic() >= self._still_after):
            queue = self._pending or self._real
            path, size = _oldest_of_newest_burst(queue)
            if on_screen is None or path in on_screen:
                return path, size, queue is self._real
        return None

    def _arrived(self, path: Path) -> None:
        """GUI thread: the result is here. Until now ``path`` counted as in flight, so a
        paint between the decode's end and this moment did not queue it again."""
        with self._lock:
            self._in_flight.discard(path)

    @property
    def busy(self) -> bool:
        """Thumbnails are waiting or being made (the folder loader gives way)."""
        with self._lock:
            return bool(self._pending or self._real or self._in_flight)

    # -- results (GUI thread) --------------------------------------------------------------
    def _on_loaded(self, path: Path, image: QImage, size: int, real: bool) -> None:
        if real:
            self._arrived(path)
        if size != self.size or (not real and self.is_real(path)):
            return
        self.forget(path)  # the provisional image, if any: replaced in place
        self._memory[path] = image
        self._memory_used += image.sizeInBytes()
        if not real:
            self._provisional[path] = image.sizeInBytes()
            self._provisional_used += image.sizeInBytes()
            while self._provisional_used > PREVIEW_BUDGET and len(self._provisional) > 1:
                self.forget(next(iter(self._provisional)))
        while self._memory_used > self._memory_budget and len(self._memory) > 1:
            self.forget(next(iter(self._memory)))
        self.ready.emit(path)

    def _on_failed(self, path: Path, reason: str, size: int) -> None:
        self._arrived(path)
        self.forget(path)  # a provisional image must not hide that the file is broken
        self._broken[path] = reason
        self.failed.emit(path, reason)


def _oldest_of_newest_burst(queue: OrderedDict[Path, tuple[int, float]]) -> tuple[Path, int]:
    """Pop the first request of the latest paint (lock held, queue not empty)."""
    newest = next(reversed(queue.values()))[1]
    chosen = None
    for path in reversed(queue):
        if queue[path][1] < newest - BURST_S:
            break
        chosen = path
    assert chosen is not None
    size, _ = queue.pop(chosen)
    return chosen, size
