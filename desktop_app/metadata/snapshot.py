"""Every metadata value the app does not own, before and after a write.

The writer's second line of defence: after exiv2 wrote the temp copy, each EXIF, IPTC
and XMP value other than the caption fields must read back exactly as before. exiv2
drops data in a few situations (maker-note previews that no longer fit a JPEG
segment, sub-IFDs in a JPEG's EXIF); this catches them and the original stays.

Allowed differences, each for a reason:
- positions (offsets of sub-directories, strips, thumbnails): they move when a
  directory grows; what they point at is compared separately;
- the raw bytes of a maker note exiv2 decoded: it re-serialises it with new internal
  offsets, and its tags are compared one by one instead;
- the IFD0 tags exiv2 never writes into a JPEG, PNG or WebP's EXIF (Exif 2.2, 4.6.8:
  "not recorded" for compressed images): they describe TIFF strips that such a file
  does not have.
"""

from __future__ import annotations

from typing import Any

from desktop_app.metadata.embedded_fields import (
    IMAGE_DESCRIPTION,
    IPTC_CAPTION,
    IPTC_CHARSET,
    IPTC_KEYWORDS,
    decode_text,
)
from desktop_app.metadata.iim import decode
from desktop_app.metadata.xmp_fields import is_owned_xmp_key

OWNED_KEYS = frozenset({IMAGE_DESCRIPTION, IPTC_CAPTION, IPTC_CHARSET, IPTC_KEYWORDS})
POSITION_KEYS = frozenset(
    {
        "Exif.Image.ExifTag",
        "Exif.Image.GPSTag",
        "Exif.Photo.InteroperabilityTag",
        "Exif.Image.StripOffsets",
        "Exif.Image.TileOffsets",
        "Exif.Thumbnail.JPEGInterchangeFormat",
        "Exif.Thumbnail.StripOffsets",
        "Exif.MakerNote.Offset",
        # TIFF only: the containers of the XMP, IPTC and Photoshop data being written
        "Exif.Image.XMLPacket",
        "Exif.Image.IPTCNAA",
        "Exif.Image.ImageResources",
    }
)
NOT_RECORDED_IN_COMPRESSED = frozenset(
    {
        "Exif.Image.PhotometricInterpretation",
        "Exif.Image.StripOffsets",
        "Exif.Image.RowsPerStrip",
        "Exif.Image.StripByteCounts",
        "Exif.Image.JPEGInterchangeFormat",
        "Exif.Image.JPEGInterchangeFormatLength",
        "Exif.Image.SubIFDs",
    }
)
XMP_TOOLKIT_KEYS = frozenset({"Xmp.x.xmptk"})
MAKER_NOTE_BLOB = "Exif.Photo.MakerNote"
MAKER_NOTE_DECODED = "Exif.MakerNote.Offset"  # present when exiv2 decoded the maker note


def _exif_values(image: Any) -> dict[str, str]:
    exif = image.exifData()
    # A maker note exiv2 understands is compared tag by tag: exiv2 re-serialises it,
    # so its raw bytes (internal offsets) legitimately change.
    skip = {MAKER_NOTE_BLOB} if MAKER_NOTE_DECODED in exif else set()
    values: dict[str, str] = {}
    for datum in exif:
        key = datum.key()
        if key in OWNED_KEYS or key in POSITION_KEYS or key in skip:
            continue
        values[_unique(values, key)] = _exif_text(datum)
    return values


def _exif_text(datum: Any) -> str:
    value = datum.getValue()
    if not hasattr(value, "data"):  # numbers, rationals: their printed values
        return str(datum.toString())
    raw = bytes(value.data())
    return decode_text(raw) if datum.typeName() == "Ascii" else raw.hex()


def _iptc_values(image: Any) -> dict[str, str]:
    data = image.iptcData()
    charset = bytes(data[IPTC_CHARSET].getValue().data()) if IPTC_CHARSET in data else None
    values: dict[str, str] = {}
    for datum in data:
        key = datum.key()
        if key in OWNED_KEYS:
            continue
        value = datum.getValue()
        text = decode(bytes(value.data()), charset) if hasattr(value, "data") else None
        values[_unique(values, key)] = text if text is not None else str(datum.toString())
    return values


def _xmp_values(image: Any) -> dict[str, str]:
    values: dict[str, str] = {}
    for datum in image.xmpData():
        key = datum.key()
        if is_owned_xmp_key(key) or key in XMP_TOOLKIT_KEYS:
            continue
        values[_unique(values, key)] = datum.toString()
    return values


def _unique(values: dict[str, str], key: str) -> str:
    """Repeated keys (IIM keywords, duplicated EXIF tags) keep every occurrence."""
    if key not in values:
        return key
    index = 2
    while f"{key}#{index}" in values:
        index += 1
    return f"{key}#{index}"


def snapshot(image: Any) -> dict[str, str]:
    """The values the app does not own, keyed by exiv2 key."""
    return {**_exif_values(image), **_iptc_values(image), **_xmp_values(image)}


def unexpected_changes(
    before: dict[str, str], after: dict[str, str], *, compressed: bool
) -> list[str]:
    """Keys whose value changed, appeared or disappeared, beyond the allowed ones."""
    changed: list[str] = []
    for key in sorted(before.keys() | after.keys()):
        if before.get(key) == after.get(key):
            continue
        base = key.split("#", 1)[0]
        if compressed and base in NOT_RECORDED_IN_COMPRESSED and key not in after:
            continue
        changed.append(key)
    return changed
