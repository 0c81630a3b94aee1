"""The three caption fields inside an image, read the way photo tools read them.

Kept apart from the writer so the reader (what the app shows, what ``--skip-existing``
honours) and the writer's verification use one definition. Cameras fill EXIF
``ImageDescription`` with junk such as "OLYMPUS DIGITAL CAMERA": that is not a caption,
and an Olympus folder must not be skipped as "already captioned" because of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.i18n import lazy_gettext
from desktop_app.metadata import iim
from desktop_app.metadata.errors import ReadError
from desktop_app.metadata.exiv2_runtime import exiv2_module, exiv2_serialized
from desktop_app.metadata.xmp_fields import (
    descriptions,
    get_description,
    get_keywords,
    provenance_of,
)

IMAGE_DESCRIPTION = "Exif.Image.ImageDescription"
IPTC_CHARSET = "Iptc.Envelope.CharacterSet"
IPTC_CAPTION = "Iptc.Application2.Caption"
IPTC_KEYWORDS = "Iptc.Application2.Keywords"

CAMERA_PLACEHOLDERS = frozenset(
    text.casefold()
    for text in (
        "OLYMPUS DIGITAL CAMERA",
        "SONY DSC",
        "KONICA MINOLTA DIGITAL CAMERA",
        "MINOLTA DIGITAL CAMERA",
        "DIGITAL CAMERA",
        "SAMSUNG DIGITAL CAMERA",
        "SAMSUNG CAMERA PICTURES",
        "KODAK Digital Still Camera",
        "EASYSHARE",
        "Exif_JPEG_PICTURE",
        "Exif JPEG",
        "JPEG",
        "Default",
        "Untitled",
        "Picture",
        "Image",
        "DCIM",
        "LEICA",
        "PENTAX",
        "NIKON",
        "CASIO",
        "SANYO",
        "Camera",
    )
)


def is_camera_placeholder(text: str) -> bool:
    return text.strip().casefold() in CAMERA_PLACEHOLDERS


def decode_text(raw: bytes) -> str:
    """EXIF ASCII as tools read it today: UTF-8, else Windows-1252; NULs trimmed."""
    raw = raw.split(b"\x00", 1)[0]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


@dataclass(frozen=True)
class EmbeddedCaption:
    """What each embedded field holds (None: absent or empty)."""

    xmp: str | None
    exif: str | None
    iim: str | None
    xmp_keywords: tuple[str, ...] = ()
    iim_keywords: tuple[str, ...] = ()
    provenance: str = ""  # "generated" or "edited" where XMP says so
    languages: tuple[str, ...] = ()  # the language entries of dc:description

    @property
    def exif_caption(self) -> str | None:
        """EXIF ImageDescription unless it is a camera's placeholder."""
        if self.exif is None or is_camera_placeholder(self.exif):
            return None
        return self.exif

    @property
    def text(self) -> str | None:
        """The caption a reader shows: XMP first, then IIM, then EXIF (MWG order)."""
        return self.xmp or self.iim or self.exif_caption

    @property
    def keywords(self) -> tuple[str, ...]:
        return tuple(iim.merged_keywords(self.xmp_keywords, self.iim_keywords))


def _exif_description(image: Any) -> str | None:
    exif = image.exifData()
    if IMAGE_DESCRIPTION not in exif:
        return None
    text = decode_text(bytes(exif[IMAGE_DESCRIPTION].getValue().data())).strip()
    return text or None


def _iim_fields(image: Any) -> tuple[str | None, tuple[str, ...]]:
    data = image.iptcData()
    charset = bytes(data[IPTC_CHARSET].getValue().data()) if IPTC_CHARSET in data else None
    caption: str | None = None
    keywords: list[str] = []
    for datum in data:
        key = datum.key()
        if key == IPTC_CAPTION and caption is None:
            caption = iim.decode(bytes(datum.getValue().data()), charset).strip() or None
        elif key == IPTC_KEYWORDS:
            keywords.append(iim.decode(bytes(datum.getValue().data()), charset))
    return caption, tuple(keywords)


def caption_fields(image: Any) -> EmbeddedCaption:
    """The caption fields of an exiv2 image whose metadata has been read."""
    iim_caption, iim_keywords = _iim_fields(image)
    xmp = image.xmpData()
    found = provenance_of(xmp)
    return EmbeddedCaption(
        xmp=get_description(xmp),
        exif=_exif_description(image),
        iim=iim_caption,
        xmp_keywords=tuple(get_keywords(xmp)),
        iim_keywords=iim_keywords,
        provenance=found.origin.value if found is not None and found.origin else "",
        languages=tuple(lang for lang in descriptions(xmp) if lang != "x-default"),
    )


def open_image(path: Path) -> Any:
    """An exiv2 image with its metadata read; failures become a clear ``ReadError``."""
    exiv2 = exiv2_module()
    try:
        image = exiv2.ImageFactory.open(str(path))
        image.readMetadata()
    except exiv2.Exiv2Error as exc:
        raise ReadError(
            lazy_gettext("Cannot read the metadata of {name}.", name=path.name),
            lazy_gettext("The file may be damaged or in a format exiv2 does not read."),
            detail=str(exc),
        ) from exc
    return image


def read_embedded(path: Path) -> EmbeddedCaption:
    """The caption fields, read by exiv2 (by ExifTool for a file exiv2 cannot open)."""
    try:
        with exiv2_serialized():
            return caption_fields(open_image(path))
    except ReadError as refused:
        from desktop_app.metadata.exiftool_fields import read_with_exiftool

        return read_with_exiftool(path, refused)
