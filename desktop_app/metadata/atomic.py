"""The one way the app changes a file: temp file, verify, fsync, atomic replace.

libexiv2 and naive writers truncate the original before rewriting it, so a crash mid-
write destroys the photo. Here every write goes to a temporary file in the same folder
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
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from desktop_app.metadata.errors import (
    FileBusy,
    FileChangedMeanwhile,
    write_error_from,
)

TEMP_PREFIX = ".fc-tmp-"
REPLACE_RETRIES = 6  # Windows: another program holding the file open
REPLACE_RETRY_BASE_S = 0.05


@dataclass(frozen=True)
class FileStamp:
    """Size and modification time: enough to notice that another program wrote a file."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        stat = path.stat()
        return cls(stat.st_size, stat.st_mtime_ns)


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
                    f"{target.name} is open in another program and cannot be replaced.",
                    "Close the program using it and retry; the original is unchanged.",
                    detail=str(exc),
                ) from exc
            time.sleep(REPLACE_RETRY_BASE_S * 2**attempt)


def _copy_permissions(source: Path, target: Path) -> None:
    with contextlib.suppress(OSError):
        shutil.copymode(source, target)


def write_new_file(
    target: Path,
    data: bytes,
    *,
    expected: FileStamp | None = None,
    keep_mtime: bool = False,
) -> None:
    """Write ``data`` to ``target`` atomically (the whole file is the app's to write).

    ``expected`` is the stamp of ``target`` when its old content was read: if it changed
    since, another program wrote it and the write is refused rather than lost.
    """
    temp = temp_path_for(target)
    try:
        with open(temp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _finish_replace(temp, target, expected=expected, keep_mtime=keep_mtime)
    except OSError as exc:
        raise write_error_from(exc, target) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def update_file(
    target: Path,
    modify: Callable[[Path], None],
    verify: Callable[[Path, Path], None],
    *,
    keep_mtime: bool = False,
) -> None:
    """Change an existing file safely: copy, ``modify(copy)``, ``verify(copy, original)``.

    ``verify`` raises when the copy is not what it should be (caption not read back,
    image data changed); the original is then left untouched.
    """
    before = FileStamp.of(target)
    temp = temp_path_for(target)
    try:
        shutil.copy2(target, temp)
        modify(temp)
        verify(temp, target)
        fsync_file(temp)
        _finish_replace(temp, target, expected=before, keep_mtime=keep_mtime)
    except OSError as exc:
        raise write_error_from(exc, target) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _finish_replace(
    temp: Path, target: Path, *, expected: FileStamp | None, keep_mtime: bool
) -> None:
    existing = target.exists()
    if expected is not None and existing and FileStamp.of(target) != expected:
        raise FileChangedMeanwhile(
            f"{target.name} was changed by another program while the caption was written.",
            "Nothing was overwritten; the image will be retried.",
        )
    if existing:
        _copy_permissions(target, temp)
        if keep_mtime:
            stat = target.stat()
            os.utime(temp, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    replace_with_retries(temp, target)
    fsync_dir(target.parent)


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
