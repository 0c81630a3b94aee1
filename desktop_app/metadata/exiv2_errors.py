"""Failures of the readers and structure parsers, worded for the user."""

from __future__ import annotations

from desktop_app.i18n import lazy_gettext
from desktop_app.metadata.errors import UnsupportedForWriting


class DamagedMetadata(UnsupportedForWriting):
    """The app cannot follow the file's structure, so cannot prove a write harmless."""

    code = "damaged-metadata"


def exiv2_reason(exc: Exception) -> str:
    """exiv2's own words for an error, without the error-code tuple around them."""
    return str(getattr(exc, "message", "") or exc)


def unreadable_metadata(reason: str) -> DamagedMetadata:
    short = reason if len(reason) <= 120 else reason[:119] + "…"
    return DamagedMetadata(
        lazy_gettext(
            "The caption was not embedded: this file's structure is damaged ({short}), so "
            "the check cannot prove that its image data would stay the same.",
            short=short,
        ),
        lazy_gettext(
            "Write the caption to a .txt or XMP sidecar instead; the file was not changed."
        ),
        detail=reason,
    )
