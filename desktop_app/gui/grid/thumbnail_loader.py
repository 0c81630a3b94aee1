"""Thumbnails off the GUI thread: a LIFO work queue, a thread pool and a memory LRU.

The delegate asks for a thumbnail while painting, so only visible cells ask. The newest
paint is served first (LIFO between bursts of requests): after a fast scroll the cells
now on screen load before the ones scrolled past, and requests nobody asked for again
are dropped once the queue is long. Within one paint (requests a few milliseconds
apart), cells load in the order they were painted, top left first, so the half-hidden
row at the bottom comes last. A path being decoded, or decoded and on its way to the
GUI thread, is not queued again. Decoded images come back to the GUI thread as QImages
through a signal and stay in a memory LRU bounded in bytes.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage

from desktop_app.core.thumbnails import Thumbnail, ThumbnailCache
from desktop_app.errors import CaptionerError, describe_exception
from desktop_app.gui.background import drain_pool

MAX_PENDING = 600  # older requests than this are forgotten (scrolled past)
BURST_S = 0.03  # requests this close to the newest one came from the same paint
MEMORY_BUDGET = 96 << 20  # bytes of decoded thumbnails kept: several screens at any size


def to_qimage(thumb: Thumbnail) -> QImage:
    image = QImage(
        thumb.rgb, thumb.width, thumb.height, thumb.width * 3, QImage.Format.Format_RGB888
    )
    return image.copy()  # detach from the Python buffer


class _Relay(QObject):
    """Carries results from pool threads to the GUI thread (queued by Qt)."""

    loaded = Signal(object, object, int)  # path, QImage, size
    failed = Signal(object, str, int)


class _Job(QRunnable):
    """Works through the loader's queue, newest first, until it is empty."""

    def __init__(self, loader: ThumbnailLoader) -> None:
        super().__init__()
        self._loader = loader
        self.setAutoDelete(True)

    def run(self) -> None:
        while (item := self._loader._take()) is not None:
            path, size = item
            self._decode(path, size)  # always answers: loaded or failed

    def _decode(self, path: Path, size: int) -> None:
        relay = self._loader._relay
        try:
            image = to_qimage(self._loader.cache.get(path, size))
        except CaptionerError as error:
            relay.failed.emit(path, error.user_message(), size)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the pool
            relay.failed.emit(path, describe_exception(exc), size)
        else:
            relay.loaded.emit(path, image, size)


class ThumbnailLoader(QObject):
    ready = Signal(object)  # path
    failed = Signal(object, str)  # path, reason

    def __init__(
        self, cache: ThumbnailCache, *, threads: int = 0, memory_bytes: int = MEMORY_BUDGET
    ) -> None:
        super().__init__()
        self.cache = cache
        self.size = 160
        self._memory: OrderedDict[Path, QImage] = OrderedDict()
        self._memory_budget = memory_bytes
        self._memory_used = 0
        self._broken: dict[Path, str] = {}
        self._pending: OrderedDict[Path, tuple[int, float]] = OrderedDict()  # size, when
        self._in_flight: set[Path] = set()
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
        image = self._memory.get(path)
        if image is not None:
            self._memory.move_to_end(path)
            return image
        if path not in self._broken:
            self._request(path)
        return None

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
        with self._lock:
            self._pending.clear()

    def forget(self, path: Path) -> None:
        """The file changed: drop what is known about it."""
        image = self._memory.pop(path, None)
        if image is not None:
            self._memory_used -= image.sizeInBytes()
        self._broken.pop(path, None)

    def clear(self) -> None:
        self._forget_memory()
        self._broken.clear()
        with self._lock:
            self._pending.clear()

    def wait_idle(self, msecs: int = 30000) -> bool:
        with self._lock:
            self._pending.clear()
        return drain_pool(self._pool, msecs)

    def _forget_memory(self) -> None:
        self._memory.clear()
        self._memory_used = 0

    # -- queue (any thread) ----------------------------------------------------------------
    def _request(self, path: Path) -> None:
        start_job = False
        with self._lock:
            if path in self._in_flight:
                return
            self._pending.pop(path, None)
            self._pending[path] = (self.size, time.monotonic())  # newest at the end
            while len(self._pending) > MAX_PENDING:
                self._pending.popitem(last=False)
            if self._active_jobs < self._pool.maxThreadCount():
                self._active_jobs += 1
                start_job = True
        if start_job:
            self._pool.start(_Job(self))

    def _take(self) -> tuple[Path, int] | None:
        with self._lock:
            if not self._pending:
                self._active_jobs -= 1
                return None
            path, size = self._oldest_of_newest_burst()
            self._in_flight.add(path)
            return path, size

    def _oldest_of_newest_burst(self) -> tuple[Path, int]:
        """Pop the first request of the latest paint (lock held, queue not empty)."""
        newest = next(reversed(self._pending.values()))[1]
        chosen = None
        for path in reversed(self._pending):
            if self._pending[path][1] < newest - BURST_S:
                break
            chosen = path
        assert chosen is not None
        size, _ = self._pending.pop(chosen)
        return chosen, size

    def _arrived(self, path: Path) -> None:
        """GUI thread: the result is here. Until now ``path`` counted as in flight, so a
        paint between the decode's end and this moment did not queue it again."""
        with self._lock:
            self._in_flight.discard(path)

    @property
    def busy(self) -> bool:
        """Thumbnails are waiting or being made (the folder loader gives way)."""
        with self._lock:
            return bool(self._pending or self._in_flight)

    # -- results (GUI thread) --------------------------------------------------------------
    def _on_loaded(self, path: Path, image: QImage, size: int) -> None:
        self._arrived(path)
        if size != self.size:
            return
        self.forget(path)
        self._memory[path] = image
        self._memory_used += image.sizeInBytes()
        while self._memory_used > self._memory_budget and len(self._memory) > 1:
            _, evicted = self._memory.popitem(last=False)
            self._memory_used -= evicted.sizeInBytes()
        self.ready.emit(path)

    def _on_failed(self, path: Path, reason: str, size: int) -> None:
        self._arrived(path)
        self._broken[path] = reason
        self.failed.emit(path, reason)
