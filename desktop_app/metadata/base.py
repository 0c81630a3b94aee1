"""The protocol every caption destination implements, and the values it exchanges.

A writer owns one destination (a ``.txt`` sidecar, an ``.xmp`` sidecar, the image's
own metadata). It can say whether it applies to a file, where it would write, what is
already there, and write a caption safely. Every writer passes the same contract
test suite (tests/metadata/test_writer_contract.py).
"""

from __future__ import annotations

import dataclasses
import enum
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from desktop_app.i18n import Text
from desktop_app.metadata.provenance import Provenance


class SidecarNaming(enum.Enum):
    """How XMP sidecars are named when none exists yet."""

    ADOBE = "adobe"  # IMG_0001.xmp (Lightroom, Bridge, Capture One)
    DARKTABLE = "darktable"  # IMG_0001.CR2.xmp (darktable, digiKam)


@dataclass(frozen=True)
class CaptionData:
    """What gets written: the caption and, where asked for, keywords and the rest.

    ``text`` is the caption in the default language: XMP's ``x-default``, EXIF and IIM.
    ``languages`` are the caption's language entries for XMP lang-alt, ``(("en", ...),
    ("de", ...))``. ``hierarchical_keywords`` are paths such as ``Animals|Birds|Gull``
    for ``lr:hierarchicalSubject``; ``keywords`` the flat ones (``dc:subject``, IIM).
    ``title`` and ``alt_text`` go to XMP in the default language; ``provenance``, when
    set, says a machine wrote the caption or a person edited it.
    """

    text: str
    keywords: tuple[str, ...] = ()
    hierarchical_keywords: tuple[str, ...] = ()
    languages: tuple[tuple[str, str], ...] = ()
    title: str = ""
    alt_text: str = ""
    provenance: Provenance | None = None

    def for_metadata(self) -> CaptionData:
        """The caption as metadata can hold it: without the control characters XML
        (XMP) cannot carry and readers drop (a model's stray bell or NUL), and with a lone
        surrogate (a half of an emoji) replaced; tabs and line breaks stay."""
        provenance = self.provenance
        if provenance is not None:
            provenance = dataclasses.replace(provenance, prompt=clean_text(provenance.prompt))
        return dataclasses.replace(
            self,
            text=clean_text(self.text),
            keywords=tuple(clean_text(k) for k in self.keywords),
            hierarchical_keywords=tuple(clean_text(k) for k in self.hierarchical_keywords),
            languages=tuple((lang, clean_text(text)) for lang, text in self.languages),
            title=clean_text(self.title),
            alt_text=clean_text(self.alt_text),
            provenance=provenance,
        )

    @property
    def default_language(self) -> str | None:
        """The language code of ``text``, when the caption names its languages."""
        for language, text in self.languages:
            if text.strip() == self.text.strip():
                return language
        return None


@dataclass(frozen=True)
class ExistingCaption:
    """A caption found in one place, as that place holds it."""

    source: str
    location: Path
    text: str
    keywords: tuple[str, ...] = ()
    # "generated" or "edited" where the place records who wrote the caption (XMP).
    provenance: str = ""


@dataclass(frozen=True)
class WriteOptions:
    keep_mtime: bool = False
    sidecar_naming: SidecarNaming = SidecarNaming.ADOBE
    # XMP sidecars also for JPEG/TIFF/PNG/WebP (IMG_0001.jpg.xmp), which otherwise get
    # one only when it already exists: their caption lives inside the file.
    xmp_for_all: bool = False
    # Inside DNG files, as Lightroom does when asked (otherwise their XMP sidecar).
    embed_dng: bool = False
    # Inside HEIC/HEIF and AVIF files (otherwise their XMP sidecar).
    embed_heif: bool = False


DEFAULT_WRITE_OPTIONS = WriteOptions()


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` without XML-illegal control characters; a lone surrogate becomes U+FFFD."""
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


@runtime_checkable
class CaptionWriter(Protocol):
    @property
    def writer_id(self) -> str: ...

    @property
    def display_name(self) -> Text: ...

    def applies_to(self, image: Path) -> bool:
        """Whether this destination can hold a caption for ``image``."""
        ...

    def target(self, image: Path) -> Path:
        """The file this writer would write for ``image``."""
        ...

    def read(self, image: Path) -> ExistingCaption | None:
        """The caption already there, or None; raises ReadError for unreadable data."""
        ...

    def write(self, image: Path, caption: CaptionData) -> Path:
        """Write safely; returns the file written. Raises WriteError, original intact."""
        ...
