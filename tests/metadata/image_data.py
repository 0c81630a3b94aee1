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
    """From SOS on; up to EOI only where a metadata trailer (AFCP, FotoStation, Photo
    Mechanic: IPTC that writers rewrite) follows the picture."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            at += 1  # stray bytes between segments
            continue
        marker = data[at + 1]
        if marker == 0xDA:
            return data[at : _end_of_picture(data, at)]
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        at += 2 + length
    raise ValueError("no SOS marker where the segments end")


def _end_of_picture(data: bytes, sos: int) -> int:
    tail = data[-16:]
    metadata_trailer = (
        tail[-12:-9] == b"AXS" or tail.endswith(b"\xa1\xb2\xc3\xd4") or tail.endswith(b"cbipcbbl")
    )
    if not metadata_trailer:
        return len(data)
    at = sos + 2
    while True:
        at = data.index(b"\xff", at + 1)
        follower = data[at + 1]
        if follower == 0xD9:
            return at + 2
        if follower not in (0x00, 0xFF) and not 0xD0 <= follower <= 0xD7:
            (length,) = struct.unpack(">H", data[at + 2 : at + 4])  # a segment between scans
            at += 1 + length


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


def _psd(data: bytes) -> bytes:
    """Everything but the image resources section (where XMP, IPTC and EXIF live)."""
    (color,) = struct.unpack(">I", data[26:30])
    at = 30 + color
    (resources,) = struct.unpack(">I", data[at : at + 4])
    return data[:at] + data[at + 4 + resources :]


def _heif(path: Path) -> bytes:
    """The decoded pixels of every image the file holds (no independent parser here)."""
    from pillow_heif import open_heif

    return b"".join(image.data for image in open_heif(str(path), convert_hdr_to_8bit=False))


def raw_image_data(path: Path) -> bytes:
    data = path.read_bytes()
    if data.startswith(b"8BPS"):
        return _psd(data)
    if data[4:8] == b"ftyp":
        return _heif(path)
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
