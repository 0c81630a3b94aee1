"""exiftool, the independent reader the tests check the app's writes against."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

EXIFTOOL = shutil.which("exiftool")
requires_exiftool = pytest.mark.skipif(
    EXIFTOOL is None, reason="exiftool is not installed (apt-get install libimage-exiftool-perl)"
)

ZERMATT_GPS = (
    "-GPSLatitude=46.0207",
    "-GPSLatitudeRef=N",
    "-GPSLongitude=7.7491",
    "-GPSLongitudeRef=E",
)


def write_tags(path: Path, *assignments: str) -> Path:
    """Tag a file with exiftool (``-TAG=VALUE`` assignments), in place."""
    assert EXIFTOOL is not None
    subprocess.run([EXIFTOOL, "-q", "-overwrite_original", *assignments, str(path)], check=True)
    return path


# Tags that change on any write, or that the app owns.
FILE_SYSTEM_GROUPS = ("System:", "ExifTool:ExifToolVersion", "SourceFile")
OWNED_TAGS = frozenset(
    {
        "XMP-x:XMPToolkit",
        "XMP-dc:Description",
        "XMP-dc:Subject",
        "XMP-lr:HierarchicalSubject",
        "XMP-digiKam:TagsList",
        "IFD0:ImageDescription",
        "IPTC:Caption-Abstract",
        "IPTC:CodedCharacterSet",
        "IPTC:Keywords",
        "File:CurrentIPTCDigest",
        "Photoshop:IPTCDigest",
        "XMP-dc:Title",
        "XMP-iptcCore:AltTextAccessibility",
        "XMP-iptcExt:AISystemUsed",
        "XMP-iptcExt:AISystemVersionUsed",
        "XMP-iptcExt:AIPromptInformation",
        "XMP-iptcExt:AIPromptWriterName",
    }
)
# Groups the app owns whole (its own provenance namespace).
OWNED_GROUPS = ("XMP-fcap:",)
# Lang-alt tags the app owns appear once per language: XMP-dc:Description-de.
LANG_ALT_TAGS = ("XMP-dc:Description", "XMP-dc:Title", "XMP-iptcCore:AltTextAccessibility")


# IIM fields the app owns in every IIM copy a file keeps (IPTC, and IPTC2 in a
# FotoStation or AFCP trailer: ExifTool keeps them all in step).
OWNED_IIM = frozenset({"Caption-Abstract", "CodedCharacterSet", "Keywords"})


def is_owned(key: str) -> bool:
    base = key.split("#", maxsplit=1)[0]
    if base in OWNED_TAGS or base.startswith(OWNED_GROUPS):
        return True
    group, _, name = base.partition(":")
    if group.startswith("IPTC") and name in OWNED_IIM:
        return True
    return base.rsplit("-", 1)[0] in LANG_ALT_TAGS


def dump(*paths: Path) -> list[dict[str, Any]]:
    """``exiftool -j -G1 -a`` of each file (plus the computed IPTC digest), in order."""
    assert EXIFTOOL is not None
    result = subprocess.run(
        [EXIFTOOL, "-j", "-G1", "-a", "-struct", "-all", "-CurrentIPTCDigest", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    records: list[dict[str, Any]] = json.loads(result.stdout, object_pairs_hook=_keep_duplicates)
    by_file = {record["SourceFile"]: record for record in records}
    return [by_file[str(path)] for path in paths]


def dump_numeric(path: Path) -> dict[str, Any]:
    """Every tag with its family-0 and family-1 groups (``MakerNotes:Olympus:...``),
    raw values (``-n``) and unknown tags too (``-u``)."""
    assert EXIFTOOL is not None
    result = subprocess.run(
        [EXIFTOOL, "-j", "-G0:1", "-a", "-n", "-u", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    record: dict[str, Any] = json.loads(result.stdout, object_pairs_hook=_keep_duplicates)[0]
    return record


def _keep_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """exiftool -a repeats a key for every occurrence (flattened structs such as
    darktable's history): keep them all, as ``key``, ``key#2``, ``key#3``..."""
    record: dict[str, Any] = {}
    for key, value in pairs:
        name, index = key, 2
        while name in record:
            name, index = f"{key}#{index}", index + 1
        record[name] = value
    return record


def tags(path: Path) -> dict[str, Any]:
    return dump(path)[0]


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def changed_tags(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Every tag whose value differs, file-system and owned tags aside."""
    changes: dict[str, tuple[Any, Any]] = {}
    for key in before.keys() | after.keys():
        if key.startswith(FILE_SYSTEM_GROUPS) or is_owned(key):
            continue
        if before.get(key) != after.get(key):
            changes[key] = (before.get(key), after.get(key))
    return changes


POSITION_SUFFIXES = ("Offset", "Offsets", "Start")
# The tags the EXIF standard makes mandatory in IFD0; ExifTool adds them to a new EXIF.
NEW_EXIF_TAGS = frozenset({"XResolution", "YResolution", "ResolutionUnit", "YCbCrPositioning"})
# The datasets the IIM standard makes mandatory in a record; ExifTool adds them to a new one.
IIM_RECORD_VERSIONS = frozenset({"ApplicationRecordVersion", "EnvelopeRecordVersion"})


def unexpected_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The changes no documented reason allows (see README, "Safety guarantees")."""
    return {
        key: (old, new)
        for key, (old, new) in changed_tags(before, after).items()
        if not _allowed(key, old, new, before)
    }


def _allowed(key: str, old: Any, new: Any, before: dict[str, Any]) -> bool:
    group, _, name = key.split("#", maxsplit=1)[0].partition(":")
    had_exif = any(k.startswith(("IFD0:", "ExifIFD:")) for k in before)
    if name.endswith(POSITION_SUFFIXES) and old is not None and new is not None:
        return True  # where a block is, not what it holds
    if key == "XMP-xmpNote:HasExtendedXMP":
        return True  # names the extended XMP packet, rewritten with the XMP
    if key == "MPImage1:MPImageLength":
        return True  # the first image of an MPO grows with its metadata
    if key == "QuickTime:MediaDataSize" and old is not None and new is not None:
        return True  # a HEIF's media data box holds the metadata items too
    if key == "File:ExifByteOrder" or (group == "IFD0" and name in NEW_EXIF_TAGS):
        return old is None and not had_exif  # a new EXIF block
    if group.startswith("IPTC") and name in IIM_RECORD_VERSIONS:
        return old is None  # a new IIM record
    if key == "File:FileType":
        return old in ("WEBP", "Extended WEBP") and new == "Extended WEBP"  # VP8X layout
    if key == "RIFF:WebP_Flags":
        return _flags(new) - {"EXIF", "XMP"} == _flags(old) - {"EXIF", "XMP"}
    # a complaint about the old structure, gone with it (ExifTool shows one at a time,
    # so another one may show instead)
    return key == "ExifTool:Warning" and old is not None


def _flags(value: Any) -> set[str]:
    return {part.strip() for part in str(value or "").split(",") if part.strip()}
