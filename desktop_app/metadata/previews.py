"""The largest embedded preview of a RAW file, through exiv2's preview manager.

RAW files are never decoded or written by the app: cameras embed a full-size or
near-full-size JPEG preview, which is what the model sees (and what the thumbnail grid
shows). A RAW without a usable preview gets a clear per-file message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.errors import CaptionerError
from desktop_app.i18n import lazy_gettext
from desktop_app.metadata.exiv2_runtime import exiv2_module, exiv2_serialized

MIN_USEFUL_PREVIEW_PIXELS = 160 * 120


class NoUsablePreview(CaptionerError):
    code = "raw-without-preview"


def largest_preview(path: Path) -> bytes:
    """The bytes of the largest embedded preview image (usually a JPEG)."""
    exiv2 = exiv2_module()  # imported lazily: only RAW files need it here
    with exiv2_serialized():
        return _largest_preview(exiv2, path)


def _largest_preview(exiv2: Any, path: Path) -> bytes:
    try:
        image = exiv2.ImageFactory.open(str(path))
        image.readMetadata()
        manager = exiv2.PreviewManager(image)
        properties = list(manager.getPreviewProperties())
    except exiv2.Exiv2Error as exc:
        raise NoUsablePreview(
            lazy_gettext("The RAW file could not be read."),
            lazy_gettext("It may be damaged, or a format exiv2 does not know yet."),
            detail=str(exc),
        ) from exc
    usable = [p for p in properties if p.width_ * p.height_ >= MIN_USEFUL_PREVIEW_PIXELS]
    if not usable:
        raise NoUsablePreview(
            lazy_gettext("This RAW file has no embedded preview large enough to caption."),
            lazy_gettext("Export a JPEG or TIFF from your RAW editor and caption that instead."),
        )
    best = max(usable, key=lambda p: p.width_ * p.height_)
    preview = manager.getPreviewImage(best)
    return bytes(preview.copy().data())
