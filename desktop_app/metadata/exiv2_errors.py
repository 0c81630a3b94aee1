"""exiv2's failures, worded for the user (and kept out of the writers' main path)."""

from __future__ import annotations

from desktop_app.i18n import lazy_gettext
from desktop_app.metadata.errors import UnsupportedForWriting, WriteError


class DamagedMetadata(UnsupportedForWriting):
    """exiv2 could not read the file's metadata whole: writing would lose the rest."""

    code = "damaged-metadata"


def exiv2_reason(exc: Exception) -> str:
    """exiv2's own words for an error, without the error-code tuple around them."""
    return str(getattr(exc, "message", "") or exc)


def unreadable_metadata(reason: str) -> DamagedMetadata:
    short = reason if len(reason) <= 120 else reason[:119] + "…"
    return DamagedMetadata(
        lazy_gettext(
            "The caption was not embedded: part of this file's metadata is damaged or "
            "unreadable ({short}), and rewriting it would lose what cannot be read.",
            short=short,
        ),
        lazy_gettext(
            "Write the caption to a .txt or XMP sidecar instead; the file was not changed."
        ),
        detail=reason,
    )


def exiv2_write_error(exc: Exception) -> WriteError:
    """exiv2 refused to write (a segment too large, a format it cannot write)."""
    text = exiv2_reason(exc)
    if "too large" in text.lower() or "TooLarge" in text:
        return UnsupportedForWriting(
            lazy_gettext(
                "The caption was not embedded: the metadata would not fit in this file's format "
                "(a JPEG metadata segment holds at most 64 KB)."
            ),
            lazy_gettext(
                "Shorten the caption, or write it to a sidecar; the file was not changed."
            ),
            detail=text,
        )
    return WriteError(
        lazy_gettext("The caption was not embedded: exiv2 could not write this file's metadata."),
        lazy_gettext(
            "Write the caption to a .txt or XMP sidecar instead; the file was not changed."
        ),
        detail=text,
    )
