"""The file structures around the metadata: JPEG segments, PNG and WebP chunks.

Used to prove a write left the image itself alone: :func:`image_data_digest` hashes
exactly the bytes a decoder needs (JPEG tables, frame header and everything from SOS
on; PNG IHDR/PLTE/tRNS/IDAT and APNG frames; WebP VP8/VP8L/ALPH/ANIM/ANMF; TIFF
strips or tiles plus the tags that describe them; a Photoshop document's every section
but its image resources; a HEIF/AVIF file's image items, see :mod:`bmff`), and nothing
a metadata write may legitimately change. Files are read through ``mmap``, so a
200 MB TIFF is not copied.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import mmap
import re
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from desktop_app.metadata.bmff import BmffError, Sink, bmff_image_data, is_bmff_image
from desktop_app.metadata.tiff import PIXEL_LAYOUT_TAGS, TiffFormatError, TiffReader, is_tiff

Buffer = bytes | bytearray | memoryview
SOS, EOI = 0xDA, 0xD9
_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # markers without a length field
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_PIXEL_CHUNKS = frozenset({b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"acTL", b"fcTL", b"fdAT"})
WEBP_PIXEL_CHUNKS = frozenset({b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"ANMF"})


class Container(enum.Enum):
    JPEG = "JPEG"
    PNG = "PNG"
    WEBP = "WebP"
    TIFF = "TIFF"
    PSD = "PSD"
    HEIF = "HEIF"  # HEIC, HEIF and AVIF: the ISO base media file format


class ContainerError(ValueError):
    """The file's structure is broken where a writer would need to rely on it."""


def container_of(head: bytes) -> Container | None:
    """The container format from the first bytes (the extension may lie)."""
    if head.startswith(b"\xff\xd8\xff"):
        return Container.JPEG
    if head.startswith(PNG_SIGNATURE):
        return Container.PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Container.WEBP
    if is_tiff(head):
        return Container.TIFF
    if head[:4] == b"8BPS" and head[4:6] in (b"\x00\x01", b"\x00\x02"):
        return Container.PSD
    if is_bmff_image(head):
        return Container.HEIF
    return None


@contextmanager
def mapped(path: Path) -> Iterator[memoryview]:
    """The file's bytes without reading them all into memory."""
    with open(path, "rb") as handle:
        if handle.seek(0, 2) == 0:
            yield memoryview(b"")
            return
        view = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            yield memoryview(view)
        finally:
            # a slice may still be referenced (by a traceback): the GC closes it then
            with contextlib.suppress(BufferError):
                view.close()


# -- JPEG ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A JPEG marker segment before the scan; ``start`` is the 0xFF of its marker."""

    marker: int
    start: int
    length: int  # the length field: payload plus its own two bytes

    @property
    def payload_start(self) -> int:
        return self.start + 4

    @property
    def end(self) -> int:
        return self.start + 2 + self.length


def jpeg_segments(data: Buffer) -> tuple[list[Segment], int]:
    """The segments before the first SOS, and the SOS marker's position.

    Stray bytes between segments are skipped up to the next marker, as ExifTool and
    decoders do ("skipped unknown bytes after JPEG APP13 segment").
    """
    if bytes(data[:2]) != b"\xff\xd8":
        raise ContainerError("not a JPEG file")
    segments: list[Segment] = []
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            skip = bytes(data[at : at + 65536]).find(b"\xff")
            if skip < 0:
                raise ContainerError(f"garbage instead of a marker at byte {at}")
            at += skip
            continue
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in _STANDALONE:
            at += 2
            continue
        if marker == EOI:
            break
        (length,) = struct.unpack_from(">H", data, at + 2)
        if length < 2 or at + 2 + length > len(data):
            raise ContainerError(f"segment 0x{marker:02X} at byte {at} runs past the file")
        if marker == SOS:
            return segments, at
        segments.append(Segment(marker, at, length))
        at += 2 + length
    raise ContainerError("the JPEG has no image data (no SOS marker)")


def app_segments(data: Buffer, marker: int, signature: bytes) -> list[Segment]:
    """The APPn segments of one kind (for example APP1 starting with ``Exif\\0\\0``)."""
    segments, _ = jpeg_segments(data)
    return [
        s
        for s in segments
        if s.marker == marker
        and bytes(data[s.payload_start : s.payload_start + len(signature)]) == signature
    ]


# Trailers that hold metadata, which ExifTool rewrites with the IIM inside them
# (their signatures as ExifTool recognises them at the end of a file).
_METADATA_TRAILERS = (
    re.compile(rb"AXS[!*].{8}\Z", re.DOTALL),  # AFCP
    re.compile(rb"\xa1\xb2\xc3\xd4\Z"),  # FotoStation
    re.compile(rb"cbipcbbl\Z"),  # Photo Mechanic
)
_SCAN_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def _jpeg_pixels(data: memoryview, sink: Sink) -> None:
    segments, sos = jpeg_segments(data)
    for segment in segments:
        is_app = 0xE0 <= segment.marker <= 0xEF
        if not is_app and segment.marker != 0xFE:  # tables, frame header, restart interval
            sink.update(data[segment.start : segment.end])
    sink.update(data[sos : _picture_end(data, sos)])


def _picture_end(data: memoryview, sos: int) -> int:
    """The end of the file, or of the picture (its EOI) when a metadata trailer follows:
    whatever else follows the picture (the other images of an MPO, a depth map) must
    keep its bytes; a metadata trailer is compared by the readers as metadata."""
    tail = bytes(data[-64:])
    if not any(pattern.search(tail) for pattern in _METADATA_TRAILERS):
        return len(data)
    at = sos
    while True:
        (length,) = struct.unpack_from(">H", data, at + 2)  # a marker segment (SOS, DHT...)
        match = _SCAN_MARKER.search(data, at + 2 + length)
        if match is None:
            raise ContainerError("the JPEG's picture has no end (EOI) before its trailer")
        at = match.start()
        if data[at + 1] == EOI:
            return at + 2


# -- PNG and WebP ------------------------------------------------------------------------


@dataclass(frozen=True)
class Chunk:
    kind: bytes
    start: int  # first byte of the chunk header
    data_start: int
    size: int


def png_chunks(data: Buffer) -> list[Chunk]:
    if bytes(data[:8]) != PNG_SIGNATURE:
        raise ContainerError("not a PNG file")
    chunks: list[Chunk] = []
    at = 8
    while at + 8 <= len(data):
        (size,) = struct.unpack_from(">I", data, at)
        kind = bytes(data[at + 4 : at + 8])
        if at + 12 + size > len(data):
            raise ContainerError(f"PNG chunk {kind!r} runs past the file")
        chunks.append(Chunk(kind, at, at + 8, size))
        if kind == b"IEND":
            return chunks
        at += 12 + size
    raise ContainerError("the PNG ends before its IEND chunk")


def webp_chunks(data: Buffer) -> list[Chunk]:
    if bytes(data[:4]) != b"RIFF" or bytes(data[8:12]) != b"WEBP":
        raise ContainerError("not a WebP file")
    (riff_size,) = struct.unpack_from("<I", data, 4)
    end = min(len(data), 8 + riff_size)
    chunks: list[Chunk] = []
    at = 12
    while at + 8 <= end:
        kind = bytes(data[at : at + 4])
        (size,) = struct.unpack_from("<I", data, at + 4)
        if at + 8 + size > end:
            raise ContainerError(f"WebP chunk {kind!r} runs past the file")
        chunks.append(Chunk(kind, at, at + 8, size))
        at += 8 + size + (size & 1)
    return chunks


def _chunk_pixels(
    data: memoryview, chunks: list[Chunk], kinds: frozenset[bytes], sink: Sink
) -> None:
    for chunk in chunks:
        if chunk.kind in kinds:
            sink.update(chunk.kind)
            sink.update(data[chunk.data_start : chunk.data_start + chunk.size])


# -- TIFF ---------------------------------------------------------------------------------


def _tiff_pixels(data: memoryview, sink: Sink) -> None:
    reader = TiffReader(data)
    sink.update(reader.endian.encode())  # 16-bit samples mean something else if it flips
    for ifd in reader.all_image_ifds():
        entries = reader.entries(ifd)
        for tag in sorted(PIXEL_LAYOUT_TAGS & entries.keys()):
            entry = entries[tag]
            sink.update(struct.pack(">H", tag))
            # a writer may store a SHORT as a LONG: compare numbers, not encodings
            value = str(reader.numbers(entry)).encode() if entry.type in (1, 3, 4) else None
            sink.update(value if value is not None else reader.raw(entry))
        for chunk in reader.pixel_chunks(ifd):
            sink.update(chunk)


# -- Photoshop documents -------------------------------------------------------------------


def _psd_pixels(data: memoryview, sink: Sink) -> None:
    """Header, colour mode data, layers and the composite image: all but the resources."""
    if len(data) < 34:
        raise ContainerError("the Photoshop document is truncated")
    (color_length,) = struct.unpack_from(">I", data, 26)
    resources_at = 30 + color_length
    (resources_length,) = struct.unpack_from(">I", data, resources_at)
    after = resources_at + 4 + resources_length
    if after > len(data):
        raise ContainerError("the Photoshop image resources run past the file")
    sink.update(data[:resources_at])
    sink.update(data[after:])


def _feed(data: Buffer, sink: Sink) -> Container:
    view = memoryview(data)
    container = container_of(bytes(view[:16]))
    try:
        if container is Container.JPEG:
            _jpeg_pixels(view, sink)
        elif container is Container.PNG:
            _chunk_pixels(view, png_chunks(view), PNG_PIXEL_CHUNKS, sink)
        elif container is Container.WEBP:
            _chunk_pixels(view, webp_chunks(view), WEBP_PIXEL_CHUNKS, sink)
        elif container is Container.TIFF:
            _tiff_pixels(view, sink)
        elif container is Container.PSD:
            _psd_pixels(view, sink)
        elif container is Container.HEIF:
            bmff_image_data(view, sink)
        else:
            raise ContainerError("not a JPEG, PNG, WebP, TIFF, PSD or HEIF file")
    except (TiffFormatError, BmffError, struct.error) as exc:
        raise ContainerError(str(exc)) from exc
    return container


class _Pieces:
    """Collects the pieces of the image data instead of hashing them."""

    def __init__(self) -> None:
        self.items: list[Buffer] = []

    def update(self, data: Buffer, /) -> None:
        self.items.append(data)


def image_data_digest(data: Buffer) -> tuple[Container, bytes]:
    """The container format and a digest of the bytes that make up the picture.

    Raises :class:`ContainerError` when the structure cannot be followed.
    """
    digest = hashlib.blake2b(digest_size=32)
    return _feed(data, digest), digest.digest()


def same_image_data(original: Buffer, copy: Buffer) -> bool:
    """Whether ``copy`` holds exactly the image data of ``original`` (same format, same
    pieces, byte for byte). Compared directly rather than hashed: a 24-megapixel JPEG
    is 8 MB, and two hashes of it cost ten times a comparison.

    Raises :class:`ContainerError` when either structure cannot be followed.
    """
    first, second = _Pieces(), _Pieces()
    if _feed(original, first) is not _feed(copy, second):
        return False
    if len(first.items) != len(second.items):
        return False
    return all(_equal(a, b) for a, b in zip(first.items, second.items, strict=True))


def _equal(first: Buffer, second: Buffer) -> bool:
    if len(first) != len(second):
        return False
    if len(first) < 1 << 16:
        return bytes(first) == bytes(second)
    import numpy

    words = len(first) // 8 * 8  # compared as 64-bit words: memcmp speed, no copies
    return bool(
        numpy.array_equal(
            numpy.frombuffer(first[:words], numpy.uint64),
            numpy.frombuffer(second[:words], numpy.uint64),
        )
    ) and bytes(first[words:]) == bytes(second[words:])


def file_image_data_digest(path: Path) -> tuple[Container, bytes]:
    with mapped(path) as data:
        return image_data_digest(data)


def files_have_same_image_data(original: Path, copy: Path) -> bool:
    with mapped(original) as first, mapped(copy) as second:
        return same_image_data(first, second)
