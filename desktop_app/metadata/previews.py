"""The largest embedded preview of a RAW file, through exiv2's preview manager.

RAW files are never decoded or written by the app: cameras embed a full-size or
near-full-size JPEG preview, which is what the model sees (and what the thumbnail grid
shows). A RAW without a usable preview gets a clear per-file message.

Cameras store those previews as the sensor saw them and record the turn once, in the
RAW file's own EXIF (``Orientation`` in IFD0; Panasonic's RW2 also in its own IFD): the
preview's EXIF, where it has any, does not say it. So every preview comes with the RAW's
orientation, and a portrait RAW reaches the model and the grid upright.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.errors import CaptionerError
from desktop_app.i18n import lazy_gettext
from desktop_app.metadata.exiv2_runtime import exiv2_module, exiv2_serialized

MIN_USEFUL_PREVIEW_PIXELS = 160 * 120
# Where RAW formats record how the photo is turned, most common first.
ORIENTATION_KEYS = ("Exif.Image.Orientation", "Exif.PanasonicRaw.Orientation")


@dataclass(frozen=True)
class RawPreview:
    """An embedded preview's bytes (usually a JPEG) and the EXIF orientation (1-8)
    that the RAW file records for the photo, to be applied to the preview."""

    data: bytes
    orientation: int = 1


class NoUsablePreview(CaptionerError):
    code = "raw-without-preview"


def largest_preview(path: Path) -> RawPreview:
    """The largest embedded preview image and the RAW's orientation."""
    exiv2 = exiv2_module()  # imported lazily: only RAW files need it here
    with exiv2_serialized():
        return _largest_preview(exiv2, path)


def preview_covering(
    path: Path, long_side: int, *, below_largest: bool = False
) -> RawPreview | None:
    """The smallest embedded preview whose longer side reaches ``long_side``, else the
    largest; None when there is none or exiv2 cannot read the file.

    What a grid cell shows while its real thumbnail is made (RAW files, and JPEGs whose
    maker note holds a preview). With ``below_largest`` a preview that is also the
    largest is not worth it: the real thumbnail reads that one anyway.
    """
    exiv2 = exiv2_module()
    with exiv2_serialized():
        try:
            image, manager, properties = _previews(exiv2, path)
        except exiv2.Exiv2Error:
            return None
        if not properties:
            return None
        covering = [p for p in properties if max(p.width_, p.height_) >= long_side]
        chosen = min(covering, key=_area) if covering else max(properties, key=_area)
        if below_largest and _area(chosen) >= max(_area(p) for p in properties):
            return None
        data = bytes(manager.getPreviewImage(chosen).copy().data())
        return RawPreview(data, recorded_orientation(image))


def _area(properties: Any) -> int:
    return int(properties.width_ * properties.height_)


def _previews(exiv2: Any, path: Path) -> tuple[Any, Any, list[Any]]:
    image = exiv2.ImageFactory.open(str(path))
    image.readMetadata()
    manager = exiv2.PreviewManager(image)
    return image, manager, list(manager.getPreviewProperties())


def recorded_orientation(image: Any) -> int:
    """The EXIF orientation an opened exiv2 image records (1 when none or invalid)."""
    exif = image.exifData()
    for key in ORIENTATION_KEYS:
        for datum in exif:
            if datum.key() == key and datum.count() > 0:
                value = int(datum.toInt64())
                if 1 <= value <= 8:
                    return value
    return 1


def _largest_preview(exiv2: Any, path: Path) -> RawPreview:
    try:
        image, manager, properties = _previews(exiv2, path)
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
    return RawPreview(bytes(preview.copy().data()), recorded_orientation(image))
