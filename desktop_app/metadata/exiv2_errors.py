"""exiv2's failures, worded for the user (and kept out of the writers' main path)."""

from __future__ import annotations

from desktop_app.metadata.errors import UnsupportedForWriting


class DamagedMetadata(UnsupportedForWriting):
    """exiv2 could not read the file's metadata whole: writing would lose the rest."""

    code = "damaged-metadata"


def exiv2_reason(exc: Exception) -> str:
    """exiv2's own words for an error, without the error-code tuple around them."""
    return str(getattr(exc, "message", "") or exc)


def unreadable_metadata(reason: str) -> DamagedMetadata:
    short = reason if len(reason) <= 120 else reason[:119] + "…"
    return DamagedMetadata(
        "The caption was not embedded: part of this file's metadata is damaged or "
        f"unreadable ({short}), and rewriting it would lose what cannot be read.",
        "Write the caption to a .txt or XMP sidecar instead; the file was not changed.",
        detail=reason,
    )
