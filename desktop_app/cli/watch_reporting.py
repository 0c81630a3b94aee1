"""Watch events as status lines: one per event, on the terminal and in the log.

People (and journald, under systemd) read standard error: a time, a mark and what
happened, with paths shown relative to their watched folder. ``--json`` prints one
JSON object per event on standard output instead, for scripts. Every line also goes
to the rotating log file, so a headless watcher on a NAS can be checked afterwards.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from desktop_app.core.events import ImageCaptioned, ImageFailed, ImageSent, ImageSkipped
from desktop_app.core.serialization import to_data
from desktop_app.core.watch.events import (
    FolderUnavailable,
    FolderWatched,
    ImageDetected,
    ImageMoved,
    ImageQueued,
    JobDropped,
    QueueBlocked,
    QueueIdle,
    QueuePaused,
    QueueResumed,
    ScanFinished,
    WatchEvent,
    WatchStarted,
    WatchStopped,
    WatchStopping,
)

log = logging.getLogger("desktop_app.watch")
# Shown with --quiet: results and problems, not the traffic.
_QUIET_KINDS = (
    ImageCaptioned,
    ImageFailed,
    FolderUnavailable,
    QueueBlocked,
    WatchStarted,
    WatchStopping,
    WatchStopped,
)


def event_name(event: object) -> str:
    """``ImageCaptioned`` -> ``image_captioned``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(event).__name__).lower()


class WatchReporter:
    """The watch service's event callback for the command line."""

    def __init__(
        self,
        out: Console,
        err: Console,
        roots: Sequence[Path],
        *,
        as_json: bool,
        quiet: bool,
        verbose: bool = False,
    ) -> None:
        self.out = out
        self.err = err
        self.roots = list(roots)
        self.as_json = as_json
        self.quiet = quiet
        self.verbose = verbose
        self._lock = threading.Lock()

    def __call__(self, event: WatchEvent) -> None:
        with self._lock:
            text = self.describe(event)
            log.info("%s", text)
            if self.as_json:
                self._json(event)
            elif self._shown(event):
                stamp = time.strftime("%H:%M:%S")
                self.err.print(f"[dim]{stamp}[/] {escape(text)}")

    def _shown(self, event: WatchEvent) -> bool:
        if isinstance(event, ImageSent):
            return self.verbose
        return not self.quiet or isinstance(event, _QUIET_KINDS)

    def _json(self, event: WatchEvent) -> None:
        record: dict[str, Any] = {"event": event_name(event)}
        if isinstance(event, ImageFailed):
            record.update(
                path=str(event.path),
                stage=event.stage,
                retry_in_s=event.retry_in_s,
                error={
                    "code": event.error.code,
                    "message": event.error.message,
                    "hint": event.error.hint,
                },
            )
        else:
            record.update(to_data(event))
        self.out.file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.out.file.flush()

    def _name(self, path: Path) -> str:
        for root in self.roots:
            if root in path.parents:
                return str(path.relative_to(root))
        return str(path)

    def describe(self, event: WatchEvent) -> str:  # noqa: PLR0912
        """The status line for an event (plain text; also what is logged)."""
        if isinstance(event, WatchStarted):
            folders = ", ".join(str(root) for root in event.roots)
            return f"Watching {folders}. Ctrl-C or SIGTERM to stop."
        if isinstance(event, FolderWatched):
            return f"Watching {event.root}: {event.how}."
        if isinstance(event, FolderUnavailable):
            return f"! {event.root} is not available: {event.reason}; its jobs wait for it."
        if isinstance(event, ScanFinished):
            return (
                f"Scanned {event.root} in {event.seconds:.1f} s: {event.files} image(s), "
                f"{event.changed} new or changed (taken once settled), "
                f"{event.queued} never captioned queued again."
            )
        if isinstance(event, ImageDetected):
            return f"+ {self._name(event.path)}: detected, waiting for it to settle"
        if isinstance(event, ImageQueued):
            first = " (before the backlog)" if event.priority > 0 else ""
            return f"= {self._name(event.path)}: queued{first}"
        if isinstance(event, ImageMoved):
            return f"> {self._name(event.old)} -> {self._name(event.new)}: moved, history kept"
        if isinstance(event, JobDropped):
            return f"- {self._name(event.path)}: job dropped ({event.reason})"
        if isinstance(event, ImageSent):
            return f"~ {self._name(event.path)}: captioning"
        if isinstance(event, ImageCaptioned):
            origin = f" (copied from {self._name(event.reused_from)})" if event.reused_from else ""
            return f"✓ {self._name(event.path)}: {_short(event.text)}{origin}"
        if isinstance(event, ImageSkipped):
            return f"- {self._name(event.path)}: {event.reason}"
        if isinstance(event, ImageFailed):
            retry = f" Retrying in {event.retry_in_s:.0f} s." if event.retry_in_s else ""
            return f"✗ {self._name(event.path)}: {event.error.user_message()}{retry}"
        if isinstance(event, QueuePaused):
            return "Paused: requests in flight finish, no new ones start."
        if isinstance(event, QueueResumed):
            return "Resumed."
        if isinstance(event, QueueBlocked):
            return f"! Captioning stopped: {event.reason} Trying again in {event.retry_in_s:.0f} s."
        if isinstance(event, QueueIdle):
            c = event.counts
            return (
                f"Idle: {c.done} done, {c.queued} queued, {c.failed} failed. "
                "Waiting for new images."
            )
        if isinstance(event, WatchStopping):
            return (
                f"Stopping: requests in flight may finish (up to {event.grace_s:g} s), "
                "the rest stays queued; a second Ctrl-C or SIGTERM stops at once."
            )
        assert isinstance(event, WatchStopped)
        return f"Stopped; {event.queued} job(s) wait for the next start."


def _short(text: str, limit: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
