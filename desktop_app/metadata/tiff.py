"""A small, strict reader for TIFF structures (TIFF files and EXIF blocks).

The writers need to know where things are, not what they mean: the strips and tiles
of a TIFF (to prove the image data did not change), and where a TIFF keeps its IPTC
and Photoshop resources (to keep the IPTC digest consistent) and a JPEG its
multi-picture index.
Everything here reads; nothing writes. Malformed structures raise
:class:`TiffFormatError` instead of being guessed at.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass

# Tags that locate or describe pixel data.
STRIP_OFFSETS, STRIP_BYTE_COUNTS = 0x0111, 0x0117
TILE_OFFSETS, TILE_BYTE_COUNTS = 0x0144, 0x0145
SUB_IFDS = 0x014A
EXIF_IFD = 0x8769
MAKER_NOTE = 0x927C
IPTC_NAA = 0x83BB
IMAGE_RESOURCES = 0x8649
# Tags whose values say how to decode the pixels: part of "the image data".
PIXEL_LAYOUT_TAGS = frozenset(
    {
        0x0100,  # ImageWidth
        0x0101,  # ImageLength
        0x0102,  # BitsPerSample
        0x0103,  # Compression
        0x0106,  # PhotometricInterpretation
        0x010A,  # FillOrder
        0x0115,  # SamplesPerPixel
        0x0116,  # RowsPerStrip
        0x011C,  # PlanarConfiguration
        0x013D,  # Predictor
        0x0140,  # ColorMap
        0x0142,  # TileWidth
        0x0143,  # TileLength
        0x0152,  # ExtraSamples
        0x0153,  # SampleFormat
        0x015B,  # JPEGTables
        0x0212,  # YCbCrSubSampling
    }
)

Buffer = bytes | bytearray | memoryview
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
_MAX_IFDS = 1024
_MAX_ENTRIES = 4096


class TiffFormatError(ValueError):
    """The bytes are not a TIFF structure this reader can trust."""


@dataclass(frozen=True)
class Entry:
    """One IFD entry; ``value_at`` is the absolute position of its value bytes."""

    tag: int
    type: int
    count: int
    value_at: int

    @property
    def size(self) -> int:
        return _TYPE_SIZES.get(self.type, 1) * self.count


class TiffReader:
    """Reads IFDs from ``data``, where the TIFF header starts at ``base``.

    EXIF blocks inside JPEG, PNG and WebP files are TIFF structures whose offsets are
    relative to their own header, hence ``base``.
    """

    def __init__(self, data: Buffer, base: int = 0) -> None:
        self.data = memoryview(data)
        self.base = base
        order = bytes(self.data[base : base + 2])
        if order == b"II":
            self.endian = "<"
        elif order == b"MM":
            self.endian = ">"
        else:
            raise TiffFormatError("no TIFF byte-order mark")
        magic = self._unpack("H", base + 2)
        if magic != 42:
            raise TiffFormatError(f"TIFF magic {magic} (BigTIFF and others are not supported)")
        self.first_ifd = self._unpack("I", base + 4)

    def _unpack(self, fmt: str, at: int) -> int:
        size = struct.calcsize(fmt)
        if at < 0 or at + size > len(self.data):
            raise TiffFormatError(f"offset {at} is outside the data")
        value: int = struct.unpack_from(self.endian + fmt, self.data, at)[0]
        return value

    def entries(self, ifd_offset: int) -> dict[int, Entry]:
        """The entries of the IFD at ``ifd_offset`` (relative to the header)."""
        at = self.base + ifd_offset
        count = self._unpack("H", at)
        if count > _MAX_ENTRIES:
            raise TiffFormatError(f"IFD with {count} entries")
        found: dict[int, Entry] = {}
        for index in range(count):
            pos = at + 2 + 12 * index
            tag, kind, n = (
                self._unpack("H", pos),
                self._unpack("H", pos + 2),
                self._unpack("I", pos + 4),
            )
            size = _TYPE_SIZES.get(kind, 1) * n
            value_at = pos + 8 if size <= 4 else self.base + self._unpack("I", pos + 8)
            if value_at + size > len(self.data):
                raise TiffFormatError(f"tag 0x{tag:04x} points outside the data")
            found[tag] = Entry(tag, kind, n, value_at)
        return found

    def next_ifd(self, ifd_offset: int) -> int:
        count = self._unpack("H", self.base + ifd_offset)
        return self._unpack("I", self.base + ifd_offset + 2 + 12 * count)

    def raw(self, entry: Entry) -> bytes:
        return bytes(self.data[entry.value_at : entry.value_at + entry.size])

    def numbers(self, entry: Entry) -> list[int]:
        """The values of a BYTE/SHORT/LONG/IFD entry as integers."""
        formats = {1: "B", 3: "H", 4: "I", 13: "I", 7: "B"}
        fmt = formats.get(entry.type)
        if fmt is None:
            raise TiffFormatError(f"tag 0x{entry.tag:04x} is not an integer array")
        step = struct.calcsize(fmt)
        return [self._unpack(fmt, entry.value_at + i * step) for i in range(entry.count)]

    def ifd_chain(self) -> list[int]:
        """Offsets of IFD0, IFD1, ... (loops are an error, not an endless walk)."""
        chain: list[int] = []
        offset = self.first_ifd
        while offset:
            if offset in chain or len(chain) >= _MAX_IFDS:
                raise TiffFormatError("the IFD chain loops")
            chain.append(offset)
            offset = self.next_ifd(offset)
        return chain

    def all_image_ifds(self) -> list[int]:
        """The main chain plus every SubIFD (thumbnails, full-size RAW data, pages)."""
        seen: list[int] = []
        pending = list(self.ifd_chain())
        while pending:
            offset = pending.pop(0)
            if offset in seen:
                continue
            if len(seen) >= _MAX_IFDS:
                raise TiffFormatError("too many IFDs")
            seen.append(offset)
            sub = self.entries(offset).get(SUB_IFDS)
            if sub is not None:
                pending.extend(self.numbers(sub))
        return seen

    def pixel_chunks(self, ifd_offset: int) -> Iterator[memoryview]:
        """The strips or tiles of one IFD, in order."""
        entries = self.entries(ifd_offset)
        for offsets_tag, counts_tag in (
            (STRIP_OFFSETS, STRIP_BYTE_COUNTS),
            (TILE_OFFSETS, TILE_BYTE_COUNTS),
        ):
            if offsets_tag in entries and counts_tag in entries:
                offsets = self.numbers(entries[offsets_tag])
                counts = self.numbers(entries[counts_tag])
                if len(offsets) != len(counts):
                    raise TiffFormatError("strip offsets and byte counts disagree")
                for start, length in zip(offsets, counts, strict=True):
                    begin = self.base + start
                    if begin + length > len(self.data):
                        raise TiffFormatError("a strip or tile lies outside the file")
                    yield self.data[begin : begin + length]

    def find(self, tag: int, ifd_offset: int | None = None) -> Entry | None:
        entries = self.entries(self.first_ifd if ifd_offset is None else ifd_offset)
        return entries.get(tag)


def is_tiff(head: bytes) -> bool:
    return head[:4] in (b"II*\x00", b"MM\x00*")
