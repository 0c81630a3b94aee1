"""The folder watcher: new images captioned automatically, on a queue that survives anything.

One :class:`WatchService` runs on its own thread with its own asyncio loop, so any
front end drives it the same way: the CLI's ``watch`` command from its main thread,
the GUI from Qt's. Every public method is thread-safe; events reach one callback,
one at a time (the GUI re-emits them as Qt signals).

Inside, three kinds of work never block each other:
- watchdog's threads turn file-system events into notices (:mod:`.observers`);
- one intake thread applies notices, settles files, scans and checks the watched
  folders (:mod:`.intake`, :mod:`.settle`, :mod:`.roots`);
- the caption pipeline pulls due jobs from the persistent queue (:mod:`..jobqueue`)
  as it has room, so user-picked images overtake the backlog within a few images.

Start-up resets jobs a crash left 'captioning', gives images that ran out of retries
on a transient error a fresh start, removes stray temp files and scans every folder
for what arrived while the app was closed; a light scan repeats as a safety net.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import random
import threading
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from desktop_app.backends.base import Captioner
from desktop_app.core.events import ImageFailed, RunEvent, RunFinished, RunStarted
from desktop_app.core.jobqueue import USER_PRIORITY, JobQueue
from desktop_app.core.library import ImageState, Library
from desktop_app.core.pipeline import CaptionPipeline, RunOptions
from desktop_app.core.scan import ImageFile
from desktop_app.core.settings import WatchSettings
from desktop_app.core.watch.events import (
    FolderUnavailable,
    FolderWatched,
    JobDropped,
    QueueBlocked,
    QueueCounts,
    QueueIdle,
    QueuePaused,
    QueueResumed,
    WatchEvent,
    WatchStarted,
    WatchStopped,
)
from desktop_app.core.watch.fstype import WatchMode
from desktop_app.core.watch.intake import Intake
from desktop_app.core.watch.lock import WatchLock
from desktop_app.core.watch.observers import Deleted, FolderGone, Notice
from desktop_app.core.watch.roots import Roots
from desktop_app.core.watch.settle import Settler
from desktop_app.errors import CaptionerError
from desktop_app.metadata.atomic import remove_stray_temp_files
from desktop_app.metadata.registry import WriterSet

log = logging.getLogger(__name__)
T = TypeVar("T")
EventCallback = Callable[[WatchEvent], None]


@dataclass(frozen=True)
class RetrySchedule:
    """Backoff for transient failures (network, a busy service): 30 s, 1, 2, 4... min."""

    max_attempts: int = 8
    base_delay_s: float = 30.0
    max_delay_s: float = 1800.0

    def delay(self, attempts: int) -> float | None:
        if attempts >= self.max_attempts:
            return None
        backoff: float = self.base_delay_s * 2.0 ** (attempts - 1)
        return min(backoff, self.max_delay_s) * random.uniform(1.0, 1.2)


@dataclass(frozen=True)
class WatchConfig:
    roots: tuple[Path, ...]
    mode: WatchMode = WatchMode.AUTO
    settle_s: float = 2.0
    # A stable file that never looks complete (damaged, or a JPEG with a trailer) is
    # passed on after this long, so the pipeline says what is wrong with it.
    incomplete_timeout_s: float = 30.0
    poll_interval_s: float = 5.0
    rescan_interval_s: float = 900.0
    root_check_s: float = 2.0
    stop_grace_s: float = 10.0
    blocked_retry_s: float = 300.0
    claim_size: int = 8
    retry: RetrySchedule = field(default_factory=RetrySchedule)

    @classmethod
    def from_settings(
        cls, settings: WatchSettings, roots: Iterable[Path], **overrides: Any
    ) -> WatchConfig:
        """The settings' values, then one-off overrides (None keeps the setting)."""
        config = cls(
            roots=tuple(roots),
            mode=settings.mode,
            settle_s=settings.settle_s,
            poll_interval_s=settings.poll_interval_s,
            rescan_interval_s=settings.rescan_interval_s,
            stop_grace_s=settings.stop_grace_s,
            retry=RetrySchedule(settings.max_attempts, settings.retry_base_s),
        )
        changes = {name: value for name, value in overrides.items() if value is not None}
        return dataclasses.replace(config, **changes) if changes else config


@dataclass(frozen=True)
class WatchStatus:
    running: bool
    paused: bool
    watched: tuple[Path, ...]
    unavailable: tuple[Path, ...]
    settling: int
    counts: QueueCounts


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
        self._writers = writers
        self._options = dataclasses.replace(options, from_queue=True)
        self._library = library
        self._jobs = JobQueue(library)
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
        self._intake = Intake(
            self._jobs,
            Settler(config.settle_s, give_up_s=config.incomplete_timeout_s),
            self._roots,
            self._emit,
            self._in_hand,
        )
        self._pipeline: CaptionPipeline | None = None
        self._run: asyncio.Task[Any] | None = None
        self._paused = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()
        self._failure: BaseException | None = None

    # -- public, thread-safe ---------------------------------------------------------------
    def start(self, timeout: float = 60.0) -> None:
        """Start watching (returns once the folders are watched; scanning goes on)."""
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
            paused=self._paused,
            watched=available,
            unavailable=tuple(p for p in self._roots.paths if p not in available),
            settling=len(self._intake.settler),
            counts=self._counts(),
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
        if loop is not None and not loop.is_closed():
            with _ignore_closed_loop():
                loop.call_soon_threadsafe(self._intake_wakeup.set)
                if isinstance(notice, FolderGone) and notice.path in self._roots.paths:
                    loop.call_soon_threadsafe(self._roots_wakeup.set)

    def _in_hand(self) -> frozenset[int]:
        pipeline = self._pipeline
        return pipeline.in_hand() if pipeline is not None else frozenset()

    def _counts(self) -> QueueCounts:
        counts = self._jobs.counts()
        return QueueCounts(
            queued=counts[ImageState.QUEUED],
            captioning=counts[ImageState.CAPTIONING],
            done=counts[ImageState.DONE],
            failed=counts[ImageState.FAILED],
        )

    def _is_idle(self) -> bool:
        intake = self._intake
        if not intake.notices.empty() or len(intake.settler) or self._in_hand():
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
        self._loop = asyncio.get_running_loop()
        self._intake_pool = ThreadPoolExecutor(1, thread_name_prefix="fc-intake")
        self._intake_wakeup = asyncio.Event()
        self._roots_wakeup = asyncio.Event()
        self._work = asyncio.Event()
        self._resumed = asyncio.Event()
        self._resumed.set()
        self._may_run = asyncio.Event()
        self._may_run.set()
        self._unblocked = asyncio.Event()
        self._stop_requested = asyncio.Event()
        try:
            self._emit(WatchStarted(self._roots.paths))
            await self._on_intake(self._prepare)
            self._started.set()
            loops = [
                asyncio.create_task(self._settle_loop()),
                asyncio.create_task(self._roots_loop()),
                asyncio.create_task(self._rescan_loop()),
                asyncio.create_task(self._consume_loop()),
            ]
            await self._stop_requested.wait()
            await self._shutdown(loops)
        finally:
            await self._on_intake(self._roots.stop_all)
            self._intake_pool.shutdown(wait=True)
            await self._captioner.aclose()

    def _prepare(self) -> None:
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

    async def _shutdown(self, loops: list[asyncio.Task[None]]) -> None:
        self._may_run.clear()
        await self._end_run()
        for task in loops:
            task.cancel()
        await asyncio.gather(*loops, return_exceptions=True)
        self._emit(WatchStopped(queued=self._counts().queued))

    # -- loops ---------------------------------------------------------------------------
    async def _settle_loop(self) -> None:
        tick = min(0.25, max(0.05, self.config.settle_s / 8))
        while True:
            self._intake_wakeup.clear()
            queued, settling = await self._on_intake(self._intake.tick)
            if queued:
                self._work.set()
            if settling:
                await asyncio.sleep(tick)
            else:
                await self._intake_wakeup.wait()

    async def _roots_loop(self) -> None:
        while True:
            await _wait(self._roots_wakeup, self.config.root_check_s)
            self._roots_wakeup.clear()
            for root in await self._on_intake(self._apply_root_changes):
                if await self._on_intake(self._intake.scan, root):
                    self._work.set()
                self._intake_wakeup.set()

    async def _rescan_loop(self) -> None:
        while True:
            for root in self._roots.available():
                if await self._on_intake(self._intake.scan, root):
                    self._work.set()
                self._intake_wakeup.set()
            await asyncio.sleep(self.config.rescan_interval_s)

    async def _consume_loop(self) -> None:
        while True:
            await self._may_run.wait()
            pipeline = CaptionPipeline(
                self._captioner,
                self._writers,
                self._options,
                library=self._library,
                on_event=self._on_pipeline_event,
                requeue=self._retry_delay,
            )
            if self._paused:
                pipeline.pause()
            self._pipeline = pipeline
            self._run = run = asyncio.create_task(pipeline.run_source(self._claims(pipeline)))
            await asyncio.wait({run})
            self._run = None
            if run.cancelled():
                continue
            error = run.exception()
            if error is not None:
                log.error("caption run failed", exc_info=error)
                await self._blocked(f"Unexpected error: {error}", 30.0)
            elif run.result().stopped_reason:
                await self._blocked(run.result().stopped_reason or "", self.config.blocked_retry_s)

    async def _blocked(self, reason: str, retry_in_s: float) -> None:
        """Captioning cannot go on now: say why, try again later (or on resume)."""
        self._emit(QueueBlocked(reason, retry_in_s))
        self._unblocked.clear()
        await _wait(self._unblocked, retry_in_s)

    async def _claims(self, pipeline: CaptionPipeline) -> AsyncIterator[list[ImageFile]]:
        """Due jobs, a few at a time, as the pipeline has room for them."""
        busy = False
        while True:
            await self._resumed.wait()
            self._work.clear()
            batch = await asyncio.to_thread(
                self._jobs.claim,
                self.config.claim_size,
                roots=self._roots.available(),
                exclude=pipeline.in_hand(),
            )
            if batch:
                busy = True
                yield batch
                continue
            if busy and not pipeline.in_hand():
                busy = False
                self._emit(QueueIdle(await asyncio.to_thread(self._counts)))
            due = await asyncio.to_thread(self._jobs.next_due, roots=self._roots.available())
            timeout = None if due is None else max(0.05, due - time.time())
            if busy:
                timeout = min(timeout or 1.0, 1.0)
            await _wait(self._work, timeout)

    def _on_pipeline_event(self, event: RunEvent) -> None:
        """From the pipeline's bookkeeping thread."""
        if isinstance(event, RunStarted | RunFinished):
            return
        self._emit(event)
        if isinstance(event, ImageFailed):
            if event.retry_in_s is None and event.error.code == "image-missing":
                self._notice(Deleted(event.path))  # drop its record now it is out of hand
            elif self._loop is not None:
                with _ignore_closed_loop():
                    self._loop.call_soon_threadsafe(self._work.set)  # re-read the next due

    def _retry_delay(self, image: ImageFile, error: CaptionerError, attempts: int) -> float | None:
        """The pipeline's requeue policy (bookkeeping thread)."""
        if error.code == "image-missing" and not self._roots.is_available_for(image.path):
            return self.config.root_check_s  # its folder is gone for now: the job waits
        if not error.transient:
            return None
        return self.config.retry.delay(attempts)

    # -- commands (service loop) -------------------------------------------------------------
    async def _pause(self) -> None:
        self._paused = True
        self._resumed.clear()
        if self._pipeline is not None:
            self._pipeline.pause()
        self._emit(QueuePaused())

    async def _resume(self) -> None:
        self._paused = False
        self._resumed.set()
        self._unblocked.set()
        if self._pipeline is not None:
            self._pipeline.resume()
        self._emit(QueueResumed())

    async def _enqueue(self, paths: list[Path], priority: int) -> int:
        queued = await self._on_intake(self._intake.enqueue_paths, paths, priority)
        self._work.set()
        return queued

    async def _cancel(self, paths: list[Path] | None) -> int:
        self._may_run.clear()
        try:
            await self._end_run()
            cancelled = await self._on_intake(self._jobs.cancel, paths)
        finally:
            self._may_run.set()
        for path in cancelled:
            self._emit(JobDropped(path, "cancelled"))
        return len(cancelled)

    async def _end_run(self) -> None:
        """Drain the run in hand: requests in flight finish within the grace time (then
        are abandoned); every image not finished goes back to the queue."""
        run, pipeline = self._run, self._pipeline
        if run is None or pipeline is None:
            return
        pipeline.drain()
        done, _ = await asyncio.wait({run}, timeout=self.config.stop_grace_s)
        if not done:
            run.cancel()
            await asyncio.wait({run})


async def _wait(event: asyncio.Event, timeout: float | None) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), timeout)


def _ignore_closed_loop() -> contextlib.suppress:
    """A notice or event arriving while the service loop shuts down is dropped."""
    return contextlib.suppress(RuntimeError)
