"""Multi-Picture Format (CIPA DC-007) index in JPEGs: phones and 3D cameras append
further images (depth maps, previews, the second eye) after the first one's EOI.

The MP index in APP2 records each image's size and its offset from the index itself.
Writing metadata grows the segments before the first image's scan, so the first
image gets longer. ExifTool keeps the offsets right but not the first image's size;
:func:`fix_first_image_size` does, in place on the app's temp copy (a fixed-size
number, nothing moves), and :func:`mp_index_problems` lets verification prove every
image is where the index says.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from desktop_app.i18n import Text, lazy_gettext
from desktop_app.metadata.containers import Buffer, app_segments, jpeg_segments, mapped
from desktop_app.metadata.tiff import TiffFormatError, TiffReader

MPF_SIGNATURE = b"MPF\x00"
APP2 = 0xE2
MP_ENTRY = 0xB002
_ENTRY_SIZE = 16


@dataclass(frozen=True)
class MpImage:
    size: int
    offset: int  # from the MP header; 0 for the first image
    size_at: int  # file position of the size field
    offset_at: int  # file position of the offset field


@dataclass(frozen=True)
class MpIndex:
    header_at: int  # file position of the MP header (TIFF-like byte-order mark)
    endian: str
    sos_at: int  # the first image's SOS marker
    images: tuple[MpImage, ...]


def read_mp_index(data: Buffer) -> MpIndex | None:
    """The MP index of a JPEG, or None when it has none (or it cannot be followed)."""
    segments = app_segments(data, APP2, MPF_SIGNATURE)
    if not segments:
        return None
    _, sos_at = jpeg_segments(data)
    header_at = segments[0].payload_start + len(MPF_SIGNATURE)
    try:
        reader = TiffReader(data, header_at)
        entry = reader.find(MP_ENTRY)
    except TiffFormatError:
        return None
    if entry is None or entry.size % _ENTRY_SIZE:
        return None
    images = []
    for index in range(entry.size // _ENTRY_SIZE):
        at = entry.value_at + index * _ENTRY_SIZE
        size, offset = struct.unpack_from(reader.endian + "II", data, at + 4)
        images.append(MpImage(size, offset, at + 4, at + 8))
    return MpIndex(header_at, reader.endian, sos_at, tuple(images))


def mp_index_problems(data: Buffer, index: MpIndex) -> list[Text]:
    """What is wrong with the index: images not found where it points."""
    problems: list[Text] = []
    for number, image in enumerate(index.images[1:], start=2):
        start = index.header_at + image.offset
        if bytes(data[start : start + 2]) != b"\xff\xd8":
            problems.append(
                lazy_gettext("MP image {number} is not at its recorded offset", number=number)
            )
    first = index.images[0] if index.images else None
    if first is not None and bytes(data[first.size - 2 : first.size]) != b"\xff\xd9":
        problems.append(
            lazy_gettext("the first MP image's recorded length does not end at its EOI")
        )
    return problems


def fix_first_image_size(path: Path, before: MpIndex) -> bool:
    """Keep the first image's recorded size true after its metadata grew.

    ExifTool moves the index with the segments and keeps the other images' offsets
    right, but leaves the first image's size as it was. ``before`` is the original's
    (consistent) index; everything from the first image's SOS on is unchanged (verified
    separately), so the first image grew by exactly the shift of its SOS. Patched in
    place on the app's temp copy (4 bytes: nothing moves). Returns whether it patched.
    """
    with mapped(path) as data:
        after = read_mp_index(data)
        if after is None or not after.images or not before.images:
            return False
        size = before.images[0].size + after.sos_at - before.sos_at
        if after.images[0].size == size or after.images[0].offset != 0:
            return False
        field = struct.pack(after.endian + "I", size)
        position = after.images[0].size_at
    with open(path, "r+b") as handle:
        handle.seek(position)
        handle.write(field)
    return True
