"""Failures while reading or writing captions, worded for the user."""

from __future__ import annotations

import errno
from pathlib import Path

from desktop_app.errors import CaptionerError
from desktop_app.i18n import lazy_gettext


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
            lazy_gettext("The caption is empty, so nothing was written."),
            lazy_gettext("Caption the image again, or edit the caption by hand."),
        )


_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def write_error_from(exc: OSError, target: Path) -> WriteError:
    """The user-facing error for an ``OSError`` raised while writing ``target``."""
    if exc.errno in _READ_ONLY or isinstance(exc, PermissionError):
        return ReadOnlyLocation(
            lazy_gettext(
                "Cannot write {name}: the file or its folder is read-only.", name=target.name
            ),
            lazy_gettext(
                "Give yourself write permission on the folder (or choose another destination); "
                "the image was not changed."
            ),
            detail=str(exc),
        )
    if exc.errno in _NO_SPACE:
        return DiskFull(
            lazy_gettext(
                "Cannot write {name}: the disk is full (or a size limit was reached).",
                name=target.name,
            ),
            lazy_gettext("Free some space and retry; the original file was not changed."),
            detail=str(exc),
        )
    return WriteError(
        lazy_gettext(
            "Cannot write {name}: {error}.", name=target.name, error=exc.strerror or str(exc)
        ),
        lazy_gettext("The original file was not changed."),
        detail=str(exc),
    )
