"""RAW-like test files: TIFF-based, laid out like a DNG (no RAW sample is checked in).

IFD0 holds a tiny RGB thumbnail, a SubIFD the "sensor data" (16-bit CFA) and, when
asked, a second SubIFD the camera's full JPEG preview, referenced the way DNG and
many TIFF-based RAW formats do (JPEGInterchangeFormat/Length). exiv2's preview
manager finds it like it finds a real camera's.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import Any

from PIL import Image

BYTE, ASCII, SHORT, LONG = 1, 2, 3, 4
Entry = tuple[Any, Any]  # (type or "blob", values)


def _pack(kind: int, values: Any) -> tuple[bytes, int]:
    if kind == ASCII:
        data = values.encode() + b"\x00"
        return data, len(data)
    fmt = {BYTE: "B", SHORT: "H", LONG: "I"}[kind]
    items = values if isinstance(values, list) else [values]
    return b"".join(struct.pack("<" + fmt, v) for v in items), len(items)


def build_tiff(ifds: list[dict[int, Entry]]) -> bytes:
    """A little-endian TIFF: ``ifds[0]`` is IFD0, the others its SubIFDs.

    A ``("blob", bytes)`` entry stores the bytes in the file and the entry holds
    their offset (strips, JPEG previews).
    """
    out = bytearray(b"II*\x00\x00\x00\x00\x00")

    def place(data: bytes) -> int:
        if len(out) % 2:
            out.append(0)
        at = len(out)
        out.extend(data)
        return at

    resolved = [
        {tag: (LONG, place(v)) if k == "blob" else (k, v) for tag, (k, v) in ifd.items()}
        for ifd in ifds
    ]
    positions: dict[int, int] = {}
    for index in [*range(1, len(resolved)), 0]:
        entries = resolved[index]
        if index == 0 and len(resolved) > 1:
            entries[0x014A] = (LONG, [positions[i] for i in range(1, len(resolved))])
        if len(out) % 2:
            out.append(0)
        at = positions[index] = len(out)
        body_at = at + 2 + 12 * len(entries) + 4
        table, body = bytearray(struct.pack("<H", len(entries))), bytearray()
        for tag in sorted(entries):
            kind, values = entries[tag]
            data, count = _pack(kind, values)
            if len(data) <= 4:
                field = data.ljust(4, b"\x00")
            else:
                field = struct.pack("<I", body_at + len(body))
                body.extend(data + b"\x00" * (len(data) % 2))
            table += struct.pack("<HHI", tag, kind, count) + field
        out.extend(table + struct.pack("<I", 0) + body)
    struct.pack_into("<I", out, 4, positions[0])
    return bytes(out)


def write_raw(
    path: Path,
    preview: tuple[int, int] | None = (640, 480),
    *,
    smaller_previews: tuple[tuple[int, int], ...] = (),
    orientation: int | None = None,
) -> Path:
    """A DNG-like RAW file, with a JPEG preview of ``preview`` size (None: no preview)
    and, like many cameras, further smaller JPEG previews; ``orientation`` goes into
    IFD0, where cameras record how the photo (and so its previews) is turned."""
    path.parent.mkdir(parents=True, exist_ok=True)
    thumb = Image.new("RGB", (16, 12), (90, 120, 200)).tobytes()
    ifd0: dict[int, Entry] = {
        254: (LONG, 1),
        256: (SHORT, 16),
        257: (SHORT, 12),
        258: (SHORT, [8, 8, 8]),
        259: (SHORT, 1),
        262: (SHORT, 2),
        271: (ASCII, "Folder"),
        272: (ASCII, "Captioner RAW"),
        273: ("blob", thumb),
        277: (SHORT, 3),
        278: (SHORT, 12),
        279: (LONG, len(thumb)),
        0xC612: (BYTE, [1, 4, 0, 0]),  # DNGVersion
    }
    if orientation is not None:
        ifd0[274] = (SHORT, orientation)
    sensor = bytes(range(256)) * 8  # 32 x 32 16-bit samples
    raw_ifd: dict[int, Entry] = {
        254: (LONG, 0),
        256: (SHORT, 32),
        257: (SHORT, 32),
        258: (SHORT, 16),
        259: (SHORT, 1),
        262: (SHORT, 32803),  # colour filter array
        273: ("blob", sensor),
        277: (SHORT, 1),
        278: (SHORT, 32),
        279: (LONG, len(sensor)),
    }
    ifds = [ifd0, raw_ifd]
    sizes = ([preview] if preview is not None else []) + list(smaller_previews)
    ifds.extend(_jpeg_preview_ifd(size) for size in sizes)
    path.write_bytes(build_tiff(ifds))
    return path


def _jpeg_preview_ifd(size: tuple[int, int]) -> dict[int, Entry]:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 60, 40)).save(buffer, "JPEG", quality=85)
    jpeg = buffer.getvalue()
    return {
        254: (LONG, 1),
        256: (SHORT, size[0]),
        257: (SHORT, size[1]),
        259: (SHORT, 6),
        0x0201: ("blob", jpeg),
        0x0202: (LONG, len(jpeg)),
    }
