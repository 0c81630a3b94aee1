"""The one way the app changes a file: temp file, verify, fsync, atomic replace.

Libraries and naive writers truncate the original before rewriting it, so a crash
mid-write destroys the photo. Here every write goes to a temporary file in the same folder
(so the final ``os.replace`` is atomic on the same filesystem), is verified, fsynced,
checked against concurrent changes to the original, and only then replaces it. A crash
at any moment leaves either the old file or the new one, plus at worst a stray temp
file that :func:`remove_stray_temp_files` deletes at the next start.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from desktop_app.i18n import lazy_gettext, lazy_ngettext
from desktop_app.metadata.errors import (
    FileBusy,
    FileChangedMeanwhile,
    ReadOnlyLocation,
    WriteError,
    write_error_from,
)

TEMP_PREFIX = ".fc-tmp-"
REPLACE_RETRIES = 6  # Windows: another program holding the file open
REPLACE_RETRY_BASE_S = 0.05


@dataclass(frozen=True)
class FileStamp:
    """Size, modification time and identity: enough to notice another program's write,
    including a file replaced by a new one (another inode) of the same size."""

    size: int
    mtime_ns: int
    inode: int = 0

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        info = path.stat()
        return cls(info.st_size, info.st_mtime_ns, info.st_ino)


def temp_path_for(target: Path) -> Path:
    """A hidden, unique temp name beside ``target``, recognisable as the app's own."""
    return target.with_name(f"{TEMP_PREFIX}{secrets.token_hex(4)}-{target.name}")


def is_temp_file(path: Path) -> bool:
    return path.name.startswith(TEMP_PREFIX)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make the rename durable; not possible (nor needed) on Windows."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # some network filesystems refuse fsync on directories
    finally:
        os.close(fd)


def replace_with_retries(source: Path, target: Path, *, retries: int = REPLACE_RETRIES) -> None:
    """``os.replace``, retried while Windows reports the target as in use.

    On Windows a sharing violation surfaces as ``PermissionError``; elsewhere a
    ``PermissionError`` is final (a read-only folder) and is raised at once.
    """
    windows = sys.platform == "win32"
    for attempt in range(retries):
        try:
            os.replace(source, target)
            return
        except PermissionError as exc:
            if not windows:
                raise
            if attempt == retries - 1:
                raise FileBusy(
                    lazy_gettext(
                        "{name} is open in another program and cannot be replaced.",
                        name=target.name,
                    ),
                    lazy_gettext(
                        "Close the program using it and retry; the original is unchanged."
                    ),
                    detail=str(exc),
                ) from exc
            time.sleep(REPLACE_RETRY_BASE_S * 2**attempt)


def _copy_permissions(source: Path, target: Path) -> None:
    """Mode bits, and the owner where we may set it (root writing a user's photo)."""
    with contextlib.suppress(OSError):
        shutil.copymode(source, target)
    if hasattr(os, "chown"):
        info = source.stat()
        with contextlib.suppress(OSError):
            if (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
                os.chown(target, info.st_uid, info.st_gid)


def real_path(target: Path) -> Path:
    """The file a symbolic link points to: replacing the link would turn it into a copy."""
    return target.resolve() if target.is_symlink() else target


def check_writable(target: Path) -> None:
    """Refuse files the user marked read-only, and files with other hard links.

    A read-only file says "do not change me" even to root (and even though replacing
    it only needs a writable folder). Replacing a hard-linked file would silently
    split it from its other names, which would keep the old content.
    """
    try:
        info = target.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise write_error_from(exc, target) from exc
    if not info.st_mode & stat.S_IWUSR:
        raise ReadOnlyLocation(
            lazy_gettext("Cannot write {name}: the file is read-only.", name=target.name),
            lazy_gettext("Make it writable if the caption should go there; it was not changed."),
        )
    if info.st_nlink > 1 and stat.S_ISREG(info.st_mode):
        raise WriteError(
            lazy_ngettext(
                "Cannot write {name}: it has {n} other hard link, which would keep the old "
                "content.",
                "Cannot write {name}: it has {n} other hard links, which would keep the old "
                "content.",
                info.st_nlink - 1,
                name=target.name,
            ),
            lazy_gettext("Write the caption to a sidecar instead; the file was not changed."),
        )


def write_new_file(
    target: Path,
    data: bytes,
    *,
    expected: FileStamp | None = None,
    keep_mtime: bool = False,
    verify: Callable[[Path], None] | None = None,
) -> None:
    """Write ``data`` to ``target`` atomically (the whole file is the app's to write).

    ``expected`` is the stamp of ``target`` when its old content was read: if it changed
    since, another program wrote it and the write is refused rather than lost.
    ``verify(temp)`` re-reads the written temp file before it replaces anything.
    """
    target = real_path(target)
    check_writable(target)
    temp = temp_path_for(target)
    try:
        with open(temp, "xb") as handle:
            handle.write(data)
            handle.flush()
            if verify is not None:
                verify(temp)
            os.fsync(handle.fileno())
        _finish_replace(temp, target, expected=expected, keep_mtime=keep_mtime)
    except OSError as exc:
        raise write_error_from(exc, target) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def rewrite_file_with_tool(
    target: Path,
    write_copy: Callable[[Path, Path], None],
    verify: Callable[[Path, Path], None],
    *,
    keep_mtime: bool = False,
    temp_suffix: str = "",
) -> None:
    """Change an existing file through a tool that writes a new copy of it.

    ``write_copy(original, temp)`` makes the temp file beside the original (ExifTool's
    ``-o``: it refuses to overwrite, so the temp name is new); ``verify(temp,
    original)`` re-reads both before the copy is fsynced and atomically replaces the
    original. ``temp_suffix`` is added to the temp name (see ``EmbedJob``).
    """
    target = real_path(target)
    check_writable(target)
    check_folder_writable(target)
    temp = temp_path_for(target)
    temp = temp.with_name(temp.name + temp_suffix)
    try:
        before = FileStamp.of(target)
        write_copy(target, temp)
        shutil.copystat(target, temp)  # mode bits, flags and extended attributes
        os.utime(temp)  # copystat copied the times too: a new file is new
        with _in_background(fsync_file, temp):  # the disk works while the readers check
            verify(temp, target)
        _finish_replace(temp, target, expected=before, keep_mtime=keep_mtime)
    except OSError as exc:
        raise write_error_from(exc, target) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


@contextlib.contextmanager
def _in_background(action: Callable[[Path], None], path: Path) -> Iterator[None]:
    """Run ``action(path)`` on a thread during the block; its error is raised at the end."""
    errors: list[OSError] = []

    def run() -> None:
        try:
            action(path)
        except OSError as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, name="fsync", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()
    if errors:
        raise errors[0]


def check_folder_writable(target: Path) -> None:
    """A tool told to create a file in a read-only folder only says "error creating":
    say what it means before starting it (root may write anywhere, and does)."""
    if not os.access(target.parent, os.W_OK):
        raise ReadOnlyLocation(
            lazy_gettext("Cannot write {name}: its folder is read-only.", name=target.name),
            lazy_gettext(
                "Give yourself write permission on the folder (or choose another destination); "
                "the image was not changed."
            ),
        )


def _finish_replace(
    temp: Path, target: Path, *, expected: FileStamp | None, keep_mtime: bool
) -> None:
    existing = target.exists()
    if expected is not None and existing and FileStamp.of(target) != expected:
        raise FileChangedMeanwhile(
            lazy_gettext(
                "{name} was changed by another program while the caption was written.",
                name=target.name,
            ),
            lazy_gettext("Nothing was overwritten; the image will be retried."),
        )
    if existing:
        _copy_permissions(target, temp)
        if keep_mtime:
            stat = target.stat()
            os.utime(temp, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with old_content_released_later(target if existing else None):
        replace_with_retries(temp, target)
        fsync_dir(target.parent)


# Local filesystems whose replace of an open file is plain POSIX (network ones may
# rename the open file aside, as NFS does with its .nfsXXXX files).
_LOCAL_FILESYSTEMS = frozenset(
    "ext2 ext3 ext4 xfs btrfs tmpfs overlay zfs f2fs jfs reiserfs bcachefs".split()
)
_filesystems: dict[int, str] = {}
_releaser = ThreadPoolExecutor(max_workers=1, thread_name_prefix="release")


@contextlib.contextmanager
def old_content_released_later(target: Path | None) -> Iterator[None]:
    """Keep the file being replaced open across the replace, and close it afterwards
    on a thread: freeing a large file's old content happens at its last close, and
    costs as much as a third of a caption write (Linux, local filesystems only)."""
    fd = _open_if_local(target) if target is not None else None
    try:
        yield
    finally:
        if fd is not None:
            _releaser.submit(os.close, fd)


def _open_if_local(target: Path) -> int | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        fd = os.open(target, os.O_RDONLY)
    except OSError:
        return None
    if _filesystem_type(os.fstat(fd).st_dev) in _LOCAL_FILESYSTEMS:
        return fd
    os.close(fd)
    return None


def _filesystem_type(device: int) -> str:
    if device not in _filesystems:
        wanted = f"{os.major(device)}:{os.minor(device)}"
        found = ""
        with contextlib.suppress(OSError), open("/proc/self/mountinfo", encoding="utf-8") as info:
            for line in info:
                fields = line.split()
                if len(fields) > 2 and fields[2] == wanted and " - " in line:
                    found = line.split(" - ", 1)[1].split()[0]
        _filesystems[device] = found
    return _filesystems[device]


def remove_stray_temp_files(folders: Iterable[Path], *, recursive: bool = False) -> list[Path]:
    """Delete temp files a crash left behind; returns what was removed."""
    removed: list[Path] = []
    for folder in folders:
        pattern = f"**/{TEMP_PREFIX}*" if recursive else f"{TEMP_PREFIX}*"
        for path in Path(folder).glob(pattern):
            with contextlib.suppress(OSError):
                if path.is_file():
                    path.unlink()
                    removed.append(path)
    return removed
