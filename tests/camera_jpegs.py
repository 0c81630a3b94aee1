"""JPEGs laid out the way cameras write them: an EXIF thumbnail in IFD1 (160 x 120,
letterboxed for a 3:2 sensor unless told otherwise) and, when asked, an MPF large
thumbnail after the image. exiftool reads them back like a camera's (the tests check).
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

from PIL import Image

from tests.images import noisy_image

SHORT, LONG = 3, 4


def jpeg_bytes(image: Image.Image, quality: int = 85) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def camera_thumbnail(photo: Image.Image, size: tuple[int, int] = (160, 120)) -> Image.Image:
    """The photo shrunk into ``size`` with black bars where the shapes differ."""
    canvas = Image.new("RGB", size, (0, 0, 0))
    picture = photo.copy()
    picture.thumbnail(size, Image.Resampling.BILINEAR)
    canvas.paste(picture, ((size[0] - picture.width) // 2, (size[1] - picture.height) // 2))
    return canvas


def _ifd(entries: list[tuple[int, int, int, int]], next_ifd: int) -> bytes:
    """A little-endian IFD whose values all fit in the entry (SHORT/LONG, count 1)."""
    out = bytearray(struct.pack("<H", len(entries)))
    for tag, kind, count, value in sorted(entries):
        packed = struct.pack("<H", value) + b"\0\0" if kind == SHORT else struct.pack("<I", value)
        out += struct.pack("<HHI", tag, kind, count) + packed
    return bytes(out + struct.pack("<I", next_ifd))


def exif_segment(thumbnail: bytes | None, orientation: int = 1) -> bytes:
    """An APP1 EXIF segment: IFD0 with the orientation, IFD1 with the JPEG thumbnail."""
    ifd0_at = 8
    ifd0_size = 2 + 12 + 4
    ifd1_at = ifd0_at + ifd0_size if thumbnail else 0
    tiff = bytearray(b"II*\x00" + struct.pack("<I", ifd0_at))
    tiff += _ifd([(0x0112, SHORT, 1, orientation)], ifd1_at)
    if thumbnail:
        data_at = ifd1_at + 2 + 3 * 12 + 4
        tiff += _ifd(
            [(0x0103, SHORT, 1, 6), (0x0201, LONG, 1, data_at), (0x0202, LONG, 1, len(thumbnail))],
            0,
        )
        tiff += thumbnail
    payload = b"Exif\x00\x00" + bytes(tiff)
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def mpf_segment(at: int, first_size: int, preview_size: int, type_code: int = 0x010001) -> bytes:
    """An APP2 MP index of two images: the photo and a large thumbnail right after it.

    ``at`` is the segment's file position: offsets count from the MP header, 8 bytes
    into the segment. ``first_size`` is the photo's size, this segment included.
    """
    entries_at = 8 + 2 + 3 * 12 + 4
    segment_size = 4 + 4 + entries_at + 32  # marker+length, "MPF\0", header..entries
    preview_offset = first_size - (at + 8)
    mp = bytearray(b"II*\x00" + struct.pack("<I", 8))
    mp += struct.pack("<H", 3)
    mp += struct.pack("<HHI", 0xB000, 7, 4) + b"0100"
    mp += struct.pack("<HHII", 0xB001, LONG, 1, 2)
    mp += struct.pack("<HHII", 0xB002, 7, 32, entries_at)
    mp += struct.pack("<I", 0)
    mp += struct.pack("<IIIHH", 0x20030000, first_size, 0, 0, 0)  # primary image
    mp += struct.pack("<IIIHH", type_code, preview_size, preview_offset, 0, 0)
    payload = b"MPF\x00" + bytes(mp)
    assert len(payload) + 4 == segment_size
    return b"\xff\xe2" + struct.pack(">H", len(payload) + 2) + payload


def write_camera_jpeg(
    path: Path,
    size: tuple[int, int] = (3000, 2000),
    color: tuple[int, int, int] = (200, 60, 40),
    *,
    orientation: int = 1,
    thumbnail: Image.Image | bytes | None = None,
    thumbnail_size: tuple[int, int] = (160, 120),
    mpf_preview: tuple[int, int] | None = None,
    seed: int = 0,
    photo: Image.Image | None = None,
) -> Path:
    """A JPEG with an EXIF thumbnail (made from the photo unless given) and maybe an
    MPF large thumbnail of ``mpf_preview`` size; ``thumbnail=b""`` writes none."""
    photo = photo if photo is not None else noisy_image(size, color, seed)
    if thumbnail is None:
        thumbnail = camera_thumbnail(photo, thumbnail_size)
    thumb_bytes = thumbnail if isinstance(thumbnail, bytes) else jpeg_bytes(thumbnail)
    main = jpeg_bytes(photo, 90)
    exif = exif_segment(thumb_bytes or None, orientation)
    if mpf_preview is None:
        data = main[:2] + exif + main[2:]
    else:
        preview = photo.copy()
        preview.thumbnail(mpf_preview, Image.Resampling.BILINEAR)
        preview_bytes = jpeg_bytes(preview)
        at = 2 + len(exif)
        first_size = len(main) + len(exif) + len(mpf_segment(0, 8, 0))
        mpf = mpf_segment(at, first_size, len(preview_bytes))
        data = main[:2] + exif + mpf + main[2:] + preview_bytes
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
