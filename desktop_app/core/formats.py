"""Which files are images, and what the app may do with each kind.

The kind decides everything downstream: ordinary raster files can carry embedded
metadata; HEIF/AVIF get sidecars unless the user allows writing inside them; RAW files
(DNG aside, when allowed) are never opened for writing and are captioned from their
embedded preview.
"""

from __future__ import annotations

import enum
from functools import cache
from pathlib import Path

from PIL import Image

from desktop_app.metadata import filetypes

try:  # HEIC via pillow-heif; AVIF comes with Pillow >= 11.3 itself.
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - required by pyproject, tolerated if missing
    pass


# The metadata layer decides what may be written into; core builds its kinds on it.
RAW_EXTENSIONS = filetypes.RAW_EXTENSIONS
HEIF_EXTENSIONS = filetypes.HEIF_EXTENSIONS
EMBEDDABLE_EXTENSIONS = filetypes.EMBEDDABLE_EXTENSIONS
can_embed = filetypes.can_embed


class ImageKind(enum.Enum):
    RASTER = "raster"  # JPEG, TIFF, PNG, WebP...: embedded metadata possible
    HEIF = "heif"  # HEIC/HEIF/AVIF: readable, sidecars unless allowed inside
    RAW = "raw"  # camera RAW: never written, captioned from the embedded preview


# Photo and graphics formats worth captioning; intersected with what this Pillow reads.
_CANDIDATE_RASTER = frozenset(
    ".jpg .jpeg .jpe .jfif .png .apng .webp .gif .bmp .dib .tif .tiff .jp2 .j2k .jpf "
    ".jpx .psd .tga .qoi .ppm .pgm .pbm .pnm .mpo".split()
)


@cache
def raster_extensions() -> frozenset[str]:
    Image.init()
    readable = {ext for ext, fmt in Image.registered_extensions().items() if fmt in Image.OPEN}
    readable.add(".mpo")  # Pillow reads MPO through its JPEG plugin
    return frozenset(_CANDIDATE_RASTER & readable)


@cache
def heif_extensions() -> frozenset[str]:
    Image.init()
    readable = {ext for ext, fmt in Image.registered_extensions().items() if fmt in Image.OPEN}
    return frozenset(HEIF_EXTENSIONS & readable)


@cache
def _kinds_by_extension() -> dict[str, ImageKind]:
    kinds = dict.fromkeys(raster_extensions(), ImageKind.RASTER)
    kinds.update(dict.fromkeys(heif_extensions(), ImageKind.HEIF))
    kinds.update(dict.fromkeys(RAW_EXTENSIONS, ImageKind.RAW))
    return kinds


def kind_of_name(name: str) -> ImageKind | None:
    """The image kind for a bare file name (no Path built: listings call this 100,000
    times), or None when the app does not handle it."""
    dot = name.rfind(".")
    return _kinds_by_extension().get(name[dot:].lower()) if dot > 0 else None


def kind_of(path: Path) -> ImageKind | None:
    """The image kind for a file name, or None when the app does not handle it."""
    return kind_of_name(path.name)


def supported_extensions() -> frozenset[str]:
    return raster_extensions() | heif_extensions() | RAW_EXTENSIONS
