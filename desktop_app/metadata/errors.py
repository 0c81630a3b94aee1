"""Failures while reading or writing captions, worded for the user."""

from __future__ import annotations

import errno
from pathlib import Path

from desktop_app.errors import CaptionerError


class WriteError(CaptionerError):
    code = "write-error"


class ReadOnlyLocation(WriteError):
    code = "read-only"


class DiskFull(WriteError):
    code = "disk-full"
    transient = True


class FileChangedMeanwhile(WriteError):
    code = "file-changed"
    transient = True


class FileBusy(WriteError):
    code = "file-busy"
    transient = True


class WriteCollision(WriteError):
    code = "write-collision"


class VerificationFailed(WriteError):
    code = "verify-failed"


class UnsupportedForWriting(WriteError):
    code = "unsupported-format"


class ReadError(CaptionerError):
    code = "read-error"


def require_text(caption: object) -> None:
    """Refuse an empty caption: writing one would erase what the fields hold."""
    if not str(getattr(caption, "text", "")).strip():
        raise WriteError(
            "The caption is empty, so nothing was written.",
            "Caption the image again, or edit the caption by hand.",
        )


_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def write_error_from(exc: OSError, target: Path) -> WriteError:
    """The user-facing error for an ``OSError`` raised while writing ``target``."""
    if exc.errno in _READ_ONLY or isinstance(exc, PermissionError):
        return ReadOnlyLocation(
            f"Cannot write {target.name}: the file or its folder is read-only.",
            "Give yourself write permission on the folder (or choose another destination); "
            "the image was not changed.",
            detail=str(exc),
        )
    if exc.errno in _NO_SPACE:
        return DiskFull(
            f"Cannot write {target.name}: the disk is full (or a size limit was reached).",
            "Free some space and retry; the original file was not changed.",
            detail=str(exc),
        )
    return WriteError(
        f"Cannot write {target.name}: {exc.strerror or exc}.",
        "The original file was not changed.",
        detail=str(exc),
    )
