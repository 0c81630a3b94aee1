"""A caption run: images in, captions written, everything remembered.

Stages, each on the executor that suits it (Picard's pattern):
- prepare (thread pool): skip-existing check, content hash, decode + downscale;
- caption (the event loop): batches of the captioner's preferred size, a bounded
  number in flight;
- bookkeeping (one thread): caption writes, library updates and events, serialised, so
  files are written one at a time and consumers see events in order from one thread.

Cancelling the run (Ctrl-C, the GUI's Stop) abandons requests in flight but lets every
caption already received reach its files: nothing finished is lost. A failure that
concerns the whole run (a rejected API key) stops it early and says why; per-image
failures are recorded and the run goes on.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
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
from desktop_app.core.events import (
    ImageCaptioned,
    ImageFailed,
    ImageSent,
    ImageSkipped,
    RunEvent,
    RunFinished,
    RunStarted,
    RunSummary,
)
from desktop_app.core.hashing import content_hash
from desktop_app.core.imaging import DEFAULT_MAX_SOURCE_PIXELS, PixelBudget, prepare_image
from desktop_app.core.library import CaptionSource, ImageState, Library, NewCaption
from desktop_app.core.scan import ImageFile
from desktop_app.errors import CaptionerError, describe_exception
from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.registry import WriterSet

log = logging.getLogger(__name__)
T = TypeVar("T")
EventSink = Callable[[RunEvent], None]


def unexpected(exc: BaseException) -> CaptionerError:
    """A bug, reported to the user as one image's failure (details are in the log)."""
    return CaptionerError(
        f"Unexpected error: {describe_exception(exc)}.",
        "This is a bug; the log has details. Other images are not affected.",
    )


@dataclass(frozen=True)
class PromptChoice:
    text: str
    preset: str | None = None
    max_tokens: int | None = None
    temperature: float | None = None


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


@dataclass(frozen=True)
class _Ready:
    """An image prepared for the model."""

    image: ImageFile
    image_id: int | None
    encoded: EncodedImage
    prepared_at: float


class _Tally:
    """Counters shared by the bookkeeping thread; read once at the end."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.captioned = self.skipped = self.failed = 0
        self.cost = 0.0
        self.lock = threading.Lock()

    def summary(self, elapsed: float, stopped: str | None, cancelled: bool) -> RunSummary:
        with self.lock:
            finished = self.captioned + self.skipped + self.failed
            return RunSummary(
                total=self.total,
                captioned=self.captioned,
                skipped=self.skipped,
                failed=self.failed,
                not_started=self.total - finished,
                cost=round(self.cost, 6),
                elapsed_s=elapsed,
                stopped_reason=stopped,
                cancelled=cancelled,
            )


class CaptionPipeline:
    """One run of captioning over a list of images."""

    def __init__(
        self,
        captioner: Captioner,
        writers: WriterSet,
        options: RunOptions,
        *,
        library: Library | None = None,
        on_event: EventSink | None = None,
    ) -> None:
        self._captioner = captioner
        self._writers = writers
        self._options = options
        self._library = library
        self._on_event = on_event or (lambda event: None)
        self._collisions: dict[Path, CaptionerError] = {}
        self._ids: dict[Path, int] = {}
        self._previous_state: dict[int, ImageState] = {}
        self._tally = _Tally(0)
        self._prepare_pool = ThreadPoolExecutor(
            max(1, options.prepare_workers), thread_name_prefix="fc-prepare"
        )
        self._book_pool = ThreadPoolExecutor(1, thread_name_prefix="fc-bookkeeping")

    @property
    def max_in_flight(self) -> int:
        return max(1, self._options.concurrency or self._captioner.max_in_flight)

    # -- the run -----------------------------------------------------------------------
    async def run(self, images: Sequence[ImageFile]) -> RunSummary:
        started = time.monotonic()
        self._tally = _Tally(len(images))
        stopped: str | None = None
        cancelled = False
        try:
            await self._book(self._start, images)
            ready: asyncio.Queue[_Ready | None] = asyncio.Queue(
                maxsize=self.max_in_flight * self._captioner.batch_size * 2
            )
            async with asyncio.TaskGroup() as group:
                group.create_task(self._produce(images, ready))
                group.create_task(self._dispatch(ready, group))
        except* CaptionerError as stop_group:
            stopped = stop_group.exceptions[0].user_message()  # type: ignore[union-attr]
        except* asyncio.CancelledError:
            cancelled = True
        finally:
            self._prepare_pool.shutdown(wait=False, cancel_futures=True)
            self._book_pool.submit(self._release_unfinished, images)
            self._book_pool.shutdown(wait=True)  # finished captions still reach their files
        summary = self._tally.summary(time.monotonic() - started, stopped, cancelled)
        self._on_event(RunFinished(summary))
        if cancelled:
            raise asyncio.CancelledError
        return summary

    async def _book(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._book_pool, fn, *args)

    def _start(self, images: Sequence[ImageFile]) -> None:
        self._collisions = dict(self._writers.find_collisions(image.path for image in images))
        if self._library is not None:
            entries = [(i.path, i.size, i.mtime_ns, i.kind.value) for i in images]
            self._ids = self._library.upsert_many(entries)
            self._previous_state = self._library.states(self._ids.values())
            self._library.set_state(self._ids.values(), ImageState.QUEUED)
        self._on_event(RunStarted(len(images), self._captioner.backend_id, self._captioner.model))

    def _release_unfinished(self, images: Sequence[ImageFile]) -> None:
        """Images queued or in flight when the run ended get their earlier state back."""
        if self._library is None:
            return
        current = self._library.states(self._ids.values())
        for image_id, state in current.items():
            if state in (ImageState.QUEUED, ImageState.CAPTIONING):
                previous = self._previous_state.get(image_id, ImageState.NEW)
                if previous in (ImageState.QUEUED, ImageState.CAPTIONING):
                    previous = ImageState.NEW
                self._library.set_state(image_id, previous)

    # -- stage 1: prepare ----------------------------------------------------------------
    async def _produce(
        self, images: Sequence[ImageFile], ready: asyncio.Queue[_Ready | None]
    ) -> None:
        loop = asyncio.get_running_loop()
        slots = asyncio.Semaphore(self._options.prepare_workers * 2)

        async def prepare_one(image: ImageFile) -> None:
            try:
                prepared = await loop.run_in_executor(self._prepare_pool, self._prepare, image)
                if prepared is not None:
                    await ready.put(prepared)
            finally:
                slots.release()

        async with asyncio.TaskGroup() as group:
            for image in images:
                await slots.acquire()
                group.create_task(prepare_one(image))
        await ready.put(None)

    def _prepare(self, image: ImageFile) -> _Ready | None:
        """Runs on a prepare thread: skip check, hash, decode and downscale."""
        image_id = self._ids.get(image.path)
        collision = self._collisions.get(image.path)
        if collision is not None:
            self._book_pool.submit(self._fail, image, collision, "write")
            return None
        if not self._options.overwrite:
            existing = self._writers.existing(image.path)
            if existing:
                source = existing[0].source
                if len({found.text for found in existing}) > 1:
                    source += "; other places disagree, see 'folder-captioner show'"
                self._book_pool.submit(self._skip, image, existing[0].text, source)
                return None
        try:
            if image_id is not None and self._library is not None:
                self._library.set_hash(image_id, content_hash(image.path))
            encoded = prepare_image(
                image.path,
                self._options.budget,
                self._captioner.image_limits,
                quality=self._options.jpeg_quality,
                max_source_pixels=self._options.max_source_pixels,
            )
        except CaptionerError as error:
            self._book_pool.submit(self._fail, image, error, "prepare")
            return None
        except OSError as exc:
            unreadable = CaptionerError(f"The file could not be read: {exc.strerror or exc}.")
            self._book_pool.submit(self._fail, image, unreadable, "prepare")
            return None
        except Exception as exc:
            log.exception("unexpected failure preparing %s", image.path)
            self._book_pool.submit(self._fail, image, unexpected(exc), "prepare")
            return None
        return _Ready(image, image_id, encoded, time.monotonic())

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
                item = (
                    ready.get_nowait()
                    if remaining <= 0
                    else await asyncio.wait_for(ready.get(), remaining)
                )
            except (asyncio.QueueEmpty, TimeoutError):
                break
            if item is None:
                return batch, True
            batch.append(item)
        return batch, False

    async def _caption(self, batch: list[_Ready]) -> None:
        prompt = self._options.prompt
        requests = [
            CaptionRequest(
                request_id=str(item.image.path),
                image=item.encoded,
                prompt=prompt.text,
                max_tokens=prompt.max_tokens,
                temperature=prompt.temperature,
            )
            for item in batch
        ]
        await self._book(self._mark_sent, batch)
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
            outcome = by_id.get(str(item.image.path))
            if isinstance(outcome, CaptionResult):
                self._book_pool.submit(self._write, item, outcome)
            else:
                failure = (
                    outcome.error
                    if isinstance(outcome, CaptionFailure)
                    else CaptionerError("The captioner returned no result for this image.")
                )
                self._book_pool.submit(self._fail, item.image, failure, "caption")

    def _mark_sent(self, batch: list[_Ready]) -> None:
        if self._library is not None:
            ids = [item.image_id for item in batch if item.image_id is not None]
            self._library.set_state(ids, ImageState.CAPTIONING)
        for item in batch:
            self._on_event(ImageSent(item.image.path))

    # -- stage 3: bookkeeping (one thread) -------------------------------------------------
    def _write(self, item: _Ready, result: CaptionResult) -> None:
        try:
            self._record_result(item, result)
        except Exception as exc:
            log.exception("unexpected failure writing %s", item.image.path)
            self._fail(item.image, unexpected(exc), "write")

    def _record_result(self, item: _Ready, result: CaptionResult) -> None:
        report = self._writers.write(item.image.path, CaptionData(result.text, result.keywords))
        if self._library is not None and item.image_id is not None:
            prompt = self._options.prompt
            self._library.add_caption(
                item.image_id,
                NewCaption(
                    text=result.text,
                    source=CaptionSource.GENERATED,
                    keywords=result.keywords,
                    backend=result.backend,
                    model=result.model,
                    prompt=prompt.text,
                    preset=prompt.preset,
                    cost=result.cost,
                    timings=result.timings,
                    usage=result.usage,
                    written_to=tuple(str(path) for path in report.written),
                ),
                state=ImageState.DONE if report.ok else None,
            )
        with self._tally.lock:
            self._tally.cost += result.cost or 0.0
        error = report.combined_error()
        if error is not None:
            self._fail(item.image, error, "write")
            return
        with self._tally.lock:
            self._tally.captioned += 1
        self._on_event(
            ImageCaptioned(
                path=item.image.path,
                text=result.text,
                cost=result.cost,
                written=tuple(report.written),
                seconds=time.monotonic() - item.prepared_at,
                keywords=result.keywords,
                notes=tuple(report.notes),
            )
        )

    def _fail(self, image: ImageFile, error: CaptionerError, stage: str) -> None:
        if self._library is not None:
            self._library.add_error(self._ids.get(image.path), error, stage=stage)
        with self._tally.lock:
            self._tally.failed += 1
        self._on_event(ImageFailed(image.path, error, stage))

    def _skip(self, image: ImageFile, existing_text: str, source: str) -> None:
        image_id = self._ids.get(image.path)
        if self._library is not None and image_id is not None:
            record = self._library.image(image_id)
            if record is not None and record.current_caption_id is None:
                self._library.add_caption(
                    image_id,
                    NewCaption(existing_text, CaptionSource.IMPORTED, written_to=(source,)),
                    state=None,
                )
            self._library.set_state(image_id, self._previous_state.get(image_id, ImageState.NEW))
        with self._tally.lock:
            self._tally.skipped += 1
        self._on_event(ImageSkipped(image.path, f"already has a caption ({source})"))
