"""Which ``.xmp`` file belongs to an image: existing sidecars first, then the setting.

Two conventions exist. Lightroom, Bridge and Capture One name the sidecar after the
image's stem (``IMG_0001.xmp``); darktable and digiKam append to the full name
(``IMG_0001.CR2.xmp``), and darktable adds one per duplicate
(``IMG_0001_01.CR2.xmp``). A sidecar that already exists is always the one updated,
so the user's tool keeps reading it. When both exist, the setting decides.

JPEG, TIFF, PNG and WebP files hold their caption inside (the embedded writer), and
Adobe tools ignore an ``.xmp`` beside them; worse, in a RAW+JPEG pair the JPEG's
``IMG_0001.xmp`` would be the RAW's sidecar. So these files get a sidecar only when
one named after their full name already exists (darktable made it) or the user asked
for sidecars everywhere, and then always with the full-name convention.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from desktop_app.metadata.base import SidecarNaming
from desktop_app.metadata.filetypes import can_embed

XMP_SUFFIXES = (".xmp", ".XMP", ".Xmp")


def adobe_candidates(image: Path) -> list[Path]:
    return [image.with_suffix(suffix) for suffix in XMP_SUFFIXES]


def darktable_candidates(image: Path) -> list[Path]:
    return [image.with_name(image.name + suffix) for suffix in XMP_SUFFIXES]


def _first_existing(candidates: list[Path]) -> Path | None:
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True)
class SidecarChoice:
    path: Path
    exists: bool


def choose_sidecar(
    image: Path, naming: SidecarNaming, *, allow_embeddable: bool
) -> SidecarChoice | None:
    """The sidecar to update or create for ``image`` (None: this image gets none)."""
    darktable = _first_existing(darktable_candidates(image))
    if can_embed(image):
        if darktable is not None:
            return SidecarChoice(darktable, True)
        if allow_embeddable:
            return SidecarChoice(darktable_candidates(image)[0], False)
        return None
    adobe = _first_existing(adobe_candidates(image))
    preferred, other = (adobe, darktable) if naming is SidecarNaming.ADOBE else (darktable, adobe)
    existing = preferred or other
    if existing is not None:
        return SidecarChoice(existing, True)
    new = (
        adobe_candidates(image)[0]
        if naming is SidecarNaming.ADOBE
        else darktable_candidates(image)[0]
    )
    return SidecarChoice(new, False)


class DuplicateFinder:
    """darktable's per-duplicate sidecars (``IMG_0001_NN.CR2.xmp``) of an image.

    A folder is listed once per finder (one per run), not once per image: large
    darktable folders would otherwise cost a listing per photo.
    """

    def __init__(self) -> None:
        self._listings: dict[Path, list[str]] = {}

    def _names(self, folder: Path) -> list[str]:
        if folder not in self._listings:
            try:
                with os.scandir(folder) as entries:
                    self._listings[folder] = [
                        e.name for e in entries if e.name.lower().endswith(".xmp")
                    ]
            except OSError:
                self._listings[folder] = []
        return self._listings[folder]

    def duplicates(self, image: Path) -> list[Path]:
        pattern = re.compile(
            rf"{re.escape(image.stem)}_\d+{re.escape(image.suffix)}\.xmp", re.IGNORECASE
        )
        names = sorted(n for n in self._names(image.parent) if pattern.fullmatch(n))
        return [image.with_name(name) for name in names]
