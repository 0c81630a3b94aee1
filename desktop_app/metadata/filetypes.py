"""Which files may be written into, and which only ever get sidecars.

Decided by extension, the way photo tools decide it, so that a file is never even
opened for writing when it must not be. ``core.formats`` builds its image kinds on
these sets.

- JPEG, TIFF, PNG, WebP and Photoshop documents keep their caption inside (Lightroom,
  Bridge and Photoshop ignore a sidecar beside them);
- DNG: inside only when the user asks for it, as Lightroom does ("write inside DNG
  files"); otherwise the XMP sidecar, like every other RAW format;
- other RAW formats: never written (their makers' own software must always be able to
  read them); the XMP sidecar;
- HEIC/HEIF and AVIF: the XMP sidecar, or inside when the user asks for it.
"""

from __future__ import annotations

from pathlib import Path

RAW_EXTENSIONS = frozenset(
    ".3fr .ari .arw .bay .cr2 .cr3 .crw .dcr .dng .erf .fff .iiq .k25 .kdc .mef .mos "
    ".mrw .nef .nrw .orf .pef .raf .raw .rw2 .rwl .sr2 .srf .srw .x3f".split()
)
DNG_EXTENSIONS = frozenset({".dng"})
HEIF_EXTENSIONS = frozenset({".heic", ".heif", ".hif", ".avif", ".heics", ".avifs"})
# Still images only: sequences (bursts, animations) keep their images as tracks.
EMBEDDABLE_HEIF_EXTENSIONS = frozenset({".heic", ".heif", ".hif", ".avif"})
# Formats whose files keep their caption inside, written by ExifTool.
EMBEDDABLE_EXTENSIONS = frozenset(
    [".jpg", ".jpeg", ".jpe", ".jfif", ".tif", ".tiff", ".png", ".webp", ".psd"]
)


def is_raw(path: Path) -> bool:
    return path.suffix.lower() in RAW_EXTENSIONS


def is_heif(path: Path) -> bool:
    return path.suffix.lower() in HEIF_EXTENSIONS


def sidecar_only(path: Path, *, embed_dng: bool = False, embed_heif: bool = False) -> bool:
    """RAW and HEIC/AVIF files that are not opened for writing (by default: all)."""
    suffix = path.suffix.lower()
    if suffix in DNG_EXTENSIONS and embed_dng:
        return False
    if suffix in EMBEDDABLE_HEIF_EXTENSIONS and embed_heif:
        return False
    return is_raw(path) or is_heif(path)


def can_embed(path: Path, *, embed_dng: bool = False, embed_heif: bool = False) -> bool:
    """Whether the caption may be written into the file itself."""
    suffix = path.suffix.lower()
    return (
        suffix in EMBEDDABLE_EXTENSIONS
        or (embed_dng and suffix in DNG_EXTENSIONS)
        or (embed_heif and suffix in EMBEDDABLE_HEIF_EXTENSIONS)
    )
