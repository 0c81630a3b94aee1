"""The pipeline's third stage: everything that records an image's outcome, on one thread.

Caption writes, index updates and events all happen here, serialised on the pipeline's
single bookkeeping thread, so files are written one at a time and consumers see events
in order. The :class:`Bookkeeper` also knows which images a run holds (admitted and not
finished): when a run ends early those go back where they came from, and a continuous
queue (the folder watcher) can avoid handing the same image out twice.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from desktop_app.backends.base import CaptionResult
from desktop_app.core.content import ContentPlan, caption_data, new_caption
from desktop_app.core.events import (
    ImageCaptioned,
    ImageFailed,
    ImageSent,
    ImageSkipped,
    RunEvent,
    RunStarted,
    RunSummary,
)
from desktop_app.core.hashing import content_hash
from desktop_app.core.imaging import ImageMissing
from desktop_app.core.library import CaptionRecord, CaptionSource, ImageState, Library, NewCaption
from desktop_app.core.scan import ImageFile
from desktop_app.errors import CaptionerError, describe_exception
from desktop_app.i18n import Text, lazy_gettext
from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.registry import WriterSet

log = logging.getLogger(__name__)
EventSink = Callable[[RunEvent], None]
_UNFINISHED = (ImageState.QUEUED, ImageState.CAPTIONING)


def unexpected(exc: BaseException) -> CaptionerError:
    """A bug, reported to the user as one image's failure (details are in the log)."""
    return CaptionerError(
        lazy_gettext("Unexpected error: {error}.", error=describe_exception(exc)),
        lazy_gettext("This is a bug; the log has details. Other images are not affected."),
    )


class RequeuePolicy(Protocol):
    """Decides whether a failed image goes back to the job queue.

    Returns the seconds to wait before the next attempt, or None to record the failure
    for good. ``attempts`` counts this failure. Used by continuous queues (the folder
    watcher); a one-off caption run records every failure.
    """

    def __call__(self, image: ImageFile, error: CaptionerError, attempts: int) -> float | None: ...


@dataclass(frozen=True)
class Job:
    """An image admitted to a run and not finished yet."""

    image: ImageFile
    image_id: int | None
    previous: ImageState = ImageState.NEW
    collision: CaptionerError | None = None


@dataclass(frozen=True)
class CaptionPlan:
    """What the bookkeeper needs to know about the run it records."""

    backend: str
    model: str
    prompt: str
    preset: str | None
    from_queue: bool  # unfinished images go back to the queue; a skip finishes the job
    content: ContentPlan = field(default_factory=ContentPlan)


class _Tally:
    """Counters of one run; updated on the bookkeeping thread, read at the end."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.captioned = self.skipped = self.failed = 0
        self.cost = 0.0
        self.lock = threading.Lock()

    def summary(self, elapsed: float, stopped: Text | None, cancelled: bool) -> RunSummary:
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


class Bookkeeper:
    """Records outcomes for one run. Every method but ``in_hand`` runs on one thread."""

    def __init__(
        self,
        writers: WriterSet,
        plan: CaptionPlan,
        *,
        library: Library | None,
        on_event: EventSink,
        requeue: RequeuePolicy | None = None,
        total: int | None = None,
    ) -> None:
        self._writers = writers
        self._plan = plan
        self._library = library
        self._on_event = on_event
        self._requeue = requeue
        self._count_admitted = total is None
        self.tally = _Tally(total or 0)
        self._jobs: dict[Path, Job] = {}
        self._jobs_lock = threading.Lock()

    # -- the run's images ----------------------------------------------------------------
    def started(self) -> None:
        self._on_event(RunStarted(self.tally.total, self._plan.backend, self._plan.model))

    def admit(self, batch: Sequence[ImageFile]) -> list[Job]:
        """Take images into the run: index them, mark them queued, find write collisions."""
        with self._jobs_lock:
            fresh = [image for image in dict.fromkeys(batch) if image.path not in self._jobs]
        collisions = self._collisions([image.path for image in fresh])
        ids: dict[Path, int] = {}
        previous: dict[int, ImageState] = {}
        if self._library is not None and fresh:
            entries = [(i.path, i.size, i.mtime_ns, i.kind.value) for i in fresh]
            ids = self._library.upsert_many(entries)
            previous = self._library.states(ids.values())
            self._library.set_state(ids.values(), ImageState.QUEUED)
        jobs = []
        for image in fresh:
            image_id = ids.get(image.path)
            state = previous.get(image_id, ImageState.NEW) if image_id else ImageState.NEW
            jobs.append(Job(image, image_id, state, collisions.get(image.path)))
        with self._jobs_lock:
            self._jobs.update((job.image.path, job) for job in jobs)
        if self._count_admitted:
            with self.tally.lock:
                self.tally.total += len(jobs)
        return jobs

    def _collisions(self, paths: list[Path]) -> dict[Path, CaptionerError]:
        """Images whose destination another image would also write (a.jpg + a.png ->
        a.txt), among this batch and the indexed images beside them."""
        candidates = set(paths)
        if self._library is not None:
            prefixes = {str(path.with_suffix("")) + "." for path in paths}
            stems = {(path.parent, path.stem) for path in paths}
            siblings = self._library.paths_starting_with(prefixes)
            candidates |= {p for p in siblings if (p.parent, p.stem) in stems}
        found = self._writers.find_collisions(sorted(candidates))
        return {path: found[path] for path in paths if path in found}

    def in_hand(self) -> frozenset[int]:
        """Index ids of the images this run holds; safe from any thread."""
        with self._jobs_lock:
            return frozenset(j.image_id for j in self._jobs.values() if j.image_id is not None)

    def _finish(self, job: Job) -> None:
        with self._jobs_lock:
            self._jobs.pop(job.image.path, None)

    def mark_sent(self, jobs: Sequence[Job]) -> None:
        if self._library is not None:
            ids = [job.image_id for job in jobs if job.image_id is not None]
            self._library.set_state(ids, ImageState.CAPTIONING)
        for job in jobs:
            self._on_event(ImageSent(job.image.path))

    def release_unfinished(self) -> None:
        """Images queued or in flight when the run ended: back to the job queue (watch)
        or to the state they had before the run (a one-off caption run)."""
        with self._jobs_lock:
            jobs = list(self._jobs.values())
            self._jobs.clear()
        if self._library is None or not jobs:
            return
        current = self._library.states(j.image_id for j in jobs if j.image_id is not None)
        targets: dict[ImageState, list[int]] = {}
        for job in jobs:
            if job.image_id is None or current.get(job.image_id) not in _UNFINISHED:
                continue
            target = job.previous
            if self._plan.from_queue:
                target = ImageState.QUEUED
            elif target in _UNFINISHED:
                target = ImageState.NEW
            targets.setdefault(target, []).append(job.image_id)
        for state, ids in targets.items():
            self._library.set_state(ids, state)

    # -- outcomes ------------------------------------------------------------------------
    def record(
        self, job: Job, result: CaptionResult, prepared_at: float, prompt: str | None = None
    ) -> None:
        """A caption arrived: write it (as the run's content plan says) and remember it.
        ``prompt`` is the one sent for this image (the template filled)."""
        sent = prompt if prompt is not None else self._plan.prompt
        base = NewCaption(
            text=result.text,
            source=CaptionSource.GENERATED,
            backend=result.backend,
            model=result.model,
            prompt=sent,
            preset=self._plan.preset,
            cost=result.cost,
            timings=result.timings,
            usage=result.usage,
        )
        self._guarded(job, base, result, time.monotonic() - prepared_at, None)

    def reuse(self, job: Job, donor: Path, record: CaptionRecord) -> None:
        """An identical image (same content hash) already has a caption: write that one."""
        base = NewCaption(
            text=record.text,
            source=record.source,
            backend=record.backend,
            model=record.model,
            prompt=record.prompt,
            preset=record.preset,
        )
        self._guarded(job, base, record, 0.0, donor)

    def _guarded(
        self,
        job: Job,
        base: NewCaption,
        answer: CaptionResult | CaptionRecord,
        seconds: float,
        donor: Path | None,
    ) -> None:
        try:
            data = caption_data(
                answer, self._plan.content, prompt=base.prompt or "", preset=base.preset
            )
            self._write_caption(job, new_caption(data, base), data, seconds, donor)
        except Exception as exc:
            log.exception("unexpected failure writing %s", job.image.path)
            self.fail(job, unexpected(exc), "write")

    def _write_caption(
        self, job: Job, caption: NewCaption, data: CaptionData, seconds: float, donor: Path | None
    ) -> None:
        path = self._current_path(job)
        if path is None:
            gone = ImageMissing(
                lazy_gettext("The file was deleted or moved away while it was being captioned."),
                lazy_gettext("Nothing was written. Put it back to caption it."),
            )
            self.fail(job, gone, "write")
            return
        report = self._writers.write(path, data)
        written = tuple(str(p) for p in report.written)
        if self._library is not None and job.image_id is not None:
            self._library.add_caption(
                job.image_id,
                dataclasses.replace(caption, written_to=written),
                state=ImageState.DONE if report.ok else None,
            )
            self._refresh_stat(job, path)
        with self.tally.lock:
            self.tally.cost += caption.cost or 0.0
        error = report.combined_error()
        if error is not None:
            self.fail(job, error, "write")
            return
        self._finish(job)
        with self.tally.lock:
            self.tally.captioned += 1
        self._on_event(
            ImageCaptioned(
                path=path,
                text=caption.text,
                cost=caption.cost,
                written=tuple(report.written),
                seconds=seconds,
                keywords=caption.keywords,
                notes=tuple(report.notes),
                reused_from=donor,
                hierarchical_keywords=data.hierarchical_keywords,
                languages=data.languages,
                title=data.title,
                alt_text=data.alt_text,
            )
        )

    def _current_path(self, job: Job) -> Path | None:
        """Where the image is now: it may have been renamed while its caption was made
        (the watcher moves its index record), or deleted (None)."""
        if self._library is not None and job.image_id is not None:
            record = self._library.image(job.image_id)
            if record is not None and record.path != job.image.path and record.path.exists():
                return record.path
        return job.image.path if job.image.path.exists() else None

    def _refresh_stat(self, job: Job, path: Path) -> None:
        """A destination inside the image (embedded metadata) changes its size, time and
        content: remember the new ones, so a watcher does not take our own write for a
        new version of the photo, and a later move is still recognised by its hash."""
        assert self._library is not None
        try:
            stat = path.stat()
            if (stat.st_size, stat.st_mtime_ns) == (job.image.size, job.image.mtime_ns):
                return
            digest = content_hash(path)
        except OSError:
            return
        self._library.upsert_image(
            path,
            size=stat.st_size,
            mtime_ns=stat.st_mtime_ns,
            kind=job.image.kind.value,
            content_hash=digest,
        )

    def fail(self, job: Job, error: CaptionerError, stage: str) -> None:
        self._finish(job)
        retry_in = None
        if self._library is not None:
            record = self._library.image(job.image_id) if job.image_id is not None else None
            if record is not None and self._requeue is not None:
                retry_in = self._requeue(job.image, error, record.attempts + 1)
            if retry_in is None:
                self._library.add_error(record.id if record else None, error, stage=stage)
            else:
                self._library.add_error(
                    job.image_id,
                    error,
                    stage=stage,
                    state=ImageState.QUEUED,
                    next_attempt_at=time.time() + retry_in,
                )
        with self.tally.lock:
            self.tally.failed += 1
        self._on_event(ImageFailed(job.image.path, error, stage, retry_in_s=retry_in))

    def skip(
        self,
        job: Job,
        existing_text: str,
        source: str,
        *,
        disagree: bool = False,
        edited: bool = False,
    ) -> None:
        self._finish(job)
        if self._library is not None and job.image_id is not None:
            record = self._library.image(job.image_id)
            if record is not None and record.current_caption_id is None:
                self._library.add_caption(
                    job.image_id,
                    NewCaption(existing_text, CaptionSource.IMPORTED, written_to=(source,)),
                    state=None,
                )
            # From the queue, the job is done: the image has its caption.
            state = ImageState.DONE if self._plan.from_queue else job.previous
            self._library.set_state(job.image_id, state)
        with self.tally.lock:
            self.tally.skipped += 1
        if edited and disagree:
            reason = lazy_gettext(
                "a person edited its caption ({place}; other places disagree, see "
                "'folder-captioner show')",
                place=source,
            )
        elif edited:
            reason = lazy_gettext("a person edited its caption ({place})", place=source)
        elif disagree:
            reason = lazy_gettext(
                "already has a caption ({place}; other places disagree, see "
                "'folder-captioner show')",
                place=source,
            )
        else:
            reason = lazy_gettext("already has a caption ({place})", place=source)
        self._on_event(ImageSkipped(job.image.path, reason))
