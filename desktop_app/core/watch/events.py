"""What the folder watcher reports, as immutable values.

The watch service passes these, and the caption pipeline's own per-image events
(:mod:`desktop_app.core.events`: sent, captioned, skipped, failed), to one callback.
The CLI prints a status line for each; the GUI turns them into Qt signals. The
callback is called from the service's threads, one call at a time, never concurrently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.events import ImageCaptioned, ImageFailed, ImageSent, ImageSkipped
from desktop_app.i18n import Text


@dataclass(frozen=True)
class WatchStarted:
    roots: tuple[Path, ...]


@dataclass(frozen=True)
class FolderWatched:
    """A watched folder is there (again) and watched; ``how`` says native or polling."""

    root: Path
    polling: bool
    how: Text


@dataclass(frozen=True)
class FolderUnavailable:
    """A watched folder went away (an unmounted share): its jobs wait for it."""

    root: Path
    reason: Text


@dataclass(frozen=True)
class ScanFinished:
    """A start-up or safety-net scan compared a folder with the index."""

    root: Path
    files: int
    changed: int
    queued: int
    seconds: float


@dataclass(frozen=True)
class ImageDetected:
    """A new or changed file: taken once it has settled."""

    path: Path


@dataclass(frozen=True)
class ImageQueued:
    path: Path
    priority: int


@dataclass(frozen=True)
class ImageMoved:
    """Renamed or moved: its history (captions, state, job) moved with it."""

    old: Path
    new: Path


@dataclass(frozen=True)
class JobDropped:
    """A pending job left the queue: ``reason`` is 'deleted' or 'cancelled'."""

    path: Path
    reason: str


@dataclass(frozen=True)
class QueuePaused:
    pass


@dataclass(frozen=True)
class QueueResumed:
    pass


@dataclass(frozen=True)
class QueueBlocked:
    """Captioning cannot go on (a rejected key, an empty balance): tried again later."""

    reason: Text
    retry_in_s: float


@dataclass(frozen=True)
class QueueCounts:
    queued: int
    captioning: int
    done: int
    failed: int


@dataclass(frozen=True)
class QueueIdle:
    """Everything due is done; waiting for new images."""

    counts: QueueCounts


@dataclass(frozen=True)
class WatchStopping:
    """A stop was asked for: from now on no request leaves; those in flight may finish
    within ``grace_s`` seconds (then they are abandoned and their images stay queued).
    Announced so a person (or a test) knows the stop is under way while it waits."""

    grace_s: float


@dataclass(frozen=True)
class WatchStopped:
    """The watcher stopped; ``queued`` jobs wait for the next start."""

    queued: int


WatchEvent = (
    WatchStarted
    | FolderWatched
    | FolderUnavailable
    | ScanFinished
    | ImageDetected
    | ImageQueued
    | ImageMoved
    | JobDropped
    | QueuePaused
    | QueueResumed
    | QueueBlocked
    | QueueIdle
    | WatchStopping
    | WatchStopped
    | ImageSent
    | ImageCaptioned
    | ImageSkipped
    | ImageFailed
)
