"""JPEGs with hand-made EXIF blocks, for the structures cameras write and tools break.

Pillow writes only well-formed EXIF; these builders write what real cameras and news
agency systems do: an IFD0 entry of an invalid type (Sony DSC-HX5V), IPTC kept inside
EXIF as tag 0x83bb, IFD0 tags the EXIF standard says a JPEG does not need.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

from PIL import Image

Entry = tuple[int, int, int, bytes]  # tag, TIFF type, count, value bytes
ASCII, SHORT, LONG, RATIONAL, UNDEFINED = 2, 3, 4, 5, 7
EXIF_IFD_POINTER = 0x8769


def text(value: str) -> tuple[int, int, bytes]:
    data = value.encode("ascii") + b"\x00"
    return ASCII, len(data), data


def ifd(entries: list[Entry], at: int) -> bytes:
    """One little-endian IFD placed at ``at`` (offset from the TIFF header), its values
    after it."""
    head = struct.pack("<H", len(entries))
    values = b""
    values_at = at + 2 + 12 * len(entries) + 4
    for tag, kind, count, value in entries:
        if len(value) <= 4:
            head += struct.pack("<HHI", tag, kind, count) + value.ljust(4, b"\x00")
        else:
            head += struct.pack("<HHII", tag, kind, count, values_at + len(values))
            values += value + b"\x00" * (len(value) & 1)
    return head + struct.pack("<I", 0) + values


def exif_block(ifd0: list[Entry], exif_ifd: list[Entry]) -> bytes:
    """A TIFF structure: IFD0 (with a pointer to the EXIF sub-IFD) and the sub-IFD."""
    pointer: Entry = (EXIF_IFD_POINTER, LONG, 1, b"\x00" * 4)
    entries = sorted([*ifd0, pointer], key=lambda entry: entry[0])
    size = len(ifd(entries, 8))
    entries = [
        (tag, kind, count, struct.pack("<I", 8 + size) if tag == EXIF_IFD_POINTER else value)
        for tag, kind, count, value in entries
    ]
    return b"II*\x00" + struct.pack("<I", 8) + ifd(entries, 8) + ifd(exif_ifd, 8 + size)


def jpeg_with_exif(path: Path, block: bytes, size: tuple[int, int] = (64, 48)) -> Path:
    """A JPEG whose APP1 holds ``block`` as it is (Pillow would re-serialise it)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 100, 50)).save(buffer, "JPEG", quality=90)
    data = buffer.getvalue()
    payload = b"Exif\x00\x00" + block
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    path.write_bytes(data[:2] + segment + data[2:])
    return path


def iim(*datasets: tuple[int, int, bytes]) -> bytes:
    """An IPTC-IIM block from (record, dataset, bytes) triples."""
    return b"".join(
        bytes((0x1C, record, number)) + struct.pack(">H", len(data)) + data
        for record, number, data in datasets
    )
