"""One watched folder's watchdog observer, reduced to the few notices the service needs.

Native observers (inotify, FSEvents, ReadDirectoryChangesW) cost nothing while nothing
happens; the polling observer lists the whole tree every interval, which is what a
network share needs (see :mod:`desktop_app.core.watch.fstype`). Each watched folder
gets its own observer, so a folder that disappears (an unmounted share) can be dropped
and watched again when it comes back without touching the others, and a native
observer that cannot start (the inotify watch limit) falls back to polling alone.

Handlers run on watchdog's threads: they only filter names and hand notices on.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from desktop_app.core.scan import is_ignored_name
from desktop_app.core.watch.settle import is_candidate
from desktop_app.i18n import Text, lazy_gettext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Changed:
    """Created, written, closed or touched: worth a (re)settle."""

    path: Path


@dataclass(frozen=True)
class Deleted:
    path: Path


@dataclass(frozen=True)
class Moved:
    old: Path
    new: Path


@dataclass(frozen=True)
class FolderAppeared:
    """Created or moved in: its files may predate the watch on it."""

    path: Path


@dataclass(frozen=True)
class FolderGone:
    """Deleted or moved out of the tree (or the watched folder itself vanished)."""

    path: Path


Notice = Changed | Deleted | Moved | FolderAppeared | FolderGone
NoticeSink = Callable[[Notice], None]

EVENT_FILTER: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileAttribEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]
_CHANGES = (FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileAttribEvent)


def _path(raw: bytes | str) -> Path:
    return Path(os.fsdecode(raw))


class _Handler(FileSystemEventHandler):
    def __init__(self, root: Path, sink: NoticeSink) -> None:
        self._root = root
        self._sink = sink

    def on_any_event(self, event: FileSystemEvent) -> None:
        notice = to_notice(event, self._root)
        if notice is not None:
            self._sink(notice)


def in_hidden_folder(path: Path, root: Path) -> bool:
    """Inside a hidden or temporary folder below ``root`` (skipped by scans too)."""
    try:
        folders = path.relative_to(root).parts[:-1]
    except ValueError:
        return True
    return any(is_ignored_name(name) for name in folders)


def to_notice(event: FileSystemEvent, root: Path) -> Notice | None:
    """The notice for a watchdog event, or None for names the watcher ignores."""
    src = _path(event.src_path)
    if isinstance(event, DirMovedEvent):
        return FolderAppeared(_path(event.dest_path))  # its files arrive as moves too
    if isinstance(event, DirCreatedEvent):
        return FolderAppeared(src)
    if isinstance(event, DirDeletedEvent):
        return FolderGone(src)
    if isinstance(event, FileMovedEvent):
        dest = _path(event.dest_path)
        old_ok = is_candidate(src) and not in_hidden_folder(src, root)
        new_ok = is_candidate(dest) and not in_hidden_folder(dest, root)
        return Moved(src, dest) if old_ok or new_ok else None
    if not is_candidate(src) or in_hidden_folder(src, root):
        return None
    if isinstance(event, FileDeletedEvent):
        return Deleted(src)
    if isinstance(event, _CHANGES):
        return Changed(src)
    return None


class RootWatch:
    """A watchdog observer on one folder (recursive), native or polling."""

    def __init__(
        self, root: Path, *, polling: bool, poll_interval_s: float, sink: NoticeSink
    ) -> None:
        self.root = root
        self.polling = polling
        self.poll_interval_s = poll_interval_s
        self.fallback_reason: Text | None = None
        self._sink = sink
        self._observer: BaseObserver | None = None

    def start(self) -> None:
        """Start watching; a native observer that fails falls back to polling. Raises
        OSError only when the folder cannot be watched at all (it is gone)."""
        if not self.root.is_dir():
            raise FileNotFoundError(2, "No such folder", str(self.root))
        if not self.polling:
            try:
                self._observer = self._start(Observer())
                return
            except OSError as exc:
                self.polling = True
                self.fallback_reason = lazy_gettext(
                    "native events unavailable ({error})", error=exc.strerror or str(exc)
                )
                log.warning("%s: %s; polling instead", self.root, self.fallback_reason.english())
        self._observer = self._start(PollingObserver(timeout=self.poll_interval_s))

    def _start(self, observer: BaseObserver) -> BaseObserver:
        observer.daemon = True
        try:
            observer.schedule(
                _Handler(self.root, self._sink),
                str(self.root),
                recursive=True,
                event_filter=EVENT_FILTER,
            )
            observer.start()
        except BaseException:
            observer.unschedule_all()
            observer.stop()
            raise
        return observer

    def stop(self) -> None:
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            if observer.is_alive():
                observer.join(timeout=10)
