"""One watcher per library: two consumers of the same queue would caption twice.

An advisory lock on a file beside the index (``flock`` on POSIX, ``msvcrt.locking`` on
Windows). The operating system releases it when the process dies, however it dies, so
a watcher killed with SIGKILL never blocks the next start.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import IO

from desktop_app.errors import CaptionerError
from desktop_app.i18n import lazy_gettext


class AlreadyWatching(CaptionerError):
    code = "already-watching"
    stops_run = True


class WatchLock:
    def __init__(self, library_file: Path) -> None:
        self.path = library_file.with_name(library_file.name + ".watch.lock")
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release
        try:
            _lock(handle)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise AlreadyWatching(
                lazy_gettext(
                    "Another watcher ({holder}) is already using this library.", holder=holder
                ),
                lazy_gettext(
                    "Stop it first, or set FOLDER_CAPTIONER_HOME to use a separate library."
                ),
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is not None:
            with contextlib.suppress(OSError):
                handle.truncate(0)
            handle.close()

    def __enter__(self) -> WatchLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _lock(handle: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
