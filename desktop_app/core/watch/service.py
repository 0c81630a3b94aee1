"""The folder watcher: new images captioned automatically, on a queue that survives anything.

One :class:`WatchService` runs on its own thread with its own asyncio loop, so any
front end drives it the same way: the CLI's ``watch`` command from its main thread,
the GUI from Qt's. Every public method is thread-safe; events reach one callback,
one at a time (the GUI re-emits them as Qt signals).

Inside, three kinds of work never block each other:
- watchdog's threads turn file-system events into notices (:mod:`.observers`);
- one intake thread applies notices, settles files, scans and checks the watched
  folders (:mod:`.intake`, :mod:`.settle`, :mod:`.roots`);
- the consumer (:mod:`.consumer`) runs the caption pipeline on due jobs from the
  persistent queue (:mod:`desktop_app.core.jobqueue`).

Start-up resets jobs a crash left 'captioning', gives images that ran out of retries
on a transient error a fresh start, removes stray temp files and scans every folder
for what arrived while the app was closed; a light scan repeats as a safety net.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from desktop_app.backends.base import Captioner
from desktop_app.core.jobqueue import USER_PRIORITY
from desktop_app.core.library import Library
from desktop_app.core.pipeline import RunOptions
from desktop_app.core.watch.config import RetrySchedule, WatchConfig, WatchStatus
from desktop_app.core.watch.consumer import QueueConsumer, wait_for_event
from desktop_app.core.watch.events import (
    FolderUnavailable,
    FolderWatched,
    JobDropped,
    QueuePaused,
    QueueResumed,
    WatchEvent,
    WatchStarted,
    WatchStopped,
    WatchStopping,
)
from desktop_app.core.watch.intake import Intake
from desktop_app.core.watch.lock import WatchLock
from desktop_app.core.watch.observers import Deleted, FolderGone, Notice
from desktop_app.core.watch.roots import Roots
from desktop_app.core.watch.settle import Settler
from desktop_app.metadata.atomic import remove_stray_temp_files
from desktop_app.metadata.registry import WriterSet

__all__ = ["RetrySchedule", "WatchConfig", "WatchService", "WatchStatus"]

log = logging.getLogger(__name__)
T = TypeVar("T")
EventCallback = Callable[[WatchEvent], None]


class WatchService:
    """Watches folders and captions what lands in them. Owns the captioner (closes it)."""

    def __init__(
        self,
        config: WatchConfig,
        captioner: Captioner,
        writers: WriterSet,
        options: RunOptions,
        library: Library,
        *,
        on_event: EventCallback | None = None,
    ) -> None:
        self.config = config
        self._captioner = captioner
        self._library = library
        self._callback = on_event or (lambda event: None)
        self._emit_lock = threading.Lock()
        self._in_callback = threading.local()
        self._lock = WatchLock(library.path)
        self._roots = Roots(
            config.roots,
            mode=config.mode,
            poll_interval_s=config.poll_interval_s,
            sink=self._notice,
        )
        self._consumer = QueueConsumer(
            config,
            captioner,
            writers,
            dataclasses.replace(options, from_queue=True),
            library,
            roots=self._roots,
            emit=self._emit,
            on_missing=lambda path: self._notice(Deleted(path)),
        )
        self._jobs = self._consumer.jobs
        self._intake = Intake(
            self._jobs,
            Settler(config.settle_s, give_up_s=config.incomplete_timeout_s),
            self._roots,
            self._emit,
            self._consumer.in_hand,
        )
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()
        self._failure: BaseException | None = None

    # -- public, thread-safe ---------------------------------------------------------------
    def start(self, timeout: float = 60.0) -> None:
        """Start watching (returns once the folders are watched; scanning goes on).
        Raises ``AlreadyWatching`` when another watcher uses the same library."""
        if self._thread is not None:
            raise RuntimeError("the watch service is already started")
        self._lock.acquire()
        self._thread = threading.Thread(target=self._thread_main, name="fc-watch", daemon=True)
        self._thread.start()
        if not self._started.wait(timeout) or self._failure is not None:
            self._thread.join(timeout=5)
            self._lock.release()
            raise self._failure or RuntimeError("the watch service did not start in time")

    def stop(self, timeout: float | None = None) -> None:
        """Stop: requests in flight finish (up to the grace time), the rest stays queued."""
        loop, thread = self._loop, self._thread
        if loop is not None and thread is not None and thread.is_alive():
            loop.call_soon_threadsafe(self._stop_requested.set)
            thread.join(timeout)
        self._lock.release()

    def pause(self) -> None:
        """No new request leaves; requests in flight finish. Watching goes on."""
        self._call(self._pause())

    def resume(self) -> None:
        self._call(self._resume())

    def enqueue(self, paths: Iterable[Path], priority: int = USER_PRIORITY) -> int:
        """Queue these images now, before the backlog; returns how many were queued."""
        return self._call(self._enqueue(list(paths), priority))

    def cancel(self, paths: Iterable[Path] | None = None) -> int:
        """Take jobs out of the queue (all when ``paths`` is None); requests already with
        the model finish. Returns how many jobs were cancelled."""
        return self._call(self._cancel(None if paths is None else list(paths)))

    def status(self) -> WatchStatus:
        available = self._roots.available()
        return WatchStatus(
            running=self._thread is not None and self._thread.is_alive(),
            paused=self._consumer.paused,
            watched=available,
            unavailable=tuple(p for p in self._roots.paths if p not in available),
            settling=len(self._intake.settler),
            counts=self._consumer.counts(),
        )

    def wait_idle(self, timeout: float, *, quiet_s: float = 0.3) -> bool:
        """Wait until nothing is settling, queued and due, or in hand for ``quiet_s``."""
        deadline = time.monotonic() + timeout
        quiet_since: float | None = None
        while time.monotonic() < deadline:
            if self._is_idle():
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since >= quiet_s:
                    return True
            else:
                quiet_since = None
            time.sleep(0.05)
        return False

    # -- plumbing ----------------------------------------------------------------------------
    def _call(self, coro: Coroutine[Any, Any, T], timeout: float = 120.0) -> T:
        loop = self._loop
        if loop is None or self._thread is None or not self._thread.is_alive():
            coro.close()
            raise RuntimeError("the watch service is not running")
        if getattr(self._in_callback, "active", False):
            coro.close()  # it would wait for the thread that is waiting for it
            raise RuntimeError(
                "the watch service cannot be driven from its own event callback; "
                "hand the event to another thread first (a queued Qt signal does)"
            )
        return asyncio.run_coroutine_threadsafe(coro, loop).result(timeout)

    def _emit(self, event: WatchEvent) -> None:
        with self._emit_lock:
            self._in_callback.active = True
            try:
                self._callback(event)
            except Exception:
                log.exception("watch event consumer failed on %r", event)
            finally:
                self._in_callback.active = False

    def _notice(self, notice: Notice) -> None:
        """From watchdog's threads: queue the notice and wake the intake."""
        self._intake.notices.put(notice)
        loop = self._loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop is closing
                loop.call_soon_threadsafe(self._intake_wakeup.set)
                if isinstance(notice, FolderGone) and notice.path in self._roots.paths:
                    loop.call_soon_threadsafe(self._roots_wakeup.set)

    def _is_idle(self) -> bool:
        intake = self._intake
        if not intake.notices.empty() or len(intake.settler) or self._consumer.in_hand():
            return False
        return not self._jobs.claim(1, roots=self._roots.available())

    async def _on_intake(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._intake_pool, fn, *args)

    # -- the service thread ------------------------------------------------------------------
    def _thread_main(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:
            log.exception("the watch service failed")
            self._failure = exc
        finally:
            self._started.set()

    async def _main(self) -> None:
        self._intake_pool = ThreadPoolExecutor(1, thread_name_prefix="fc-intake")
        self._intake_wakeup = asyncio.Event()
        self._roots_wakeup = asyncio.Event()
        self._stop_requested = asyncio.Event()
        await self._consumer.setup()
        self._loop = asyncio.get_running_loop()
        try:
            self._emit(WatchStarted(self._roots.paths))
            await self._on_intake(self._recover)
            self._started.set()
            loops = [
                asyncio.create_task(self._settle_loop()),
                asyncio.create_task(self._roots_loop()),
                asyncio.create_task(self._rescan_loop()),
                asyncio.create_task(self._consumer.run_forever()),
            ]
            await self._stop_requested.wait()
            # Announced and drained in one step of the loop (``hold`` drains before it
            # first waits): nothing is sent between the announcement and the drain.
            self._emit(WatchStopping(self.config.stop_grace_s))
            await self._consumer.hold()
            for task in loops:
                task.cancel()
            await asyncio.gather(*loops, return_exceptions=True)
            self._emit(WatchStopped(queued=self._consumer.counts().queued))
        finally:
            await self._on_intake(self._roots.stop_all)
            self._intake_pool.shutdown(wait=True)
            await self._captioner.aclose()

    def _recover(self) -> None:
        """On the intake thread, before anything runs: recover from the last session."""
        interrupted = self._library.reset_interrupted()
        retried = self._jobs.requeue_transient_failures(self._roots.paths)
        if interrupted or retried:
            log.info("requeued %d interrupted and %d transient-failed jobs", interrupted, retried)
        self._apply_root_changes()
        remove_stray_temp_files(self._roots.available(), recursive=True)

    def _apply_root_changes(self) -> list[Path]:
        """Check the watched folders; returns the ones that (re)appeared."""
        appeared = []
        for change in self._roots.check():
            if change.available:
                self._emit(FolderWatched(change.root, change.polling, change.how))
                appeared.append(change.root)
            else:
                self._emit(FolderUnavailable(change.root, change.how))
        return appeared

    # -- loops ---------------------------------------------------------------------------
    async def _settle_loop(self) -> None:
        tick = min(0.25, max(0.05, self.config.settle_s / 8))
        while True:
            self._intake_wakeup.clear()
            queued, settling = await self._on_intake(self._intake.tick)
            if queued:
                self._consumer.wake()
            if settling:
                await asyncio.sleep(tick)
            else:
                await self._intake_wakeup.wait()

    async def _roots_loop(self) -> None:
        while True:
            await wait_for_event(self._roots_wakeup, self.config.root_check_s)
            self._roots_wakeup.clear()
            for root in await self._on_intake(self._apply_root_changes):
                await self._scan(root)

    async def _rescan_loop(self) -> None:
        while True:
            for root in self._roots.available():
                await self._scan(root)
            await asyncio.sleep(self.config.rescan_interval_s)

    async def _scan(self, root: Path) -> None:
        if await self._on_intake(self._intake.scan, root):
            self._consumer.wake()
        self._intake_wakeup.set()  # what it detected settles from now on

    # -- commands (service loop) -------------------------------------------------------------
    async def _pause(self) -> None:
        self._consumer.pause()
        self._emit(QueuePaused())

    async def _resume(self) -> None:
        self._consumer.resume()
        self._emit(QueueResumed())

    async def _enqueue(self, paths: list[Path], priority: int) -> int:
        queued = await self._on_intake(self._intake.enqueue_paths, paths, priority)
        self._consumer.wake()
        return queued

    async def _cancel(self, paths: list[Path] | None) -> int:
        try:
            await self._consumer.hold()
            cancelled = await self._on_intake(self._jobs.cancel, paths)
        finally:
            self._consumer.release()
        for path in cancelled:
            self._emit(JobDropped(path, "cancelled"))
        return len(cancelled)
