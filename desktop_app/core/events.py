"""What a caption run reports, as immutable values.

The CLI turns these into a progress bar and JSON lines, the GUI into Qt signals, the
watcher into log lines. The pipeline emits them from a single bookkeeping thread, in
order, so a consumer sees a consistent story without locks of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_app.errors import CaptionerError
from desktop_app.i18n import Text, gettext, ngettext


@dataclass(frozen=True)
class RunStarted:
    total: int
    backend: str
    model: str


@dataclass(frozen=True)
class ImageSkipped:
    path: Path
    reason: Text


@dataclass(frozen=True)
class ImageSent:
    """The image is with the model now (state 'captioning')."""

    path: Path


@dataclass(frozen=True)
class ImageCaptioned:
    path: Path
    text: str
    cost: float | None
    written: tuple[Path, ...]
    seconds: float
    keywords: tuple[str, ...] = ()
    notes: tuple[Text, ...] = ()  # e.g. "the caption went to the XMP sidecar instead"
    # Set when the caption was copied from an identical image (same content hash)
    # instead of asking the model again.
    reused_from: Path | None = None
    # Structured captions: keyword paths, the caption by language, a title, alt text.
    hierarchical_keywords: tuple[str, ...] = ()
    languages: tuple[tuple[str, str], ...] = ()
    title: str = ""
    alt_text: str = ""


@dataclass(frozen=True)
class ImageFailed:
    path: Path
    error: CaptionerError
    stage: str  # prepare | caption | write
    # Set when the image went back to the job queue and will be tried again this
    # many seconds from now (a transient failure in a watched folder).
    retry_in_s: float | None = None


@dataclass(frozen=True)
class RunSummary:
    total: int
    captioned: int
    skipped: int
    failed: int
    not_started: int
    cost: float
    elapsed_s: float
    stopped_reason: Text | None = None
    cancelled: bool = False

    @property
    def all_succeeded(self) -> bool:
        return self.failed == 0 and self.not_started == 0 and not self.stopped_reason

    def counts_text(self) -> str:
        """ "12 captioned, 3 skipped (already captioned), 1 failed": for any front end,
        in the user's language."""
        n = self.captioned
        parts = [ngettext("{n} captioned", "{n} captioned", n).format(n=n)]
        if n := self.skipped:
            text = ngettext("{n} skipped (already captioned)", "{n} skipped (already captioned)", n)
            parts.append(text.format(n=n))
        if n := self.failed:
            parts.append(ngettext("{n} failed", "{n} failed", n).format(n=n))
        if n := self.not_started:
            parts.append(ngettext("{n} not started", "{n} not started", n).format(n=n))
        return ", ".join(parts)

    def outcome_text(self) -> str:
        """Why the run ended early, or an empty string when it ran to the end."""
        if self.stopped_reason:
            return gettext("Stopped: {reason}").format(reason=self.stopped_reason)
        if self.cancelled:
            return gettext("Stopped by request; every caption received was kept.")
        return ""


@dataclass(frozen=True)
class RunFinished:
    summary: RunSummary


RunEvent = RunStarted | ImageSkipped | ImageSent | ImageCaptioned | ImageFailed | RunFinished
