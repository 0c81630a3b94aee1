"""ExifTool processes per writer thread: one that writes, one that reads beside it.

A write reads the original with ExifTool while the same file is being written by the
other process, then reads the written copy (see :mod:`embed_job`), so each thread that
writes captions owns two ``-stay_open`` processes. They start on first use, are
restarted after a crash or a hang, belong to the thread (and process: a forked child
starts its own) that made them, and are closed when the app exits.

Every process runs with the app's ExifTool configuration (:data:`CONFIG`), which
defines the caption provenance namespace (``fcap``) and the IPTC 2025 AI properties
older ExifTool versions do not know; it also keeps a user's own ``.ExifTool_config``
from changing what the app writes.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from desktop_app.metadata.exiftool_install import ExifToolInstall, find_exiftool
from desktop_app.metadata.exiftool_process import ExifToolProcess

CONFIG = """\
# Folder Captioner's ExifTool configuration: the tags it writes that ExifTool
# versions before 13 do not all know.
%Image::ExifTool::UserDefined = (
    'Image::ExifTool::XMP::Main' => {
        fcap => { SubDirectory => { TagTable => 'Image::ExifTool::UserDefined::fcap' } },
    },
    'Image::ExifTool::XMP::iptcExt' => {
        AISystemUsed => { },
        AISystemVersionUsed => { },
        AIPromptInformation => { },
        AIPromptWriterName => { },
    },
);
%Image::ExifTool::UserDefined::fcap = (
    GROUPS => { 0 => 'XMP', 1 => 'XMP-fcap', 2 => 'Image' },
    NAMESPACE => { 'fcap' => 'http://ns.folder-captioner.org/caption/1.0/' },
    WRITABLE => 'string',
    CaptionSource => { },
    Backend => { },
    Model => { },
    Generator => { },
    GeneratedAt => { },
    EditedAt => { },
);
1;
"""
# Unicode file names on Windows; elsewhere names are bytes and pass through.
COMMON_ARGS: tuple[str, ...] = ("-charset", "filename=UTF8") if sys.platform == "win32" else ()


class ExifToolSession:
    """The writer and reader processes of one thread, and a folder for value files."""

    def __init__(self, install: ExifToolInstall | None = None) -> None:
        self.install = install or find_exiftool()
        self.folder = Path(tempfile.mkdtemp(prefix="folder-captioner-exiftool-"))
        config = self.folder / "folder-captioner.config"
        config.write_text(CONFIG, encoding="utf-8")
        command = [*self.install.command, "-config", str(config)]
        self.writer = ExifToolProcess(command, name="exiftool-writer")
        self.reader = ExifToolProcess(command, name="exiftool-reader")
        self._values = itertools.count()

    def value_file(self, value: str) -> Path:
        """A file holding ``value`` exactly, for ``-TAG<=FILE`` (line breaks, spaces)."""
        path = self.folder / f"value-{next(self._values)}.txt"
        path.write_bytes(value.encode("utf-8"))
        return path

    def clear_value_files(self) -> None:
        for path in self.folder.glob("value-*.txt"):
            with contextlib.suppress(OSError):
                path.unlink()

    def close(self) -> None:
        self.writer.close()
        self.reader.close()
        shutil.rmtree(self.folder, ignore_errors=True)


_sessions: dict[tuple[int, int], ExifToolSession] = {}
_lock = threading.Lock()


def current_session() -> ExifToolSession:
    """This thread's session (started on first use; raises ExifToolMissing)."""
    key = (os.getpid(), threading.get_ident())
    with _lock:
        found = _sessions.get(key)
    if found is not None:
        return found
    session = ExifToolSession()
    with _lock:
        _sessions[key] = session
        stale = _finished_threads()
    for old in stale:
        old.close()
    return session


def _finished_threads() -> list[ExifToolSession]:
    """Sessions of threads that have ended (their processes died with them on Linux)."""
    alive = {thread.ident for thread in threading.enumerate()}
    pid = os.getpid()
    gone = [key for key in _sessions if key[0] == pid and key[1] not in alive]
    return [_sessions.pop(key) for key in gone]


@contextlib.contextmanager
def shared_session() -> Iterator[ExifToolSession]:
    """A session for a block of work outside the thread registry (tools, benchmarks)."""
    session = ExifToolSession()
    try:
        yield session
    finally:
        session.close()


def close_all() -> None:
    """Close this process's sessions (at exit, and in tests)."""
    pid = os.getpid()
    with _lock:
        mine = [key for key in _sessions if key[0] == pid]
        sessions = [_sessions.pop(key) for key in mine]
    for session in sessions:
        session.close()


def _forget_after_fork() -> None:
    """A forked child must not talk to its parent's processes: it starts its own."""
    global _lock  # noqa: PLW0603 - another thread may have held it at the fork
    _lock = threading.Lock()
    _sessions.clear()


atexit.register(close_all)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)
