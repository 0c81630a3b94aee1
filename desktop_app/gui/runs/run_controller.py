"""A caption run seen from the window: start, stop, events as signals, live progress.

The run itself is the core's ``CaptionPipeline`` on its own asyncio thread; this class
only translates its immutable events into Qt signals (delivered on the GUI thread) and
keeps the numbers the status bar shows.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal, Slot

from desktop_app.core.captioning import (
    NO_OVERRIDES,
    Overrides,
    build_captioner,
    build_writers,
    run_options,
)
from desktop_app.core.events import (
    ImageCaptioned,
    ImageFailed,
    ImageSkipped,
    RunEvent,
    RunFinished,
    RunStarted,
    RunSummary,
)
from desktop_app.core.library import Library
from desktop_app.core.pipeline import CaptionPipeline
from desktop_app.core.scan import ImageFile
from desktop_app.core.secrets import SecretStore
from desktop_app.core.settings import Settings
from desktop_app.errors import CaptionerError, describe_exception
from desktop_app.gui.background import LoopThread


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    cost: float
    per_minute: float
    eta_s: float | None


class RunController(QObject):
    run_event = Signal(object)  # a core RunEvent (the name "event" is QObject's)
    progress = Signal(object)  # Progress
    finished = Signal(object)  # RunSummary
    failed_to_start = Signal(str)
    # The run's thread has done all its work (sent last, after ``finished``): from
    # here on ``running`` turns false within moments.
    ended = Signal()

    def __init__(self, library: Library | None, secrets: SecretStore | None = None) -> None:
        super().__init__()
        self._library = library
        self._secrets = secrets or SecretStore()
        self._thread: LoopThread | None = None
        self._total = 0
        self._done = 0
        self._cost = 0.0
        self._started = 0.0
        self.run_event.connect(self._track, Qt.ConnectionType.QueuedConnection)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.running

    def start(
        self, images: Sequence[ImageFile], settings: Settings, overrides: Overrides = NO_OVERRIDES
    ) -> None:
        if self.running or not images:
            return
        snapshot = list(images)
        self._total, self._done, self._cost = len(snapshot), 0, 0.0
        self._started = time.monotonic()

        async def run() -> None:
            try:
                await self._run(snapshot, settings, overrides)
            finally:
                with contextlib.suppress(RuntimeError):  # the window is gone already
                    self.ended.emit()

        self._thread = LoopThread(run, "fc-caption-run")
        self._thread.start()

    async def _run(self, images: list[ImageFile], settings: Settings, overrides: Overrides) -> None:
        """On the run's thread: build what the run needs, then caption ``images``."""
        try:
            options = run_options(settings, overrides)
            writers = build_writers(settings, overrides)
            captioner = build_captioner(settings, overrides, self._secrets)
        except CaptionerError as error:
            self.failed_to_start.emit(error.user_message())
            return
        except Exception as exc:  # noqa: BLE001 - shown to the user
            self.failed_to_start.emit(describe_exception(exc))
            return
        pipeline = CaptionPipeline(
            captioner, writers, options, library=self._library, on_event=self.run_event.emit
        )
        try:
            await pipeline.run(images)
        finally:
            await captioner.aclose()

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.cancel()

    def wait(self, timeout: float = 30.0) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    @Slot(object)
    def _track(self, event: RunEvent) -> None:
        if isinstance(event, RunStarted):
            self._total = event.total
        elif isinstance(event, ImageCaptioned | ImageFailed | ImageSkipped):
            self._done += 1
            if isinstance(event, ImageCaptioned):
                self._cost += event.cost or 0.0
            self.progress.emit(self._progress())
        elif isinstance(event, RunFinished):
            self.finished.emit(event.summary)

    def _progress(self) -> Progress:
        elapsed = max(time.monotonic() - self._started, 1e-6)
        rate = self._done / elapsed
        remaining = self._total - self._done
        eta = remaining / rate if rate > 0 else None
        return Progress(self._done, self._total, self._cost, rate * 60, eta)


def summary_text(summary: RunSummary) -> str:
    text = summary.counts_text()
    if summary.cost:
        text += f", ${summary.cost:.4f}"
    outcome = summary.outcome_text()
    return f"{text}. {outcome}" if outcome else text
