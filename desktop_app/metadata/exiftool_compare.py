"""What changed between ExifTool's dump of the original and of the written copy.

Outside the fields the app owns, every tag must read back exactly, with these
exceptions, each a pure matter of structure:
- pointers: the tags ExifTool's tag tables mark as offsets (``IsOffset`` or an
  offset of an ``OffsetPair``), plus QuickTime's media data offset. What they point
  at is compared on its own: a thumbnail or preview is a binary tag of the dump (whole,
  ``-b``), strips, tiles and media data are the image data;
- ``XMP-xmpNote:HasExtendedXMP``: the digest naming an extended XMP packet, which
  changes (or goes, when everything now fits the main packet) whenever XMP changes;
- the size of the first image of a multi-picture (MPO) file, which grows with its
  metadata (the app keeps it true: :func:`mpf.fix_first_image_size`);
- a new EXIF block: its byte order, and the tags the EXIF standard makes mandatory in
  IFD0, which ExifTool adds (resolution from JFIF where the file has it); likewise the
  record version datasets the IIM standard makes mandatory in a new IIM record;
- WebP: the extended layout (VP8X) that EXIF and XMP need, and its metadata flags;
- IIM text stored without a character set that is valid UTF-8: once 1:90 says UTF-8,
  ExifTool reads the same bytes as the UTF-8 that other tools already showed;
- warnings are not values: ExifTool reports one at a time, so a complaint about the old
  structure that the rewrite fixed can uncover another, older one. A new warning counts
  (:func:`new_warnings`) unless one of the original's went.
"""

from __future__ import annotations

from typing import Any

from desktop_app.metadata.exiftool_dump import TagKey, warnings_of

POINTER_TAGS = frozenset(
    {
        "A100DataOffset",
        "AlphaOffset",
        "FreeOffsets",
        "IDCPreviewStart",
        "ImageOffset",
        "JPEGACTables",
        "JPEGDCTables",
        "JPEGQTables",
        "JpgFromRawStart",
        "MPImageStart",
        "OriginalDecisionDataOffset",
        "OtherImageStart",
        "PreviewImageStart",
        "RawDataOffset",
        "SamsungRawPointersOffset",
        "StripOffsets",
        "ThumbnailOffset",
        "TileOffsets",
        "VRDOffset",
        "ZoomedPreviewStart",
        "MediaDataOffset",
        "MediaDataSize",  # the HEIF media data box, which holds the new metadata too
        "MakerNoteOffset",
    }
)
OWNED_TAGS = frozenset(
    {
        "XMP-x:XMPToolkit",
        "XMP-dc:Description",
        "XMP-dc:Subject",
        "XMP-lr:HierarchicalSubject",
        "XMP-digiKam:TagsList",
        "XMP-dc:Title",
        "XMP-iptcCore:AltTextAccessibility",
        "XMP-iptcExt:AISystemUsed",
        "XMP-iptcExt:AISystemVersionUsed",
        "XMP-iptcExt:AIPromptInformation",
        "XMP-iptcExt:AIPromptWriterName",
        "IFD0:ImageDescription",
        "Photoshop:IPTCDigest",
        "File:CurrentIPTCDigest",
    }
)
OWNED_GROUPS = frozenset({"XMP-fcap"})
# In every IIM copy the file keeps (ExifTool edits them all: IPTC, IPTC2...).
OWNED_IIM_TAGS = frozenset({"Caption-Abstract", "Keywords", "CodedCharacterSet"})
# Datasets the IIM standard makes mandatory in a record; ExifTool adds them to a new one.
IIM_RECORD_VERSIONS = frozenset({"ApplicationRecordVersion", "EnvelopeRecordVersion"})
LANG_ALT_TAGS = frozenset(
    {"XMP-dc:Description", "XMP-dc:Title", "XMP-iptcCore:AltTextAccessibility"}
)
NEW_EXIF_TAGS = frozenset(
    {
        "IFD0:XResolution",
        "IFD0:YResolution",
        "IFD0:ResolutionUnit",
        "IFD0:YCbCrPositioning",
        "File:ExifByteOrder",
    }
)
WEBP_METADATA_FLAGS = 0x04 | 0x08  # XMP and EXIF present
_WEBP_TYPES = ("WEBP", "Extended WEBP")


def is_owned(key: str) -> bool:
    """Whether the app writes this tag (a lang-alt's languages included)."""
    tag = TagKey.parse(key)
    if tag.family1 in OWNED_GROUPS or (tag.family0 == "IPTC" and tag.name in OWNED_IIM_TAGS):
        return True
    group = tag.group
    return group in OWNED_TAGS or group.rsplit("-", 1)[0] in LANG_ALT_TAGS


def dump_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Tags (``Group:Name``) whose value changed, appeared or went, beyond the allowed."""
    new_exif = not any(TagKey.parse(key).family0 == "EXIF" for key in before)
    changed: list[str] = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old == new or is_owned(key) or TagKey.parse(key).group == "ExifTool:Warning":
            continue
        if _allowed(TagKey.parse(key), old, new, new_exif=new_exif):
            continue
        changed.append(key)
    return changed


def _allowed(tag: TagKey, old: Any, new: Any, *, new_exif: bool) -> bool:
    if tag.name in POINTER_TAGS:
        return _is_number_list(old) and _is_number_list(new)
    group = tag.group
    if group in ("XMP-xmpNote:HasExtendedXMP", "MPImage1:MPImageLength"):
        return True
    if group in NEW_EXIF_TAGS:
        return new_exif and old is None
    if group in ("File:FileType", "File:FileTypeExtension"):
        return old in _WEBP_TYPES and new in _WEBP_TYPES
    if group == "RIFF:WebP_Flags":
        return _only_metadata_flags(old, new)
    if tag.family0 == "IPTC" and tag.name in IIM_RECORD_VERSIONS:
        return old is None
    if tag.family0 == "IPTC" and isinstance(old, str) and isinstance(new, str):
        return _same_bytes_as_utf8(old, new)
    return False


def _is_number_list(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, list):
        return all(_is_number_list(item) for item in value)
    return isinstance(value, str) and all(part.isdigit() for part in value.split())


def _only_metadata_flags(old: Any, new: Any) -> bool:
    try:
        before, after = int(old or 0), int(new)
    except (TypeError, ValueError):
        return False
    return after & ~WEBP_METADATA_FLAGS == before & ~WEBP_METADATA_FLAGS


def _same_bytes_as_utf8(old: str, new: str) -> bool:
    try:
        return old.encode("latin-1").decode("utf-8") == new
    except UnicodeError:
        return False


def new_warnings(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """ExifTool's complaints about the copy that the original did not draw.

    ExifTool shows one warning where there are several: when the rewrite fixes what
    one was about (a stale IPTC digest), the next one shows. A new warning beside a
    vanished one is therefore not new damage; the values themselves are compared.
    """
    old, new = set(warnings_of(before)), set(warnings_of(after))
    if old - new:
        return []
    return sorted(new - old)
