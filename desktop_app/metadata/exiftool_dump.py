"""ExifTool's full reading of a file: every tag of every group, as one flat mapping.

The first of the two readers that check every write. ``-a`` keeps duplicate tags
(each occurrence becomes ``key``, ``key#2``...), ``-G0:1`` names each tag by its
family-0 and family-1 groups (``MakerNotes:Olympus:SerialNumber``; ``File:FileType``
where the two are the same), ``-n`` gives raw values rather than print conversions
(two values can print alike), ``-b`` gives binary values whole (base64: a thumbnail
or a preview that changed by one byte is a change), ``-u`` adds the tags ExifTool has
no name for. A HEIF file's whole media data (``MediaData``: the images, megabytes) is
left out: the app compares its image items itself (:mod:`bmff`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

DUMP_ARGS = ("-j", "-G0:1", "-a", "-n", "-b", "-u", "--MediaData")
# Read by every reading of a file, and different for a copy: never compared.
VOLATILE_PREFIXES = ("SourceFile", "ExifTool:ExifToolVersion", "File:System:")


class DumpError(ValueError):
    """ExifTool's output could not be read as its JSON dump."""


@dataclass(frozen=True)
class TagKey:
    """``MakerNotes:Olympus:SerialNumber#2`` taken apart."""

    family0: str
    family1: str
    name: str
    occurrence: int = 1

    @classmethod
    def parse(cls, key: str) -> TagKey:
        base, _, count = key.partition("#")
        parts = base.split(":")
        if len(parts) == 1:
            return cls("", "", parts[0], int(count or 1))
        if len(parts) == 2:
            return cls(parts[0], parts[0], parts[1], int(count or 1))
        return cls(parts[0], parts[1], ":".join(parts[2:]), int(count or 1))

    @property
    def group(self) -> str:
        """``Family1:Name``, as people quote ExifTool tags (``IFD0:Make``)."""
        return f"{self.family1}:{self.name}"


def parse_dump(stdout: bytes) -> dict[str, Any]:
    """The tags of the one file in ``stdout`` (ExifTool's ``-j`` output)."""
    try:
        records = json.loads(
            stdout.decode("utf-8", "surrogateescape"),
            object_pairs_hook=numbered_tags,
            parse_int=str,  # numbers as written: a caption "1.50" stays "1.50"
            parse_float=str,
        )
    except ValueError as exc:
        raise DumpError(f"ExifTool's output is not JSON ({exc})") from exc
    if not isinstance(records, list) or len(records) != 1 or not isinstance(records[0], dict):
        raise DumpError("ExifTool did not report exactly one file")
    record: dict[str, Any] = records[0]
    return record


def numbered_tags(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose repeated keys are kept as ``Tag``, ``Tag#2``...: with ``-a``
    ExifTool prints one tag name several times, and a plain dict keeps only the last."""
    record: dict[str, Any] = {}
    for key, value in pairs:
        name, index = key, 2
        while name in record:
            name, index = f"{key}#{index}", index + 1
        record[name] = value
    return record


def comparable(record: dict[str, Any]) -> dict[str, Any]:
    """The tags that describe the file's content (file-system facts left out)."""
    return {k: v for k, v in record.items() if not k.startswith(VOLATILE_PREFIXES)}


def values_of(record: dict[str, Any], key: str) -> list[str]:
    """A tag's value as a list of strings (ExifTool gives one item as a scalar)."""
    value = record.get(key)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(item) for item in items]


def text_of(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def warnings_of(record: dict[str, Any]) -> list[str]:
    return [str(v) for k, v in record.items() if TagKey.parse(k).group == "ExifTool:Warning"]


def has_group(record: dict[str, Any], family0: str) -> bool:
    return any(TagKey.parse(key).family0 == family0 for key in record)
