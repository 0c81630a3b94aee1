"""ExifTool processes per writer thread: one that writes, one that reads beside it.

A write reads the original with ExifTool while the same file is being written by the
other process, then reads the written copy (see :mod:`embed_job`), so each thread that
writes captions owns two ``-stay_open`` processes. They start on first use, are
restarted after a crash or a hang, belong to the thread (thread-local storage: any
thread, Python's or Qt's) and process (a forked child starts its own) that made them,
and are closed when the thread ends or the app exits.

Every process runs with the app's ExifTool configuration (:data:`CONFIG`), which
defines the caption provenance namespace (``fcap``) and the IPTC 2025 AI properties
older ExifTool versions do not know; it also keeps a user's own ``.ExifTool_config``
from changing what the app writes. It lives in a folder of this process's own, with
the value files arguments cannot carry; folders of processes that are gone are
removed when the next one starts.
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
import weakref
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
_FOLDER_PREFIX = "folder-captioner-exiftool-"


class _ProcessFolder:
    """This process's folder for the configuration and value files."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        _remove_folders_of_gone_processes()
        self.path = Path(tempfile.mkdtemp(prefix=f"{_FOLDER_PREFIX}{self.pid}-"))
        self.config = self.path / "folder-captioner.config"
        self.config.write_text(CONFIG, encoding="utf-8")

    def remove(self) -> None:
        if os.getpid() == self.pid:
            shutil.rmtree(self.path, ignore_errors=True)


def _remove_folders_of_gone_processes() -> None:
    for folder in Path(tempfile.gettempdir()).glob(f"{_FOLDER_PREFIX}*"):
        try:
            pid = int(folder.name[len(_FOLDER_PREFIX) :].split("-", 1)[0])
        except ValueError:
            continue
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's, or not ours to judge
    return True


_folder: _ProcessFolder | None = None
_folder_lock = threading.Lock()


def _process_folder() -> _ProcessFolder:
    global _folder  # noqa: PLW0603 - one folder per process, made on first use
    with _folder_lock:
        if _folder is None or _folder.pid != os.getpid():
            _folder = _ProcessFolder()
        return _folder


class ExifToolSession:
    """The writer and reader processes of one thread, and its value files."""

    _numbers = itertools.count()

    def __init__(self, install: ExifToolInstall | None = None) -> None:
        self.install = install or find_exiftool()
        self.pid = os.getpid()
        folder = _process_folder()
        self.folder = folder.path
        self._prefix = f"value-{next(self._numbers)}-"
        command = [*self.install.command, "-config", str(folder.config)]
        self.writer = ExifToolProcess(command, name="exiftool-writer")
        self.reader = ExifToolProcess(command, name="exiftool-reader")
        self._values = itertools.count()

    def value_file(self, value: str) -> Path:
        """A file holding ``value`` exactly, for ``-TAG<=FILE`` (line breaks, spaces)."""
        path = self.folder / f"{self._prefix}{next(self._values)}.txt"
        path.write_bytes(value.encode("utf-8"))
        return path

    def clear_value_files(self) -> None:
        for path in self.folder.glob(f"{self._prefix}*"):
            with contextlib.suppress(OSError):
                path.unlink()

    def close(self) -> None:
        _close(self.writer, self.reader)
        self.clear_value_files()


def _close(*processes: ExifToolProcess) -> None:
    for process in processes:
        process.close()


_local = threading.local()
# Every open session, to close them at exit (a thread's own closes with the thread).
_open: weakref.WeakSet[ExifToolSession] = weakref.WeakSet()


def current_session() -> ExifToolSession:
    """This thread's session (started on first use; raises ExifToolMissing)."""
    session: ExifToolSession | None = getattr(_local, "session", None)
    if session is None or session.pid != os.getpid():
        session = ExifToolSession()
        _local.session = session
        _open.add(session)
        # When the thread ends, its local storage (and the session) goes: close the
        # processes then (on Linux the kernel has ended them already).
        weakref.finalize(session, _close, session.writer, session.reader)
    return session


def close_all() -> None:
    """Close this process's sessions and remove its folder (at exit, and in tests)."""
    for session in list(_open):
        if session.pid == os.getpid():
            session.close()
    if _folder is not None:
        _folder.remove()


atexit.register(close_all)
