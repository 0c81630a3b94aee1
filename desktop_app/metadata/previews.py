"""The largest embedded preview of a RAW file, through exiv2's preview manager.

RAW files are never decoded or written by the app: cameras embed a full-size or
near-full-size JPEG preview, which is what the model sees (and what the thumbnail grid
shows). A RAW without a usable preview gets a clear per-file message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.errors import CaptionerError
from desktop_app.metadata.exiv2_runtime import exiv2_module, exiv2_serialized

MIN_USEFUL_PREVIEW_PIXELS = 160 * 120


class NoUsablePreview(CaptionerError):
    code = "raw-without-preview"


def largest_preview(path: Path) -> bytes:
    """The bytes of the largest embedded preview image (usually a JPEG)."""
    exiv2 = exiv2_module()  # imported lazily: only RAW files need it here
    with exiv2_serialized():
        return _largest_preview(exiv2, path)


def preview_covering(path: Path, long_side: int, *, below_largest: bool = False) -> bytes | None:
    """The smallest embedded preview whose longer side reaches ``long_side``, else the
    largest; None when there is none or exiv2 cannot read the file.

    What a grid cell shows while its real thumbnail is made (RAW files, and JPEGs whose
    maker note holds a preview). With ``below_largest`` a preview that is also the
    largest is not worth it: the real thumbnail reads that one anyway.
    """
    exiv2 = exiv2_module()
    with exiv2_serialized():
        try:
            manager, properties = _previews(exiv2, path)
        except exiv2.Exiv2Error:
            return None
        if not properties:
            return None
        covering = [p for p in properties if max(p.width_, p.height_) >= long_side]
        chosen = min(covering, key=_area) if covering else max(properties, key=_area)
        if below_largest and _area(chosen) >= max(_area(p) for p in properties):
            return None
        return bytes(manager.getPreviewImage(chosen).copy().data())


def _area(properties: Any) -> int:
    return int(properties.width_ * properties.height_)


def _previews(exiv2: Any, path: Path) -> tuple[Any, list[Any]]:
    image = exiv2.ImageFactory.open(str(path))
    image.readMetadata()
    manager = exiv2.PreviewManager(image)
    return manager, list(manager.getPreviewProperties())


def _largest_preview(exiv2: Any, path: Path) -> bytes:
    try:
        manager, properties = _previews(exiv2, path)
    except exiv2.Exiv2Error as exc:
        raise NoUsablePreview(
            "The RAW file could not be read.",
            "It may be damaged, or a format exiv2 does not know yet.",
            detail=str(exc),
        ) from exc
    usable = [p for p in properties if p.width_ * p.height_ >= MIN_USEFUL_PREVIEW_PIXELS]
    if not usable:
        raise NoUsablePreview(
            "This RAW file has no embedded preview large enough to caption.",
            "Export a JPEG or TIFF from your RAW editor and caption that instead.",
        )
    best = max(usable, key=lambda p: p.width_ * p.height_)
    preview = manager.getPreviewImage(best)
    return bytes(preview.copy().data())
