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
from desktop_app.i18n import Text, join_texts, lazy_gettext, lazy_ngettext

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
            log.info("%s", text.english())
            if self.as_json:
                self._json(event)
            elif self._shown(event):
                stamp = time.strftime("%H:%M:%S")
                self.err.print(f"[dim]{stamp}[/] {escape(str(text))}")

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
                    "message": event.error.message_en,
                    "hint": event.error.hint_en,
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

    def describe(self, event: WatchEvent) -> Text:  # noqa: PLR0912
        """The status line for an event: English in the log, the user's language on the
        terminal (``str()`` of the result)."""
        if isinstance(event, WatchStarted):
            folders = ", ".join(str(root) for root in event.roots)
            return lazy_gettext("Watching {folders}. Ctrl-C or SIGTERM to stop.", folders=folders)
        if isinstance(event, FolderWatched):
            return lazy_gettext("Watching {folder}: {how}.", folder=event.root, how=event.how)
        if isinstance(event, FolderUnavailable):
            return lazy_gettext(
                "! {folder} is not available: {reason}; its jobs wait for it.",
                folder=event.root,
                reason=event.reason,
            )
        if isinstance(event, ScanFinished):
            return lazy_ngettext(
                "Scanned {folder} in {seconds} s: {n} image, {changed} new or changed (taken "
                "once settled), {queued} never captioned queued again.",
                "Scanned {folder} in {seconds} s: {n} images, {changed} new or changed (taken "
                "once settled), {queued} never captioned queued again.",
                event.files,
                folder=event.root,
                seconds=format(event.seconds, ".1f"),
                changed=event.changed,
                queued=event.queued,
            )
        if isinstance(event, ImageDetected):
            return lazy_gettext(
                "+ {image}: detected, waiting for it to settle", image=self._name(event.path)
            )
        if isinstance(event, ImageQueued):
            if event.priority > 0:
                return lazy_gettext(
                    "= {image}: queued (before the backlog)", image=self._name(event.path)
                )
            return lazy_gettext("= {image}: queued", image=self._name(event.path))
        if isinstance(event, ImageMoved):
            return lazy_gettext(
                "> {old} -> {new}: moved, history kept",
                old=self._name(event.old),
                new=self._name(event.new),
            )
        if isinstance(event, JobDropped):
            return self._dropped(event)
        if isinstance(event, ImageSent):
            return lazy_gettext("~ {image}: captioning", image=self._name(event.path))
        if isinstance(event, ImageCaptioned):
            return self._captioned(event)
        if isinstance(event, ImageSkipped):
            return lazy_gettext(
                "- {image}: {reason}", image=self._name(event.path), reason=event.reason
            )
        if isinstance(event, ImageFailed):
            return self._failed(event)
        if isinstance(event, QueuePaused):
            return lazy_gettext("Paused: requests in flight finish, no new ones start.")
        if isinstance(event, QueueResumed):
            return lazy_gettext("Resumed.")
        if isinstance(event, QueueBlocked):
            return lazy_gettext(
                "! Captioning stopped: {reason} Trying again in {seconds} s.",
                reason=event.reason,
                seconds=format(event.retry_in_s, ".0f"),
            )
        if isinstance(event, QueueIdle):
            c = event.counts
            return lazy_gettext(
                "Idle: {done} done, {queued} queued, {failed} failed. Waiting for new images.",
                done=c.done,
                queued=c.queued,
                failed=c.failed,
            )
        if isinstance(event, WatchStopping):
            return lazy_gettext(
                "Stopping: requests in flight may finish (up to {seconds} s), the rest stays "
                "queued; a second Ctrl-C or SIGTERM stops at once.",
                seconds=format(event.grace_s, "g"),
            )
        assert isinstance(event, WatchStopped)
        return lazy_ngettext(
            "Stopped; {n} job waits for the next start.",
            "Stopped; {n} jobs wait for the next start.",
            event.queued,
        )

    def _dropped(self, event: JobDropped) -> Text:
        """``reason`` is an id (deleted, cancelled): it is said in words here."""
        image = self._name(event.path)
        if event.reason == "deleted":
            return lazy_gettext("- {image}: job dropped (deleted)", image=image)
        if event.reason == "cancelled":
            return lazy_gettext("- {image}: job dropped (cancelled)", image=image)
        return lazy_gettext("- {image}: job dropped ({reason})", image=image, reason=event.reason)

    def _captioned(self, event: ImageCaptioned) -> Text:
        image, caption = self._name(event.path), _short(event.text)
        if event.reused_from:
            return lazy_gettext(
                "✓ {image}: {caption} (copied from {source})",
                image=image,
                caption=caption,
                source=self._name(event.reused_from),
            )
        return lazy_gettext("✓ {image}: {caption}", image=image, caption=caption)

    def _failed(self, event: ImageFailed) -> Text:
        failed = lazy_gettext(
            "✗ {image}: {error}", image=self._name(event.path), error=event.error.text()
        )
        if not event.retry_in_s:
            return failed
        retry = lazy_gettext("Retrying in {seconds} s.", seconds=format(event.retry_in_s, ".0f"))
        return join_texts(failed, retry)


def _short(text: str, limit: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
