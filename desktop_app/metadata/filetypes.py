"""Which files may be written into, and which only ever get sidecars.

Decided by extension, the way photo tools decide it, so that a file is never even
opened for writing when it must not be (a RAW file, a HEIC/AVIF exiv2 cannot write).
``core.formats`` builds its image kinds on these sets.
"""

from __future__ import annotations

from pathlib import Path

RAW_EXTENSIONS = frozenset(
    ".3fr .ari .arw .bay .cr2 .cr3 .crw .dcr .dng .erf .fff .iiq .k25 .kdc .mef .mos "
    ".mrw .nef .nrw .orf .pef .raf .raw .rw2 .rwl .sr2 .srf .srw .x3f".split()
)
HEIF_EXTENSIONS = frozenset({".heic", ".heif", ".hif", ".avif", ".heics", ".avifs"})
# Formats whose files can hold embedded XMP/EXIF that exiv2 writes losslessly.
EMBEDDABLE_EXTENSIONS = frozenset(
    [".jpg", ".jpeg", ".jpe", ".jfif", ".tif", ".tiff", ".png", ".webp"]
)


def is_raw(path: Path) -> bool:
    return path.suffix.lower() in RAW_EXTENSIONS


def is_heif(path: Path) -> bool:
    return path.suffix.lower() in HEIF_EXTENSIONS


def sidecar_only(path: Path) -> bool:
    """RAW and HEIC/AVIF: never opened for writing; captions go to an XMP sidecar."""
    return is_raw(path) or is_heif(path)


def can_embed(path: Path) -> bool:
    """Whether the caption may be written into the file itself."""
    return path.suffix.lower() in EMBEDDABLE_EXTENSIONS
