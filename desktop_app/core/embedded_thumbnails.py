"""A first thumbnail from what the camera already put in the file.

The grid shows this at once and replaces it with the real thumbnail (decoded from the
photo, and the only kind the freedesktop cache keeps) a moment later. It must never
show the wrong picture, so an embedded image is used only when it can be trusted:

- it decodes whole (a JPEG cut short or damaged is not used);
- it shows the same frame as the photo: its aspect ratio matches the photo's within
  2%, or differs only by dark bars. Cameras write a 160 x 120 EXIF thumbnail even for
  3:2 and 16:9 sensors and fill the rest with black bars ("letterboxing"): those bars
  are cropped away, after checking that they are dark. Any other mismatch (a
  thumbnail the camera squeezed, one left behind by an editor that cropped or rotated
  the photo) means the decode path is taken instead;
- it is large enough to look sharp: the cell never shows it at more than
  ``MAX_UPSCALE`` times its size. Otherwise a larger embedded preview is looked for
  (MPF, the maker note's) and, failing that, the decode path is taken.

The photo's EXIF orientation is applied as it is to the real thumbnail. Files small
enough to decode in a few milliseconds take the decode path directly.
"""

from __future__ import annotations

import io
import math
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from desktop_app.core.formats import ImageKind, kind_of
from desktop_app.core.imaging import open_raw_preview, oriented
from desktop_app.core.thumbnails import Thumbnail, fit_thumbnail
from desktop_app.errors import CaptionerError
from desktop_app.metadata.embedded_jpegs import jpeg_overview, read_embedded
from desktop_app.metadata.previews import preview_covering

MAX_UPSCALE = 1.5  # a cell shows an embedded image at most this much enlarged
WORTHWHILE_PIXELS = 2_000_000  # smaller photos decode about as fast as a preview
ASPECT_TOLERANCE = 0.02
BAR_LEVEL = 40  # 0-255 luma: darker than this counts as a black bar
BAR_SHARE = 0.97  # of the bars' pixels (JPEG ringing leaves a few brighter ones)
JPEG_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".jfif", ".mpo"})
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_DECODE_ERRORS = (OSError, ValueError, SyntaxError, struct.error, zlib.error, EOFError)


@dataclass(frozen=True)
class PhotoFrame:
    """What the embedded image must agree with: the photo as stored (before rotation)."""

    aspect: float
    long_side: int


def embedded_thumbnail(path: Path, size: int) -> Thumbnail | None:
    """An upright thumbnail at most ``size`` px from the file's own embedded image, or
    None when it has none that can be trusted (the caller decodes the photo instead).

    Never raises for a bad file: whatever is wrong with it, the decode path reports.
    """
    needed = math.ceil(size / MAX_UPSCALE)
    try:
        if kind_of(path) is ImageKind.RAW:
            image = _from_raw(path, needed, size)
        elif path.suffix.lower() in JPEG_SUFFIXES:
            image = _from_jpeg(path, needed, size)
        else:
            return None
    except (*_DECODE_ERRORS, CaptionerError, MemoryError):
        return None
    return None if image is None else fit_thumbnail(image, size, from_cache=False)


def _from_jpeg(path: Path, needed: int, size: int) -> Image.Image | None:
    overview = jpeg_overview(path)
    if overview is None or overview.width * overview.height < WORTHWHILE_PIXELS:
        return None
    frame = PhotoFrame(overview.width / overview.height, max(overview.width, overview.height))
    image = None
    for embedded in overview.embedded:  # smallest first
        image = trusted_preview(read_embedded(path, embedded), frame, needed, size)
        if image is not None:
            break
    if image is None and overview.has_maker_note:
        found = preview_covering(path, needed)
        image = trusted_preview(found.data, frame, needed, size) if found else None
    if image is None:
        return None
    transpose = _TRANSPOSE.get(overview.orientation)
    return image.transpose(transpose) if transpose is not None else image


def _from_raw(path: Path, needed: int, size: int) -> Image.Image | None:
    """A RAW file's smallest preview that is sharp enough, oriented as the real
    thumbnail (made from its largest preview) is; None when that is the largest."""
    found = preview_covering(path, needed, below_largest=True)
    if found is None:
        return None
    with open_raw_preview(found) as preview:
        if max(preview.size) < needed:
            return None
        preview.draft("RGB", _draft_size(preview.size, size))
        preview.load()
        upright = oriented(preview)
        return upright.convert("RGB") if upright.mode != "RGB" else upright.copy()


def trusted_preview(data: bytes, frame: PhotoFrame, needed: int, size: int) -> Image.Image | None:
    """The embedded JPEG ``data`` as an RGB image of the photo's frame (bars cropped,
    decoded at no more than about ``size`` px), or None when it is damaged, shows
    another frame, or is smaller than ``needed`` px and so would not look sharp."""
    if not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        return None  # cut short: the end of a JPEG is its EOI marker
    with Image.open(io.BytesIO(data)) as preview:
        if preview.format not in ("JPEG", "MPO"):
            return None
        box = content_box(preview.size, frame.aspect)
        if box is None:
            return None
        long_side = max(box[2] - box[0], box[3] - box[1])
        if long_side < needed or long_side > frame.long_side:
            return None  # too small to look sharp, or larger than the photo itself
        whole = math.ceil(max(preview.size) * size / long_side)  # the picture at ~size px
        preview.draft("RGB", _draft_size(preview.size, whole))
        preview.load()
        image = preview.convert("RGB") if preview.mode != "RGB" else preview.copy()
    box = content_box(image.size, frame.aspect)  # the draft may have scaled it
    if box is None:
        return None
    if box != (0, 0, *image.size):
        if not bars_are_dark(image, box):
            return None
        image = _without_bars(image, box, frame.aspect)
    return image


def content_box(size: tuple[int, int], aspect: float) -> tuple[int, int, int, int] | None:
    """Where a picture of ``aspect`` lies inside an image of ``size``: the whole image
    when the ratios agree, the part between the bars when bars would explain the
    difference; None for an image too small to judge."""
    width, height = size
    if width < 8 or height < 8:
        return None
    if abs(width / height - aspect) <= ASPECT_TOLERANCE * aspect:
        return (0, 0, width, height)
    if width / height < aspect:  # bars above and below
        inner = width / aspect
        top = round((height - inner) / 2)
        return (0, top, width, top + round(inner))
    inner = height * aspect  # bars left and right
    left = round((width - inner) / 2)
    return (left, 0, left + round(inner), height)


def bars_are_dark(image: Image.Image, box: tuple[int, int, int, int]) -> bool:
    """Whether everything outside ``box`` (a pixel's margin left for JPEG ringing at
    the edge of the picture) is nearly all dark: bars, not a squeezed picture."""
    width, height = image.size
    left, top, right, bottom = box
    regions = [
        (0, 0, width, top - 1),
        (0, bottom + 1, width, height),
        (0, 0, left - 1, height),
        (right + 1, 0, width, height),
    ]
    luma = image.convert("L")
    dark = total = 0
    for region in regions:
        if region[2] <= region[0] or region[3] <= region[1]:
            continue
        histogram = luma.crop(region).histogram()
        dark += sum(histogram[: BAR_LEVEL + 1])
        total += sum(histogram)
    return dark >= BAR_SHARE * total  # no bar thicker than the margin: only rounding


def _without_bars(image: Image.Image, box: tuple[int, int, int, int], aspect: float) -> Image.Image:
    """The picture between the bars. Cameras place it to a pixel either way of the
    centre, so a pixel more is cut on each barred side (a bar's dark line along the
    edge would show), and the picture is brought back to the photo's exact shape."""
    left, top, right, bottom = box
    if left:
        left, right = left + 1, right - 1
    else:
        top, bottom = top + 1, bottom - 1
    picture = image.crop((left, top, right, bottom))
    width, height = picture.size
    if left:
        return picture.resize((max(1, round(height * aspect)), height), Image.Resampling.BILINEAR)
    return picture.resize((width, max(1, round(width / aspect))), Image.Resampling.BILINEAR)


def _draft_size(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    """The size to ask the JPEG decoder for (its DCT scaling keeps at least this)."""
    scale = min(1.0, long_side / max(size))
    return max(1, math.ceil(size[0] * scale)), max(1, math.ceil(size[1] * scale))
