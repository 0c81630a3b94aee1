"""Photoshop image resources: where IPTC-IIM lives, and the IPTC digest beside it.

Adobe tools store an MD5 of the IIM block as resource 0x0425. When it does not match
the IIM, Lightroom and Bridge (and exiftool's MWG reader) conclude that a non-Adobe
tool edited the IIM and prefer it over XMP. The embedded writer reads the IIM block
here (to rewrite it dataset by dataset), has ExifTool store a new digest where the
file has one, and checks with :func:`read_digest_state` that it matches. Files without
a digest are left without one: every reader then trusts XMP and IIM alike, and the
app writes the same caption to both. Reads JPEG, TIFF and Photoshop (PSD) files.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from pathlib import Path

from desktop_app.metadata.containers import (
    Buffer,
    Container,
    app_segments,
    container_of,
    mapped,
)
from desktop_app.metadata.tiff import IMAGE_RESOURCES, IPTC_NAA, TiffReader

PHOTOSHOP_SIGNATURE = b"Photoshop 3.0\x00"
APP13 = 0xED
IPTC_RESOURCE = 0x0404
DIGEST_RESOURCE = 0x0425
_RESOURCE_SIGNATURES = (b"8BIM", b"PHUT", b"AgHg", b"DCSR", b"MeSa")


class ResourceError(ValueError):
    """The Photoshop resource block is malformed."""


@dataclass(frozen=True)
class Resource:
    ident: int
    data_start: int  # position within the resource stream
    size: int


def parse_resources(stream: bytes) -> list[Resource]:
    """The resources of a Photoshop IRB stream ("8BIM" id, Pascal name, size, data)."""
    found: list[Resource] = []
    at = 0
    while at + 12 <= len(stream):
        if stream[at : at + 4] not in _RESOURCE_SIGNATURES:
            if not stream[at:].strip(b"\x00"):
                break  # zero padding at the end
            raise ResourceError(f"no resource signature at byte {at}")
        ident = int.from_bytes(stream[at + 4 : at + 6], "big")
        name_length = stream[at + 6]
        name_total = name_length + 1 + ((name_length + 1) & 1)  # padded to even
        size_at = at + 6 + name_total
        if size_at + 4 > len(stream):
            raise ResourceError("a resource header runs past the block")
        size = int.from_bytes(stream[size_at : size_at + 4], "big")
        data_start = size_at + 4
        if data_start + size > len(stream):
            raise ResourceError(f"resource 0x{ident:04x} runs past the block")
        found.append(Resource(ident, data_start, size))
        at = data_start + size + (size & 1)
    return found


@dataclass(frozen=True)
class ResourceStream:
    """A resource stream and where each of its bytes sits in the file."""

    data: bytes
    pieces: tuple[tuple[int, int, int], ...]  # (stream start, file start, length)

    def file_position(self, stream_offset: int) -> int:
        for start, file_start, length in self.pieces:
            if start <= stream_offset < start + length:
                return file_start + stream_offset - start
        raise ResourceError("offset outside the resource stream")


def jpeg_resource_stream(data: Buffer) -> ResourceStream | None:
    """All Photoshop APP13 payloads, joined as readers join them."""
    parts: list[bytes] = []
    pieces: list[tuple[int, int, int]] = []
    position = 0
    for segment in app_segments(data, APP13, PHOTOSHOP_SIGNATURE):
        begin = segment.payload_start + len(PHOTOSHOP_SIGNATURE)
        chunk = bytes(data[begin : segment.end])
        parts.append(chunk)
        pieces.append((position, begin, len(chunk)))
        position += len(chunk)
    return ResourceStream(b"".join(parts), tuple(pieces)) if parts else None


def tiff_resource_stream(data: Buffer) -> ResourceStream | None:
    entry = TiffReader(data).find(IMAGE_RESOURCES)
    if entry is None:
        return None
    raw = bytes(data[entry.value_at : entry.value_at + entry.size])
    return ResourceStream(raw, ((0, entry.value_at, len(raw)),))


@dataclass(frozen=True)
class DigestState:
    stored: bytes | None  # the 0x0425 digest, if the file has one
    current: bytes | None  # MD5 of the IIM block the file holds, if any
    positions: tuple[int, ...]  # where the stored digest's 16 bytes are in the file

    @property
    def stale(self) -> bool:
        return self.stored is not None and self.current is not None and self.stored != self.current


def psd_resource_stream(data: Buffer) -> ResourceStream | None:
    """A Photoshop document's image resources section (after header and colour data)."""
    if len(data) < 34:
        return None
    (color_length,) = struct.unpack_from(">I", data, 26)
    at = 30 + color_length
    if at + 4 > len(data):
        raise ResourceError("the colour mode section runs past the file")
    (length,) = struct.unpack_from(">I", data, at)
    if at + 4 + length > len(data):
        raise ResourceError("the image resources section runs past the file")
    return ResourceStream(bytes(data[at + 4 : at + 4 + length]), ((0, at + 4, length),))


def resource_stream(data: Buffer) -> ResourceStream | None:
    container = container_of(bytes(data[:16]))
    if container is Container.JPEG:
        return jpeg_resource_stream(data)
    if container is Container.TIFF:
        return tiff_resource_stream(data)
    if container is Container.PSD:
        return psd_resource_stream(data)
    return None


def iim_block(data: Buffer) -> bytes | None:
    """The file's (first) IPTC-IIM block, the one readers call "IPTC".

    A second 0x0404 resource (FotoStation writes one) is another block, which
    readers show apart ("IPTC2") and the app leaves alone.
    """
    if container_of(bytes(data[:16])) is Container.TIFF:
        entry = TiffReader(data).find(IPTC_NAA)
        if entry is not None:
            return bytes(data[entry.value_at : entry.value_at + entry.size])
    stream = resource_stream(data)
    if stream is None:
        return None
    for resource in parse_resources(stream.data):
        if resource.ident == IPTC_RESOURCE:
            return stream.data[resource.data_start : resource.data_start + resource.size]
    return None


def digest_state(data: Buffer) -> DigestState:
    stream = resource_stream(data)
    block = iim_block(data)
    current = hashlib.md5(block, usedforsecurity=False).digest() if block else None
    if stream is None:
        return DigestState(None, current, ())
    for resource in parse_resources(stream.data):
        if resource.ident == DIGEST_RESOURCE and resource.size == 16:
            start = resource.data_start
            stored = stream.data[start : start + 16]
            positions = tuple(stream.file_position(start + i) for i in range(16))
            return DigestState(stored, current, positions)
    return DigestState(None, current, ())


def read_digest_state(path: Path) -> DigestState:
    with mapped(path) as data:
        return digest_state(data)


def make_iptc_digest_current(path: Path) -> bool:
    """Patch a stale 0x0425 digest in place (16 bytes: nothing moves) with the MD5 of
    the file's IIM block. For the app's own temp copy, before it is verified: ExifTool's
    "new" digest of a TIFF's IIM leaves out the padding that readers hash."""
    with mapped(path) as data:
        state = digest_state(data)
    if not state.stale or state.current is None:
        return False
    with open(path, "r+b") as handle:
        for position, value in zip(state.positions, state.current, strict=True):
            handle.seek(position)
            handle.write(bytes((value,)))
    return True
