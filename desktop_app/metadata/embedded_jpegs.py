"""The smaller copies of itself a JPEG carries, found from its header alone.

Cameras store a small JPEG of every photo in the EXIF block (IFD1, about 160 x 120),
and many add a larger one after the image as a Multi-Picture Format "large thumbnail"
(640 x 480 or 1920 x 1080). Showing one of those paints a grid cell in a millisecond,
where decoding the 24-MP photo takes sixty.

This module only finds them: it walks the marker segments up to the image data (SOS),
reads the payloads of the EXIF and MPF segments and the frame header, and seeks past
everything else, so a 30 MB file costs a few kilobytes of reading. It never decodes
pixels (``core.embedded_thumbnails`` does) and never guesses: an offset outside the
file, a thumbnail that does not start like a JPEG or a malformed directory simply
means no candidate.
"""

from __future__ import annotations

import contextlib
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from desktop_app.metadata.tiff import EXIF_IFD, MAKER_NOTE, TiffFormatError, TiffReader

EXIF_SIGNATURE = b"Exif\x00\x00"
MPF_SIGNATURE = b"MPF\x00"
APP1, APP2, SOS, EOI = 0xE1, 0xE2, 0xDA, 0xD9
# Frame headers (SOF0-SOF15 without DHT, JPG and DAC, which share the range).
SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
HEAD_BYTES = 1 << 16  # one read covers most headers (EXIF is at most 64 KB)
MAX_SEGMENTS = 512  # a header with more is not a camera's: stop looking
MAX_GARBAGE = 256  # stray bytes skipped between segments before giving up
ORIENTATION = 0x0112
COMPRESSION = 0x0103
THUMBNAIL_OFFSET, THUMBNAIL_LENGTH = 0x0201, 0x0202
MP_ENTRY = 0xB002
MP_LARGE_THUMBNAIL_CLASS = 0x01  # type codes 0x010001 (VGA), 0x010002 (Full HD), ...
# What each large-thumbnail type promises for its longer side (CIPA DC-007, table 3).
MP_NOMINAL_LONG_SIDE = {0x010001: 640, 0x010002: 1920, 0x010003: 3840, 0x010004: 7680}
EXIF_THUMBNAIL_NOMINAL = 160

_Reader = Callable[[int, int], bytes]


@dataclass(frozen=True)
class EmbeddedJpeg:
    """One embedded JPEG: where it lies, and (for the EXIF one) its bytes, read already."""

    source: str  # "exif-thumbnail" or "mpf-large-thumbnail"
    offset: int  # file position of its SOI marker
    length: int
    nominal_long_side: int  # what its kind promises; the decoder learns the truth
    data: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class JpegOverview:
    """What the header says: the main image's stored size, how to turn it upright,
    whether a maker note (which may hold a further preview) is there, and the
    embedded JPEGs, smallest first."""

    width: int
    height: int
    orientation: int
    has_maker_note: bool
    embedded: tuple[EmbeddedJpeg, ...]


@dataclass
class _Header:
    width: int = 0
    height: int = 0
    exif: bytes | None = None
    exif_at: int = 0  # file position of the EXIF TIFF header
    mpf: bytes | None = None
    mpf_at: int = 0  # file position of the MP header


def jpeg_overview(path: Path) -> JpegOverview | None:
    """The overview of a JPEG (or MPO) file; None when it is not one or its header is
    unreadable (the full decode will then say what is wrong)."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            header = _read_header(handle)
    except (OSError, struct.error, ValueError):
        return None
    if header is None or header.width <= 0 or header.height <= 0:
        return None
    orientation, has_maker_note, embedded = 1, False, []
    if header.exif is not None:
        with contextlib.suppress(TiffFormatError, struct.error):
            orientation, has_maker_note = _exif_facts(header.exif)
        with contextlib.suppress(TiffFormatError, struct.error):
            embedded.extend(_exif_thumbnail(header.exif, header.exif_at))
    if header.mpf is not None:
        with contextlib.suppress(TiffFormatError, struct.error):
            embedded.extend(_mpf_large_thumbnails(header.mpf, header.mpf_at, size))
    embedded.sort(key=lambda item: item.nominal_long_side)
    return JpegOverview(header.width, header.height, orientation, has_maker_note, tuple(embedded))


def read_embedded(path: Path, embedded: EmbeddedJpeg) -> bytes:
    """The embedded JPEG's bytes (those of the EXIF thumbnail came with the header)."""
    if embedded.data is not None:
        return embedded.data
    with open(path, "rb") as handle:
        handle.seek(embedded.offset)
        return handle.read(embedded.length)


# -- the header walk ---------------------------------------------------------------------


def _read_header(handle: BinaryIO) -> _Header | None:
    """Walk the segments before SOS, keeping what a preview needs; None if not a JPEG."""
    head = handle.read(HEAD_BYTES)
    if not head.startswith(b"\xff\xd8\xff"):
        return None

    def read(at: int, count: int) -> bytes:
        if at + count <= len(head):
            return head[at : at + count]
        handle.seek(at)
        return handle.read(count)

    header = _Header()
    at, skipped = 2, 0
    for _ in range(MAX_SEGMENTS + MAX_GARBAGE):
        marker_bytes = read(at, 4)
        if len(marker_bytes) < 2:
            return header
        if marker_bytes[0] != 0xFF:
            # Stray bytes between segments (some writers leave a few): decoders skip
            # them, and so does this walk, up to a limit.
            skipped += 1
            if skipped > MAX_GARBAGE:
                return header
            at += 1
            continue
        marker = marker_bytes[1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in _STANDALONE:
            at += 2
            continue
        if marker in (SOS, EOI) or len(marker_bytes) < 4:
            return header
        (length,) = struct.unpack(">H", marker_bytes[2:4])
        if length < 2:
            return header
        _keep(header, marker, at + 4, length - 2, read)
        at += 2 + length
    return header


def _keep(header: _Header, marker: int, start: int, size: int, read: _Reader) -> None:
    """Remember the payloads that matter: the first EXIF block, the MP index, the frame."""
    if marker == APP1 and header.exif is None:
        payload = read(start, size)
        if payload.startswith(EXIF_SIGNATURE):
            header.exif = payload[len(EXIF_SIGNATURE) :]
            header.exif_at = start + len(EXIF_SIGNATURE)
    elif marker == APP2 and header.mpf is None:
        if read(start, len(MPF_SIGNATURE)) == MPF_SIGNATURE:
            header.mpf = read(start + len(MPF_SIGNATURE), size - len(MPF_SIGNATURE))
            header.mpf_at = start + len(MPF_SIGNATURE)
    elif marker in SOF_MARKERS and not header.width:
        frame = read(start, 5)
        if len(frame) == 5:
            header.height, header.width = struct.unpack(">HH", frame[1:5])


def _exif_facts(exif: bytes) -> tuple[int, bool]:
    """IFD0's orientation (1 when absent or odd) and whether a maker note exists."""
    reader = TiffReader(exif)
    ifd0 = reader.entries(reader.first_ifd)
    orientation = 1
    if ORIENTATION in ifd0:
        values = reader.numbers(ifd0[ORIENTATION])
        if values and 1 <= values[0] <= 8:
            orientation = values[0]
    has_maker_note = False
    if EXIF_IFD in ifd0:
        (exif_ifd,) = reader.numbers(ifd0[EXIF_IFD])[:1] or [0]
        if exif_ifd:
            has_maker_note = MAKER_NOTE in reader.entries(exif_ifd)
    return orientation, has_maker_note


def _exif_thumbnail(exif: bytes, exif_at: int) -> list[EmbeddedJpeg]:
    """IFD1's JPEG thumbnail, when it lies whole inside the EXIF block."""
    reader = TiffReader(exif)
    ifd1 = reader.next_ifd(reader.first_ifd)
    if not ifd1:
        return []
    entries = reader.entries(ifd1)
    if THUMBNAIL_OFFSET not in entries or THUMBNAIL_LENGTH not in entries:
        return []
    if COMPRESSION in entries and reader.numbers(entries[COMPRESSION])[:1] == [1]:
        return []  # an uncompressed (TIFF strip) thumbnail: rare, and not a JPEG
    (offset,) = reader.numbers(entries[THUMBNAIL_OFFSET])[:1] or [0]
    (length,) = reader.numbers(entries[THUMBNAIL_LENGTH])[:1] or [0]
    data = exif[offset : offset + length]
    if length < 4 or len(data) != length or not data.startswith(b"\xff\xd8"):
        return []
    return [EmbeddedJpeg("exif-thumbnail", exif_at + offset, length, EXIF_THUMBNAIL_NOMINAL, data)]


def _mpf_large_thumbnails(mpf: bytes, mpf_at: int, file_size: int) -> list[EmbeddedJpeg]:
    """The MP index's large thumbnails that lie inside the file."""
    reader = TiffReader(mpf)
    entry = reader.find(MP_ENTRY)
    if entry is None or entry.size % 16:
        return []
    found = []
    for index in range(entry.size // 16):
        attribute, size, offset = struct.unpack_from(
            reader.endian + "III", mpf, entry.value_at + 16 * index
        )
        type_code = attribute & 0xFFFFFF
        is_jpeg = (attribute >> 24) & 0x7 == 0
        if not is_jpeg or type_code >> 16 != MP_LARGE_THUMBNAIL_CLASS or not offset:
            continue
        start = mpf_at + offset
        if size < 4 or start + size > file_size:
            continue  # points past the end: a file cut short or an index left stale
        nominal = MP_NOMINAL_LONG_SIDE.get(type_code, 640)
        found.append(EmbeddedJpeg("mpf-large-thumbnail", start, size, nominal))
    return found
