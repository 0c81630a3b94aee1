"""A caption run: images in, captions written, everything remembered.

Stages, each on the executor that suits it (Picard's pattern):
- prepare (thread pool): skip-existing check, content hash (a copy of an image that
  already has a caption gets that caption, not a new request), decode + downscale;
- caption (the event loop): batches of the captioner's preferred size, a bounded
  number in flight;
- bookkeeping (one thread, :mod:`desktop_app.core.bookkeeping`): caption writes,
  library updates and events, serialised, so files are written one at a time and
  consumers see events in order from one thread.

A run takes either a list of images (``run``: the ``caption`` command) or an endless
source of batches (``run_source``: the folder watcher's persistent queue). It can be
paused (no new request leaves; those in flight finish) and drained (stop sending, let
the requests in flight finish, hand the rest back). Cancelling the run (Ctrl-C, the
GUI's Stop) abandons requests in flight but lets every caption already received reach
its files: nothing finished is lost. A failure that concerns the whole run (a rejected
API key) stops it early and says why; per-image failures are recorded and the run goes
on.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from desktop_app.backends.base import (
    Captioner,
    CaptionFailure,
    CaptionRequest,
    CaptionResult,
    EncodedImage,
)
from desktop_app.core.bookkeeping import (
    Bookkeeper,
    CaptionPlan,
    EventSink,
    Job,
    RequeuePolicy,
    unexpected,
)
from desktop_app.core.content import ContentPlan
from desktop_app.core.context import prompt_or_plain
from desktop_app.core.events import RunFinished, RunSummary
from desktop_app.core.hashing import content_hash
from desktop_app.core.imaging import DEFAULT_MAX_SOURCE_PIXELS, PixelBudget, prepare_image
from desktop_app.core.library import CaptionSource, Library
from desktop_app.core.scan import ImageFile
from desktop_app.errors import CaptionerError
from desktop_app.i18n import Text, lazy_gettext
from desktop_app.metadata.base import SidecarNaming
from desktop_app.metadata.registry import WriterSet

__all__ = ["CaptionPipeline", "EventSink", "PromptChoice", "RunOptions", "unexpected"]

log = logging.getLogger(__name__)
T = TypeVar("T")
ImageSource = AsyncIterator[Sequence[ImageFile]]


@dataclass(frozen=True)
class PromptChoice:
    text: str  # may hold template variables, filled per image (core/context.py)
    preset: str | None = None
    max_tokens: int | None = None
    temperature: float | None = None
    # What the caption holds besides its text (keywords, languages...) and how it is
    # written (vocabulary, provenance); the default is a plain caption.
    content: ContentPlan = field(default_factory=ContentPlan)


@dataclass(frozen=True)
class RunOptions:
    prompt: PromptChoice
    budget: PixelBudget
    jpeg_quality: int = 90
    max_source_pixels: int = DEFAULT_MAX_SOURCE_PIXELS
    overwrite: bool = False
    concurrency: int | None = None  # None: the captioner's own max_in_flight
    prepare_workers: int = field(default_factory=lambda: min(4, os.cpu_count() or 2))
    # How long a free request slot waits for more images to fill a batch.
    batch_linger_s: float = 0.15
    # The images come from the persistent job queue (watched folders): unfinished ones
    # go back to it, and an image skipped for its existing caption has its job done.
    from_queue: bool = False
    # With overwrite: an image whose caption a person edited keeps it (read from the
    # files' provenance and the index).
    keep_edited: bool = False
    sidecar_naming: SidecarNaming = SidecarNaming.ADOBE  # where prompt context is read


@dataclass(frozen=True)
class _Ready:
    """An image prepared for the model."""

    job: Job
    encoded: EncodedImage
    prepared_at: float
    prompt: str  # the template filled for this image


async def _as_source(images: Sequence[ImageFile]) -> ImageSource:
    yield images


class CaptionPipeline:
    """Captioning over a list of images, or over a stream of them from a queue.

    ``pause``, ``resume`` and ``drain`` must be called on the run's event loop thread.
    """

    def __init__(
        self,
        captioner: Captioner,
        writers: WriterSet,
        options: RunOptions,
        *,
        library: Library | None = None,
        on_event: EventSink | None = None,
        requeue: RequeuePolicy | None = None,
    ) -> None:
        self._captioner = captioner
        self._writers = writers
        self._options = options
        self._library = library
        self._on_event = on_event or (lambda event: None)
        self._requeue = requeue
        self._gate = asyncio.Event()  # set: requests may leave; clear: paused
        self._gate.set()
        self._stages: list[asyncio.Task[None]] = []
        self._draining = False
        self._keeper: Bookkeeper | None = None
        self._book_pool: ThreadPoolExecutor | None = None
        self._prepare_pool: ThreadPoolExecutor | None = None

    @property
    def max_in_flight(self) -> int:
        return max(1, self._options.concurrency or self._captioner.max_in_flight)

    # -- control (event loop thread) ---------------------------------------------------
    def pause(self) -> None:
        """No new request leaves; requests in flight finish and are written."""
        self._gate.clear()

    def resume(self) -> None:
        self._gate.set()

    def drain(self) -> None:
        """Stop taking images and sending requests; the run ends once the requests in
        flight are written, and every image not sent goes back (see RunOptions).
        A drained pipeline stays drained: a later run ends as soon as it starts."""
        self._draining = True
        for stage in self._stages:
            stage.cancel()

    def in_hand(self) -> frozenset[int]:
        """Index ids of the images the current run holds; safe from any thread."""
        keeper = self._keeper
        return keeper.in_hand() if keeper is not None else frozenset()

    # -- the run -----------------------------------------------------------------------
    async def run(self, images: Sequence[ImageFile]) -> RunSummary:
        return await self.run_source(_as_source(images), total=len(images))

    async def run_source(self, source: ImageSource, *, total: int | None = None) -> RunSummary:
        """Caption every batch ``source`` yields until it ends (or the run is drained)."""
        started = time.monotonic()
        keeper = self._keeper = self._new_bookkeeper(total)
        self._book_pool = ThreadPoolExecutor(1, thread_name_prefix="fc-bookkeeping")
        self._prepare_pool = ThreadPoolExecutor(
            max(1, self._options.prepare_workers), thread_name_prefix="fc-prepare"
        )
        stopped: Text | None = None
        cancelled = False
        try:
            await self._on_book(keeper.started)
            ready: asyncio.Queue[_Ready | None] = asyncio.Queue(
                maxsize=self.max_in_flight * self._captioner.batch_size * 2
            )
            async with asyncio.TaskGroup() as group:
                self._stages = [
                    group.create_task(self._produce(source, ready)),
                    group.create_task(self._dispatch(ready, group)),
                ]
                if self._draining:  # drained before the stages existed
                    self.drain()
        except* CaptionerError as stop_group:
            stopped = stop_group.exceptions[0].text()  # type: ignore[union-attr]
        except* asyncio.CancelledError:
            cancelled = True
        finally:
            self._stages = []
            self._prepare_pool.shutdown(wait=False, cancel_futures=True)
            self._book_pool.submit(keeper.release_unfinished)
            self._book_pool.shutdown(wait=True)  # finished captions still reach their files
        summary = keeper.tally.summary(time.monotonic() - started, stopped, cancelled)
        self._on_event(RunFinished(summary))
        if cancelled:
            raise asyncio.CancelledError
        return summary

    def _new_bookkeeper(self, total: int | None) -> Bookkeeper:
        plan = CaptionPlan(
            backend=self._captioner.backend_id,
            model=self._captioner.model,
            prompt=self._options.prompt.text,
            preset=self._options.prompt.preset,
            from_queue=self._options.from_queue,
            content=self._options.prompt.content,
        )
        return Bookkeeper(
            self._writers,
            plan,
            library=self._library,
            on_event=self._on_event,
            requeue=self._requeue,
            total=total,
        )

    async def _on_book(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._book_pool, fn, *args)

    def _book_later(self, fn: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        assert self._book_pool is not None
        self._book_pool.submit(fn, *args, **kwargs)

    # -- stage 1: prepare ----------------------------------------------------------------
    async def _produce(self, source: ImageSource, ready: asyncio.Queue[_Ready | None]) -> None:
        loop = asyncio.get_running_loop()
        slots = asyncio.Semaphore(self._options.prepare_workers * 2)
        keeper = self._keeper
        assert keeper is not None

        async def prepare_one(job: Job) -> None:
            try:
                prepared = await loop.run_in_executor(self._prepare_pool, self._prepare, job)
                if prepared is not None:
                    await ready.put(prepared)
            finally:
                slots.release()

        try:
            async with asyncio.TaskGroup() as group:
                async for batch in source:
                    for job in await self._on_book(keeper.admit, batch):
                        await slots.acquire()
                        group.create_task(prepare_one(job))
        finally:
            closing = getattr(source, "aclose", None)
            if closing is not None:
                await closing()
        await ready.put(None)

    def _prepare(self, job: Job) -> _Ready | None:
        """Runs on a prepare thread: skip check, hash (copies), decode and downscale."""
        keeper = self._keeper
        assert keeper is not None
        image = job.image
        if job.collision is not None:
            self._book_later(keeper.fail, job, job.collision, "write")
            return None
        if not self._options.overwrite or self._options.keep_edited:
            existing = self._writers.existing(image.path)
            edited = self._options.overwrite and any(
                self._edited(job, found.provenance) for found in existing
            )
            if existing and (not self._options.overwrite or edited):
                disagree = len({found.text for found in existing}) > 1
                self._book_later(
                    keeper.skip,
                    job,
                    existing[0].text,
                    existing[0].source,
                    disagree=disagree,
                    edited=edited,
                )
                return None
        try:
            if job.image_id is not None and self._library is not None:
                digest = content_hash(image.path)
                self._library.set_hash(job.image_id, digest)
                donor = None
                if not self._options.overwrite:
                    donor = self._library.caption_for_hash(digest, exclude_id=job.image_id)
                if donor is not None:
                    self._book_later(keeper.reuse, job, *donor)
                    return None
            encoded = prepare_image(
                image.path,
                self._options.budget,
                self._captioner.image_limits,
                quality=self._options.jpeg_quality,
                max_source_pixels=self._options.max_source_pixels,
            )
        except CaptionerError as error:
            self._book_later(keeper.fail, job, error, "prepare")
            return None
        except OSError as exc:
            unreadable = CaptionerError(
                lazy_gettext("The file could not be read: {error}.", error=exc.strerror or str(exc))
            )
            self._book_later(keeper.fail, job, unreadable, "prepare")
            return None
        except Exception as exc:
            log.exception("unexpected failure preparing %s", image.path)
            self._book_later(keeper.fail, job, unexpected(exc), "prepare")
            return None
        return _Ready(job, encoded, time.monotonic(), self._prompt_for(image.path))

    def _edited(self, job: Job, provenance: str) -> bool:
        """Whether a person edited this image's caption: its file says so, or the index."""
        if provenance == "edited":
            return True
        if provenance or job.image_id is None or self._library is None:
            return False
        current = self._library.current_caption(job.image_id)
        return current is not None and current.source is CaptionSource.EDITED

    def _prompt_for(self, path: Path) -> str:
        prompt = self._options.prompt
        return prompt_or_plain(
            prompt.text, path, prompt.content.use_context, self._options.sidecar_naming
        )

    # -- stage 2: caption ------------------------------------------------------------------
    async def _dispatch(
        self, ready: asyncio.Queue[_Ready | None], group: asyncio.TaskGroup
    ) -> None:
        """Free slot first, then a batch: while every slot is busy, batches fill up."""
        slots = asyncio.Semaphore(self.max_in_flight)
        finished = False
        while not finished:
            await slots.acquire()
            batch, finished = await self._next_batch(ready)
            if not batch:
                slots.release()
                continue
            await self._gate.wait()  # paused: prepared images wait here, unsent
            task = group.create_task(self._caption(batch))
            task.add_done_callback(lambda _task: slots.release())

    async def _next_batch(self, ready: asyncio.Queue[_Ready | None]) -> tuple[list[_Ready], bool]:
        """One prepared image, then whatever else arrives within the linger time."""
        first = await ready.get()
        if first is None:
            return [], True
        batch = [first]
        deadline = time.monotonic() + self._options.batch_linger_s
        while len(batch) < self._captioner.batch_size:
            remaining = deadline - time.monotonic()
            try:
                if remaining <= 0:
                    item = ready.get_nowait()
                else:
                    # Not asyncio.wait_for: before Python 3.12 it swallows a cancel that
                    # lands as an image arrives, and a drained run then never ends.
                    async with asyncio.timeout(remaining):
                        item = await ready.get()
            except (asyncio.QueueEmpty, TimeoutError):
                break
            if item is None:
                return batch, True
            batch.append(item)
        return batch, False

    async def _caption(self, batch: list[_Ready]) -> None:
        keeper = self._keeper
        assert keeper is not None
        prompt = self._options.prompt
        requests = [
            CaptionRequest(
                request_id=str(item.job.image.path),
                image=item.encoded,
                prompt=item.prompt,
                max_tokens=prompt.max_tokens,
                temperature=prompt.temperature,
                output=prompt.content.output,
            )
            for item in batch
        ]
        # Queued on the bookkeeping thread, not awaited: that thread may be writing the
        # previous caption, and the captioner (a local worker) must not wait for it.
        # The thread runs in order, so this still lands before the result's record.
        self._book_later(keeper.mark_sent, [item.job for item in batch])
        try:
            outcomes = await self._captioner.caption_batch(requests)
        except CaptionerError as error:
            if error.stops_run:
                raise
            outcomes = [CaptionFailure(request.request_id, error) for request in requests]
        except Exception as exc:
            log.exception("captioner %s failed", self._captioner.backend_id)
            outcomes = [CaptionFailure(r.request_id, unexpected(exc)) for r in requests]
        by_id = {outcome.request_id: outcome for outcome in outcomes}
        for item in batch:
            outcome = by_id.get(str(item.job.image.path))
            if isinstance(outcome, CaptionResult):
                self._book_later(keeper.record, item.job, outcome, item.prepared_at, item.prompt)
            else:
                failure = (
                    outcome.error
                    if isinstance(outcome, CaptionFailure)
                    else CaptionerError(
                        lazy_gettext("The captioner returned no result for this image.")
                    )
                )
                self._book_later(keeper.fail, item.job, failure, "caption")
