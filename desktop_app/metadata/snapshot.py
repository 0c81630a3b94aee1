"""exiv2's reading of a file, the second of the two readers that check every write.

exiv2 decodes the maker notes it knows, the IIM datasets and XMP its own way (a
different code base from ExifTool's: what one misreads, the other usually reads
right). Every EXIF, IPTC and XMP value the app does not own is kept, keyed by exiv2's
key, with the warnings exiv2 gave about parts it could not read, so that the reading
of the written copy can be compared with the original's.

Differences allowed, each for a reason:
- pointers (offsets of sub-directories, strips, thumbnails, previews, and the Olympus
  sub-IFDs exiv2 shows as raw blobs): they move when a directory grows; what they
  point at is compared on its own (image data, the decoded sub-IFD, ExifTool's dump);
- the raw bytes of a maker note one of the readers decodes: ExifTool rewrites its
  internal offsets when it moves it, and the decoded tags are compared instead;
- the mandatory tags ExifTool puts in a new EXIF block or IIM record (see
  ``exiftool_compare``);
- a TIFF's XMP packet, IIM block and Photoshop resources as raw tags: their content is
  compared as the XMP and IPTC keys (and by the IPTC digest check).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.metadata.embedded_fields import (
    IMAGE_DESCRIPTION,
    IPTC_CAPTION,
    IPTC_CHARSET,
    IPTC_KEYWORDS,
    EmbeddedCaption,
    caption_fields,
    decode_text,
)
from desktop_app.metadata.exiv2_errors import exiv2_reason
from desktop_app.metadata.exiv2_runtime import (
    collect_warnings,
    data_loss_warnings,
    exiv2_module,
    exiv2_serialized,
)
from desktop_app.metadata.iim import decode
from desktop_app.metadata.xmp_fields import (
    DIGIKAM_TAGS,
    HIERARCHICAL,
    SUBJECT,
    is_owned_xmp_key,
)

OWNED_KEYS = frozenset({IMAGE_DESCRIPTION, IPTC_CAPTION, IPTC_CHARSET, IPTC_KEYWORDS})
# Tags that hold where something is.
POINTER_SUFFIXES = ("Offset", "Offsets", "Start", "JPEGInterchangeFormat")
POINTER_NAMES = frozenset(
    {
        "ExifTag",
        "GPSTag",
        "InteroperabilityTag",
        "SubIFDs",
        "HasExtendedXMP",
        # Olympus sub-IFDs, decoded by exiv2 into Exif.OlympusEq.*, OlympusCs.*...
        "Equipment",
        "CameraSettings",
        "RawDevelopment",
        "RawDevelopment2",
        "ImageProcessing",
        "FocusInfo",
    }
)
# The tags ExifTool puts in a new IFD0 (the EXIF standard's mandatory ones).
NEW_EXIF_TAGS = frozenset(
    {
        "Exif.Image.XResolution",
        "Exif.Image.YResolution",
        "Exif.Image.ResolutionUnit",
        "Exif.Image.YCbCrPositioning",
    }
)
# A TIFF's containers of what the app writes (the XMP packet, the IIM block, the
# Photoshop resources with the IPTC digest): their content is compared as its own keys.
CONTAINER_KEYS = frozenset(
    {"Exif.Image.XMLPacket", "Exif.Image.IPTCNAA", "Exif.Image.ImageResources"}
)
# Datasets the IIM standard makes mandatory in a record; ExifTool adds them to a new one.
IIM_RECORD_VERSIONS = frozenset({"Iptc.Application2.RecordVersion", "Iptc.Envelope.ModelVersion"})
XMP_TOOLKIT_KEYS = frozenset({"Xmp.x.xmptk"})
MAKER_NOTE_BLOB = "Exif.Photo.MakerNote"
MAKER_NOTE_DECODED = "Exif.MakerNote.Offset"  # present when exiv2 decoded the maker note


@dataclass(frozen=True)
class XmpLists:
    """The keyword lists a file's XMP already has (None: the list is absent)."""

    subject: tuple[str, ...] = ()
    hierarchical: tuple[str, ...] | None = None
    digikam: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Exiv2Reading:
    """What exiv2 read from one file (``error`` set when it could not open it)."""

    values: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    error: str | None = None
    fields: EmbeddedCaption | None = None
    lists: XmpLists = XmpLists()

    @property
    def readable(self) -> bool:
        return self.error is None

    @property
    def maker_note_decoded(self) -> bool:
        return MAKER_NOTE_DECODED in self.values

    @property
    def has_exif(self) -> bool:
        return any(key.startswith("Exif.") for key in self.values) or bool(
            self.fields and self.fields.exif
        )


def read_with_exiv2(path: Path) -> Exiv2Reading:
    """exiv2's reading of ``path``; never raises for a file exiv2 cannot read."""
    exiv2 = exiv2_module()
    with exiv2_serialized(), collect_warnings() as warnings:
        try:
            image = exiv2.ImageFactory.open(str(path))
            image.readMetadata()
            values = snapshot(image)
            fields = caption_fields(image)
            lists = _lists(image.xmpData())
        except exiv2.Exiv2Error as exc:
            return Exiv2Reading(error=exiv2_reason(exc), warnings=tuple(warnings))
    lost = tuple(dict.fromkeys(data_loss_warnings(warnings)))
    return Exiv2Reading(values, lost, None, fields, lists)


def _array(xmp: Any, key: str) -> tuple[str, ...] | None:
    if key not in xmp:
        return None
    datum = xmp[key]
    return tuple(datum.toString(i) for i in range(datum.count()))


def _lists(xmp: Any) -> XmpLists:
    return XmpLists(
        _array(xmp, SUBJECT) or (), _array(xmp, HIERARCHICAL), _array(xmp, DIGIKAM_TAGS)
    )


def _exif_values(image: Any) -> dict[str, str]:
    values: dict[str, str] = {}
    for datum in image.exifData():
        key = datum.key()
        if key not in OWNED_KEYS:
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
        if not is_owned_xmp_key(key) and key not in XMP_TOOLKIT_KEYS:
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


def is_pointer(key: str) -> bool:
    name = key.split("#", 1)[0].rsplit(".", 1)[-1]
    return name in POINTER_NAMES or name.endswith(POINTER_SUFFIXES)


@dataclass(frozen=True)
class Exiv2Allowances:
    """What the other reader vouches for (see ``embed_verify``)."""

    maker_note_read_elsewhere: bool = False  # ExifTool decoded the maker note
    xmp_read_elsewhere: bool = False  # extended XMP: exiv2 reads only the main packet


def exiv2_changes(
    before: Exiv2Reading, after: Exiv2Reading, allow: Exiv2Allowances = Exiv2Allowances()
) -> list[str]:
    """Keys whose value changed, appeared or disappeared, beyond the allowed ones."""
    old, new = before.values, after.values
    changed: list[str] = []
    for key in sorted(old.keys() | new.keys()):
        if old.get(key) == new.get(key) or _allowed(key, before, after, allow):
            continue
        changed.append(key)
    return changed


def _allowed(key: str, before: Exiv2Reading, after: Exiv2Reading, allow: Exiv2Allowances) -> bool:
    base = key.split("#", 1)[0]
    present = key in before.values and key in after.values
    if base in CONTAINER_KEYS or (is_pointer(key) and present):
        return True
    if base in IIM_RECORD_VERSIONS:
        return key not in before.values
    if base == MAKER_NOTE_BLOB and present:
        return before.maker_note_decoded or allow.maker_note_read_elsewhere
    if base.startswith("Xmp.") and allow.xmp_read_elsewhere:
        return True
    return base in NEW_EXIF_TAGS and not before.has_exif and key not in before.values


def new_exiv2_warnings(before: Exiv2Reading, after: Exiv2Reading) -> list[str]:
    """exiv2 complaints about the copy that it did not have about the original."""
    return [warning for warning in after.warnings if warning not in before.warnings]
