"""Opening images safely and preparing them for a vision model.

A vision model's cost scales with pixels (one Qwen2.5-VL token per 28x28 cell), and the
cloud keeps at most 2048 px on the long side, so the app always downscales before an
image leaves this module. JPEGs are decoded at reduced size through Pillow's draft mode
(DCT scaling), which is what makes a 24-megapixel photo cheap to prepare.

Every failure becomes a per-file :class:`ImageError` that says what is wrong with the
file; nothing here is allowed to take the run down.
"""

from __future__ import annotations

import io
import math
import struct
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from desktop_app.backends.base import EncodedImage, ImageLimits
from desktop_app.core.formats import ImageKind, kind_of
from desktop_app.errors import CaptionerError
from desktop_app.i18n import lazy_gettext

if TYPE_CHECKING:
    from desktop_app.metadata.previews import RawPreview

ORIENTATION_TAG = 0x0112

# Pillow's own bomb check (a warning at 89 MP, an error at 179 MP) would reject real
# medium-format and panorama files; the app checks the size itself, against a limit
# the user can raise, before anything is decoded.
Image.MAX_IMAGE_PIXELS = None
DEFAULT_MAX_SOURCE_PIXELS = 400_000_000
NO_LIMITS = ImageLimits()
VISION_CELL = 28  # Qwen2.5-VL: one vision token per 28x28 pixels
BACKGROUND = (255, 255, 255)


class ImageError(CaptionerError):
    code = "image-error"


class ImageMissing(ImageError):
    code = "image-missing"


class ImageUnreadable(ImageError):
    code = "image-unreadable"


class NotAnImage(ImageError):
    code = "not-an-image"


class ImageDamaged(ImageError):
    code = "image-damaged"


class ImageTooLarge(ImageError):
    code = "image-too-large"


class RawWithoutPreview(ImageError):
    code = "raw-without-preview"


@dataclass(frozen=True)
class PixelBudget:
    """How many pixels an image may keep on its way to a model."""

    name: str
    max_pixels: int
    max_long_side: int | None = None

    @classmethod
    def from_tokens(cls, name: str, tokens: int) -> PixelBudget:
        return cls(name, tokens * VISION_CELL * VISION_CELL)

    @property
    def vision_tokens(self) -> int:
        return self.max_pixels // (VISION_CELL * VISION_CELL)


PIXEL_LEVELS: dict[str, PixelBudget] = {
    "fast": PixelBudget.from_tokens("fast", 256),
    "balanced": PixelBudget.from_tokens("balanced", 576),
    "detailed": PixelBudget.from_tokens("detailed", 1280),
    # llama.cpp caps Qwen2.5-VL at 4096 tokens (about 3.2 MP); the cloud at 2048 px.
    "maximum": PixelBudget.from_tokens("maximum", 4096),
}
DEFAULT_LEVEL = "detailed"


def pixel_level(name: str) -> PixelBudget:
    try:
        return PIXEL_LEVELS[name]
    except KeyError:
        known = ", ".join(PIXEL_LEVELS)
        raise ValueError(f"unknown pixel level {name!r}; choose one of {known}") from None


def target_size(
    width: int, height: int, budget: PixelBudget, limits: ImageLimits = NO_LIMITS
) -> tuple[int, int]:
    """The size to send: within the budget and the backend's limits, never upscaled.

    When the image must shrink, both sides are rounded down to whole 28-px cells, as the
    model would do anyway, so the token count never exceeds the budget.
    """
    max_pixels = min(budget.max_pixels, limits.max_pixels or budget.max_pixels)
    long_caps = [cap for cap in (budget.max_long_side, limits.max_long_side) if cap]
    scale = min(1.0, math.sqrt(max_pixels / (width * height)))
    if long_caps:
        scale = min(scale, min(long_caps) / max(width, height))
    if scale >= 1.0:
        return width, height
    cell = VISION_CELL
    new_w = max(cell, int(width * scale) // cell * cell)
    new_h = max(cell, int(height * scale) // cell * cell)
    return new_w, new_h


# -- opening -------------------------------------------------------------------------

PreviewLoader = Callable[[Path], "RawPreview"]
_raw_preview_loader: PreviewLoader | None = None


def set_raw_preview_loader(loader: PreviewLoader | None) -> None:
    """Install the function that extracts a RAW file's largest embedded preview.

    The metadata layer provides it (exiv2's preview manager); keeping it a hook lets
    this module stay free of exiv2 and lets tests run without RAW files.
    """
    global _raw_preview_loader  # noqa: PLW0603 - one process-wide hook, set at start-up
    _raw_preview_loader = loader


def _open_raw_preview(path: Path) -> Image.Image:
    if _raw_preview_loader is None:
        from desktop_app.metadata.previews import largest_preview

        set_raw_preview_loader(largest_preview)
    assert _raw_preview_loader is not None
    return open_raw_preview(_raw_preview_loader(path))


def open_raw_preview(preview: RawPreview) -> Image.Image:
    """Open a RAW's embedded preview (lazily) carrying the RAW's own orientation.

    The preview's EXIF does not say how the photo is turned (the RAW does), so the
    RAW's value is put where :func:`oriented` and :func:`draft_for` look for it.
    """
    image = Image.open(io.BytesIO(preview.data))
    if preview.orientation != 1:
        image.getexif()[ORIENTATION_TAG] = preview.orientation
    return image


@contextmanager
def open_image(
    path: Path, *, max_source_pixels: int = DEFAULT_MAX_SOURCE_PIXELS
) -> Iterator[Image.Image]:
    """Open ``path`` lazily (header only) with every failure as a clear ``ImageError``."""
    try:
        is_raw = kind_of(path) is ImageKind.RAW
        image = _open_raw_preview(path) if is_raw else Image.open(path)
    except FileNotFoundError as exc:
        raise ImageMissing(
            lazy_gettext("The file is no longer there."),
            lazy_gettext("It may have been moved or deleted."),
        ) from exc
    except PermissionError as exc:
        raise ImageUnreadable(
            lazy_gettext("The app has no permission to read this file."),
            lazy_gettext("Check the file's permissions or the folder's sharing settings."),
        ) from exc
    except UnidentifiedImageError as exc:
        raise NotAnImage(
            lazy_gettext("This file is not an image the app can read."),
            lazy_gettext("It may be damaged, empty, or have the wrong extension."),
        ) from exc
    except (OSError, SyntaxError, ValueError, struct.error) as exc:
        raise ImageDamaged(
            lazy_gettext("The file is damaged and cannot be opened."),
            lazy_gettext(
                "Open it in an image viewer to check; a fresh copy from the camera or backup "
                "may help."
            ),
            detail=str(exc),
        ) from exc
    try:
        _check_size(image, max_source_pixels)
        _feed_in_big_blocks(image)
        yield image
    finally:
        image.close()


DECODE_BLOCK = 1 << 20


def _feed_in_big_blocks(image: Image.Image) -> None:
    """Let Pillow hand the decoder 1 MB of the file at a time instead of 64 KB.

    The decoder releases the GIL while it works, and takes it back between blocks. With
    another Python thread busy (the window, a folder being listed), each take-back can
    wait a whole switch interval: 116 waits for a 7.6 MB JPEG. Measured with two
    decoding threads beside one busy thread, 16 thumbnails of 24-MP JPEGs took 2.49 s
    in 64 KB blocks and 0.78 s in 1 MB blocks (0.50 s with no busy thread).
    """
    if hasattr(image, "decodermaxblock"):
        image.decodermaxblock = max(image.decodermaxblock, DECODE_BLOCK)


def _check_size(image: Image.Image, max_source_pixels: int) -> None:
    width, height = image.size
    if width <= 0 or height <= 0:
        raise ImageDamaged(
            lazy_gettext("The file says the image has no pixels."),
            lazy_gettext("The file is damaged."),
        )
    if width * height > max_source_pixels:
        raise ImageTooLarge(
            lazy_gettext(
                "The image is too large ({width} x {height}, {megapixels} MP; the limit is "
                "{limit} MP).",
                width=width,
                height=height,
                megapixels=format(width * height / 1e6, ".0f"),
                limit=format(max_source_pixels / 1e6, ".0f"),
            ),
            lazy_gettext(
                'Raise "Largest photo read" in Settings > Images & window if you trust this file.'
            ),
        )


@contextmanager
def decoding_errors() -> Iterator[None]:
    """Turn decoder failures while loading pixels into a clear ``ImageError``."""
    try:
        yield
    except MemoryError as exc:
        raise ImageTooLarge(
            lazy_gettext("There is not enough memory to decode this image."),
            lazy_gettext("Close other programs or lower the source pixel limit."),
        ) from exc
    except (OSError, SyntaxError, ValueError, struct.error, zlib.error, EOFError) as exc:
        text = str(exc)
        if "truncated" in text.lower() or isinstance(exc, EOFError):
            raise ImageDamaged(
                lazy_gettext("The file is truncated: the image data ends early."),
                lazy_gettext(
                    "It may still be copying, or the copy was interrupted; copy it again."
                ),
                detail=text,
            ) from exc
        raise ImageDamaged(
            lazy_gettext("The image data is damaged and cannot be decoded."),
            lazy_gettext("Open it in an image viewer to check; a fresh copy may help."),
            detail=text,
        ) from exc


# -- conversion ----------------------------------------------------------------------


def draft_for(image: Image.Image, display_size: tuple[int, int], *, fast: bool = False) -> None:
    """Ask the JPEG decoder for the smallest DCT scale still >= ``display_size``.

    ``fast`` also selects libjpeg's fastest IDCT without fancy upsampling: invisible
    once the image is shrunk further for a thumbnail, and a few percent quicker.
    """
    if image.format not in ("JPEG", "MPO"):
        return
    width, height = display_size
    if _orientation(image) in (5, 6, 7, 8):
        width, height = height, width
    image.draft(image.mode, (width, height))
    if fast and isinstance(image, ImageFile.ImageFile) and image.decoderconfig:
        image.decoderconfig = (image.decoderconfig[0], 1)  # (scale, draft) for the decoder


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(ORIENTATION_TAG, 1)
        return int(value) if isinstance(value, int) else 1
    except Exception:  # noqa: BLE001 - a broken EXIF block must not stop the caption
        return 1


def display_size(image: Image.Image) -> tuple[int, int]:
    """The image's size after EXIF orientation is applied."""
    width, height = image.size
    return (height, width) if _orientation(image) in (5, 6, 7, 8) else (width, height)


def oriented(image: Image.Image) -> Image.Image:
    """Apply EXIF orientation; files with unreadable EXIF are left as stored."""
    try:
        return ImageOps.exif_transpose(image) or image
    except (ValueError, TypeError, KeyError, struct.error, SyntaxError):
        return image


def _extrema(image: Image.Image) -> tuple[float, float]:
    """Lowest and highest value of a single-band image."""
    low, high = image.getextrema()
    assert isinstance(low, int | float)
    assert isinstance(high, int | float)
    return float(low), float(high)


def to_rgb8(image: Image.Image) -> Image.Image:
    """8-bit sRGB-ish RGB from any mode: 16-bit, float, CMYK, palette, alpha, bilevel."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        image = image.convert("I") if image.mode != "I" else image
        _, high = _extrema(image)
        scale = 1 / 257 if high > 255 else 1
        image = image.point(lambda value: value * scale).convert("L")
    elif image.mode == "F":
        low, high = _extrema(image)
        span = (high - low) or 1.0
        image = image.point(lambda value: (value - low) * 255 / span).convert("L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("RGBA", "LA", "PA", "La", "RGBa"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, BACKGROUND)
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image if image.mode == "RGB" else image.convert("RGB")


_SRGB = ImageCms.createProfile("sRGB")


def to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Convert through the embedded ICC profile (Adobe RGB, CMYK...) when there is one."""
    if not icc_profile or image.mode not in ("RGB", "CMYK", "L"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image
    return converted if converted is not None else image


def prepare_image(
    path: Path,
    budget: PixelBudget,
    limits: ImageLimits = NO_LIMITS,
    *,
    quality: int = 90,
    max_source_pixels: int = DEFAULT_MAX_SOURCE_PIXELS,
) -> EncodedImage:
    """The image as the model should see it: upright, 8-bit sRGB, within budget, JPEG."""
    with open_image(path, max_source_pixels=max_source_pixels) as source, decoding_errors():
        target = target_size(*display_size(source), budget, limits)
        draft_for(source, target)
        icc = source.info.get("icc_profile")
        image = oriented(source)
        image.load()
        was_cmyk = image.mode == "CMYK"
        if was_cmyk:  # CMYK needs its profile before anything else can happen
            image = to_srgb(image, icc)
        image = to_rgb8(image)
        if image.size != target:
            image = image.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
        if not was_cmyk:  # cheaper on the small image, and exact for RGB profiles
            image = to_srgb(image, icc)
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=quality)
        return EncodedImage(buffer.getvalue(), "image/jpeg", image.width, image.height)
