"""The image data of a file, extracted independently of the app's own parser.

Tests compare these bytes before and after a metadata write: JPEG from SOS on, PNG
IDAT, WebP VP8/VP8L/ALPH, TIFF strips or tiles (located by Pillow), plus the pixels
Pillow decodes. Written separately from desktop_app.metadata.containers on purpose:
a bug shared by the writer's check and the test's would go unnoticed.
"""

from __future__ import annotations

import struct
from pathlib import Path

from PIL import Image


def _jpeg(data: bytes) -> bytes:
    at = 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xDA:
            return data[at:]
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        at += 2 + length
    raise ValueError("no SOS marker where the segments end")


def _png(data: bytes) -> bytes:
    at, idat = 8, b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        if data[at + 4 : at + 8] == b"IDAT":
            idat += data[at + 8 : at + 8 + length]
        at += 12 + length
    return idat


def _webp(data: bytes) -> bytes:
    at, found = 12, b""
    while at + 8 <= len(data):
        kind = data[at : at + 4]
        (length,) = struct.unpack("<I", data[at + 4 : at + 8])
        if kind in (b"VP8 ", b"VP8L", b"ALPH"):
            found += kind + data[at + 8 : at + 8 + length]
        at += 8 + length + (length & 1)
    return found


def _tiff(path: Path, data: bytes) -> bytes:
    with Image.open(path) as image:
        tags = image.tag_v2  # type: ignore[attr-defined]  # a TIFF image
        offsets = tags.get(273) or tags.get(324)
        counts = tags.get(279) or tags.get(325)
    return b"".join(data[o : o + n] for o, n in zip(offsets, counts, strict=True))


def raw_image_data(path: Path) -> bytes:
    data = path.read_bytes()
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data)
    if data.startswith(b"\x89PNG"):
        return _png(data)
    if data.startswith(b"RIFF"):
        return _webp(data)
    return _tiff(path, data)


def pixel_bytes(path: Path) -> tuple[bytes, bytes]:
    """The stored image data and the decoded pixels."""
    with Image.open(path) as image:
        pixels = image.tobytes()
    return raw_image_data(path), pixels
