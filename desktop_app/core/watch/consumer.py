"""The captioning half of the watcher: caption runs fed by the persistent job queue.

One :class:`~desktop_app.core.pipeline.CaptionPipeline` run at a time pulls due jobs a
few at a time, as it has room for them, so an image a user picks overtakes the
backlog within a few images. A run lasts until it is drained (pause for a cancel,
stop) or stopped by a failure that concerns every image (a rejected key): then the
queue is *blocked*, watching goes on, and captioning is tried again later.

Everything here runs on the watch service's event loop, except the pipeline's own
callbacks (bookkeeping thread), which only touch thread-safe parts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from desktop_app.backends.base import Captioner
from desktop_app.core.events import ImageFailed, RunEvent, RunFinished, RunStarted
from desktop_app.core.jobqueue import JobQueue
from desktop_app.core.library import ImageState, Library
from desktop_app.core.pipeline import CaptionPipeline, RunOptions
from desktop_app.core.scan import ImageFile
from desktop_app.core.watch.config import WatchConfig
from desktop_app.core.watch.events import QueueBlocked, QueueCounts, QueueIdle, WatchEvent
from desktop_app.core.watch.roots import Roots
from desktop_app.errors import CaptionerError, describe_exception
from desktop_app.i18n import Text, lazy_gettext
from desktop_app.metadata.registry import WriterSet

log = logging.getLogger(__name__)


class QueueConsumer:
    def __init__(
        self,
        config: WatchConfig,
        captioner: Captioner,
        writers: WriterSet,
        options: RunOptions,
        library: Library,
        *,
        roots: Roots,
        emit: Callable[[WatchEvent], None],
        on_missing: Callable[[Path], None],
    ) -> None:
        self.config = config
        self.jobs = JobQueue(library)
        self._captioner = captioner
        self._writers = writers
        self._options = options
        self._library = library
        self._roots = roots
        self._emit = emit
        self._on_missing = on_missing
        self.paused = False
        self._pipeline: CaptionPipeline | None = None
        self._run: asyncio.Task[Any] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def setup(self) -> None:
        """Create the loop-bound parts (call on the service loop, before anything)."""
        self._loop = asyncio.get_running_loop()
        self._work = asyncio.Event()  # new or due jobs may be claimable
        self._resumed = asyncio.Event()
        self._resumed.set()
        self._may_run = asyncio.Event()  # cleared while a command holds the queue still
        self._may_run.set()
        self._unblocked = asyncio.Event()

    # -- from any thread -----------------------------------------------------------------
    def in_hand(self) -> frozenset[int]:
        pipeline = self._pipeline
        return pipeline.in_hand() if pipeline is not None else frozenset()

    def wake_threadsafe(self) -> None:
        loop = self._loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop is closing: nothing to wake
                loop.call_soon_threadsafe(self._work.set)

    def counts(self) -> QueueCounts:
        counts = self.jobs.counts()
        return QueueCounts(
            queued=counts[ImageState.QUEUED],
            captioning=counts[ImageState.CAPTIONING],
            done=counts[ImageState.DONE],
            failed=counts[ImageState.FAILED],
        )

    # -- on the loop ---------------------------------------------------------------------
    def wake(self) -> None:
        self._work.set()

    def pause(self) -> None:
        self.paused = True
        self._resumed.clear()
        if self._pipeline is not None:
            self._pipeline.pause()

    def resume(self) -> None:
        self.paused = False
        self._resumed.set()
        self._unblocked.set()
        if self._pipeline is not None:
            self._pipeline.resume()

    async def hold(self) -> None:
        """Finish the run in hand and start no other until ``release``."""
        self._may_run.clear()
        await self.end_run()

    def release(self) -> None:
        self._may_run.set()

    async def end_run(self) -> None:
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

    async def run_forever(self) -> None:
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
            if self.paused:
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
                reason = lazy_gettext("Unexpected error: {error}", error=describe_exception(error))
                await self._blocked(reason, 30.0)
            elif stopped := run.result().stopped_reason:
                await self._blocked(stopped, self.config.blocked_retry_s)

    async def _blocked(self, reason: Text, retry_in_s: float) -> None:
        """Captioning cannot go on now: say why, try again later (or on resume)."""
        self._emit(QueueBlocked(reason, retry_in_s))
        self._unblocked.clear()
        await wait_for_event(self._unblocked, retry_in_s)

    async def _claims(self, pipeline: CaptionPipeline) -> AsyncIterator[list[ImageFile]]:
        """Due jobs, a few at a time, as the pipeline has room for them."""
        busy = False
        while True:
            await self._resumed.wait()
            self._work.clear()
            batch = await asyncio.to_thread(
                self.jobs.claim,
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
                self._emit(QueueIdle(await asyncio.to_thread(self.counts)))
            due = await asyncio.to_thread(self.jobs.next_due, roots=self._roots.available())
            timeout = None if due is None else max(0.05, due - time.time())
            if busy:  # look again soon: the last images in hand will finish
                timeout = min(timeout or 1.0, 1.0)
            await wait_for_event(self._work, timeout)

    # -- pipeline callbacks (bookkeeping thread) ---------------------------------------
    def _on_pipeline_event(self, event: RunEvent) -> None:
        if isinstance(event, RunStarted | RunFinished):
            return
        self._emit(event)
        if isinstance(event, ImageFailed):
            if event.retry_in_s is None and event.error.code == "image-missing":
                self._on_missing(event.path)  # drop its record now it is out of hand
            else:
                self.wake_threadsafe()  # a retry time to wait for

    def _retry_delay(self, image: ImageFile, error: CaptionerError, attempts: int) -> float | None:
        """The pipeline's requeue policy."""
        if error.code == "image-missing" and not self._roots.is_available_for(image.path):
            return self.config.root_check_s  # its folder is gone for now: the job waits
        if not error.transient:
            return None
        return self.config.retry.delay(attempts)


async def wait_for_event(event: asyncio.Event, timeout: float | None) -> None:
    """Until ``event`` is set or ``timeout`` passes. Not asyncio.wait_for: before Python
    3.12 it swallows a cancel that lands as the event is set, and a stop then hangs."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(timeout):
            await event.wait()
