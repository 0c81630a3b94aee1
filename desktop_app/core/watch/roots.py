"""The watched folders: which are there now, and their observers.

A watched folder can disappear: a NAS share is unmounted, a USB disk unplugged, the
folder renamed away. Its images and jobs must not be dropped for that: the index keeps
them, the queue skips them, and when the folder is back it is watched again and
rescanned. A folder counts as "the same" while its (device, inode) identity holds; a
new identity (the share mounted again, a folder recreated) means a fresh watch and a
rescan, because native watches follow the old inode.

Used from the watch service's intake thread; ``available`` and ``root_of`` are also
safe from other threads.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.watch.fstype import WatchMode, needs_polling
from desktop_app.core.watch.observers import NoticeSink, RootWatch
from desktop_app.i18n import Text, join_texts, lazy_gettext


@dataclass(frozen=True)
class RootChange:
    root: Path
    available: bool
    polling: bool
    how: Text  # how it is watched, or why it is unavailable


class _Root:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.identity: tuple[int, int] | None = None
        self.watch: RootWatch | None = None
        self.reported: tuple[bool, Text] | None = None


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino) if path.is_dir() else None


class Roots:
    def __init__(
        self,
        paths: Sequence[Path],
        *,
        mode: WatchMode,
        poll_interval_s: float,
        sink: NoticeSink,
    ) -> None:
        self._roots = [_Root(path) for path in paths]
        self._mode = mode
        self._poll_interval_s = poll_interval_s
        self._sink = sink
        self._lock = threading.Lock()
        self._available: tuple[Path, ...] = ()

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(root.path for root in self._roots)

    def available(self) -> tuple[Path, ...]:
        with self._lock:
            return self._available

    def root_of(self, path: Path) -> Path | None:
        for root in self._roots:
            if path == root.path or root.path in path.parents:
                return root.path
        return None

    def is_available_for(self, path: Path) -> bool:
        """Whether ``path``'s watched folder is there (True for paths outside them)."""
        root = self.root_of(path)
        return root is None or root in self.available()

    def check(self) -> list[RootChange]:
        """Compare every folder with what it was; (re)start or stop watches."""
        changes = []
        for root in self._roots:
            change = self._check(root)
            if change is not None and (change.available, change.how) != root.reported:
                root.reported = (change.available, change.how)
                changes.append(change)
        with self._lock:
            self._available = tuple(r.path for r in self._roots if r.watch is not None)
        return changes

    def _check(self, root: _Root) -> RootChange | None:
        identity = _identity(root.path)
        if identity == root.identity and (identity is None or root.watch is not None):
            return None
        self._stop(root)
        root.identity = identity
        if identity is None:
            gone = lazy_gettext("the folder is gone (unmounted or moved)")
            return RootChange(root.path, False, False, gone)
        polling, how = needs_polling(root.path, self._mode)
        watch = RootWatch(
            root.path, polling=polling, poll_interval_s=self._poll_interval_s, sink=self._sink
        )
        try:
            watch.start()
        except OSError as exc:
            root.identity = None  # try again at the next check
            reason = lazy_gettext("cannot watch it: {error}", error=exc.strerror or str(exc))
            return RootChange(root.path, False, polling, reason)
        root.watch = watch
        if watch.fallback_reason:
            how = lazy_gettext("polling: {reason}", reason=watch.fallback_reason)
        if watch.polling:
            every = lazy_gettext("every {seconds} s", seconds=format(self._poll_interval_s, "g"))
            how = join_texts(how, every, separator=", ")
        return RootChange(root.path, True, watch.polling, how)

    def _stop(self, root: _Root) -> None:
        watch, root.watch = root.watch, None
        if watch is not None:
            watch.stop()

    def stop_all(self) -> None:
        for root in self._roots:
            self._stop(root)
        with self._lock:
            self._available = ()
