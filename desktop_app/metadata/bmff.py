"""The image data of HEIC/HEIF and AVIF files (ISO base media file format), wherever
it sits in the file.

Writing EXIF or XMP into a HEIF file adds or replaces metadata *items* and moves the
media data, so "the image data did not change" cannot mean "these bytes did not
move". It means: every image item (coded tiles, grids, thumbnails, alpha and depth
planes) keeps its type, its properties (decoder configuration, size, rotation, colour)
and its exact bytes, the primary item stays the primary item, and the references
between images stay as they were. Metadata items (``Exif``, XMP as ``mime``) and the
``cdsc`` links that attach them to an image are the writer's to change.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

Buffer = bytes | bytearray | memoryview
METADATA_TYPES = frozenset({"Exif", "mime"})
METADATA_REFERENCES = frozenset({"cdsc"})


class Sink(Protocol):
    """Where the image data goes: a hash, or a list of pieces to compare."""

    def update(self, data: Buffer, /) -> None: ...


class BmffError(ValueError):
    """The box structure cannot be followed."""


@dataclass(frozen=True)
class Box:
    kind: str
    start: int
    payload: int  # first byte after the header
    end: int


def boxes(data: Buffer, start: int, end: int) -> Iterator[Box]:
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, at)
        header = 8
        if size == 1:
            if at + 16 > end:
                raise BmffError("a box header runs past its parent")
            (size,) = struct.unpack_from(">Q", data, at + 8)
            header = 16
        elif size == 0:
            size = end - at
        if size < header or at + size > end:
            raise BmffError(f"box {kind!r} at byte {at} runs past its parent")
        yield Box(kind.decode("latin-1"), at, at + header, at + size)
        at += size


def is_bmff_image(head: bytes) -> bool:
    return head[4:8] == b"ftyp" and head[8:12] in (
        b"heic",
        b"heix",
        b"heim",
        b"heis",
        b"mif1",
        b"msf1",
        b"avif",
        b"avis",
        b"hevc",
    )


@dataclass
class _Item:
    type: str = ""
    content_type: str = ""
    extents: list[tuple[int, int, int]] = field(default_factory=list)  # method, offset, length
    properties: list[tuple[bool, int]] = field(default_factory=list)


@dataclass
class _Meta:
    items: dict[int, _Item] = field(default_factory=dict)
    primary: int = 0
    references: list[tuple[str, int, tuple[int, ...]]] = field(default_factory=list)
    property_boxes: list[Box] = field(default_factory=list)
    idat: Box | None = None


class _Reader:
    def __init__(self, data: Buffer) -> None:
        self.data = memoryview(data)

    def uint(self, at: int, size: int) -> int:
        if size == 0:
            return 0
        if at + size > len(self.data):
            raise BmffError("a field runs past the file")
        return int.from_bytes(self.data[at : at + size], "big")

    def cstring(self, at: int, end: int) -> tuple[str, int]:
        stop = bytes(self.data[at:end]).find(b"\x00")
        stop = end if stop < 0 else at + stop
        return bytes(self.data[at:stop]).decode("utf-8", "replace"), stop + 1


def _meta(data: Buffer) -> _Meta:
    reader = _Reader(data)
    top = list(boxes(data, 0, len(data)))
    found = [box for box in top if box.kind == "meta"]
    if len(found) != 1:
        raise BmffError("the file has no single 'meta' box")
    meta = _Meta()
    for box in boxes(data, found[0].payload + 4, found[0].end):
        if box.kind == "pitm":
            version = reader.uint(box.payload, 1)
            meta.primary = reader.uint(box.payload + 4, 2 if version == 0 else 4)
        elif box.kind == "iinf":
            _item_infos(reader, box, meta)
        elif box.kind == "iloc":
            _locations(reader, box, meta)
        elif box.kind == "iref":
            _references(reader, box, meta)
        elif box.kind == "iprp":
            _properties(reader, box, meta)
        elif box.kind == "idat":
            meta.idat = box
    return meta


def _item_infos(reader: _Reader, box: Box, meta: _Meta) -> None:
    version = reader.uint(box.payload, 1)
    start = box.payload + 4 + (2 if version == 0 else 4)
    for entry in boxes(reader.data, start, box.end):
        if entry.kind != "infe":
            continue
        infe_version = reader.uint(entry.payload, 1)
        if infe_version < 2:
            raise BmffError("item info entries before version 2 are not supported")
        id_size = 2 if infe_version == 2 else 4
        item_id = reader.uint(entry.payload + 4, id_size)
        at = entry.payload + 4 + id_size + 2
        item = meta.items.setdefault(item_id, _Item())
        item.type = bytes(reader.data[at : at + 4]).decode("latin-1")
        _name, at = reader.cstring(at + 4, entry.end)
        if item.type == "mime":
            item.content_type, _ = reader.cstring(at, entry.end)


def _locations(reader: _Reader, box: Box, meta: _Meta) -> None:
    version = reader.uint(box.payload, 1)
    at = box.payload + 4
    sizes = reader.uint(at, 2)
    offset_size, length_size = sizes >> 12, (sizes >> 8) & 0xF
    base_size, index_size = (sizes >> 4) & 0xF, sizes & 0xF if version in (1, 2) else 0
    at += 2
    count_size = 2 if version < 2 else 4
    count = reader.uint(at, count_size)
    at += count_size
    for _ in range(count):
        item_id = reader.uint(at, 2 if version < 2 else 4)
        at += 2 if version < 2 else 4
        method = 0
        if version in (1, 2):
            method = reader.uint(at, 2) & 0xF
            at += 2
        at += 2  # data reference index
        base = reader.uint(at, base_size)
        at += base_size
        extents = reader.uint(at, 2)
        at += 2
        item = meta.items.setdefault(item_id, _Item())
        for _ in range(extents):
            at += index_size
            offset = reader.uint(at, offset_size)
            length = reader.uint(at + offset_size, length_size)
            at += offset_size + length_size
            item.extents.append((method, base + offset, length))


def _references(reader: _Reader, box: Box, meta: _Meta) -> None:
    id_size = 2 if reader.uint(box.payload, 1) == 0 else 4
    for ref in boxes(reader.data, box.payload + 4, box.end):
        source = reader.uint(ref.payload, id_size)
        count = reader.uint(ref.payload + id_size, 2)
        at = ref.payload + id_size + 2
        targets = tuple(reader.uint(at + i * id_size, id_size) for i in range(count))
        meta.references.append((ref.kind, source, targets))


def _properties(reader: _Reader, box: Box, meta: _Meta) -> None:
    for child in boxes(reader.data, box.payload, box.end):
        if child.kind == "ipco":
            meta.property_boxes = list(boxes(reader.data, child.payload, child.end))
        elif child.kind == "ipma":
            version, flags = reader.uint(child.payload, 1), reader.uint(child.payload + 1, 3)
            count = reader.uint(child.payload + 4, 4)
            at = child.payload + 8
            for _ in range(count):
                item_id = reader.uint(at, 2 if version < 1 else 4)
                at += 2 if version < 1 else 4
                associations = reader.uint(at, 1)
                at += 1
                item = meta.items.setdefault(item_id, _Item())
                wide = flags & 1
                for _ in range(associations):
                    value = reader.uint(at, 2 if wide else 1)
                    at += 2 if wide else 1
                    bit = 0x8000 if wide else 0x80
                    item.properties.append((bool(value & bit), value & (bit - 1)))


def _item_bytes(data: memoryview, meta: _Meta, item: _Item) -> Iterator[memoryview]:
    for method, offset, length in item.extents:
        if method == 0:
            start, limit = offset, len(data)
        elif method == 1 and meta.idat is not None:
            start, limit = meta.idat.payload + offset, meta.idat.end
        else:
            raise BmffError("an item is stored in a way the app does not follow")
        end = limit if length == 0 else start + length
        if end > limit:
            raise BmffError("an item's data runs past the file")
        yield data[start:end]


def _is_metadata(item: _Item) -> bool:
    return item.type in METADATA_TYPES and (item.type != "mime" or "rdf+xml" in item.content_type)


def bmff_image_data(data: Buffer, sink: Sink) -> None:
    """Feed ``sink`` with everything that makes up the file's images."""
    view = memoryview(data)
    top = next(boxes(view, 0, len(view)), None)
    if top is None or top.kind != "ftyp":
        raise BmffError("the file does not start with an 'ftyp' box")
    sink.update(view[top.start : top.end])
    meta = _meta(view)
    sink.update(struct.pack(">I", meta.primary))
    images = {key: item for key, item in meta.items.items() if not _is_metadata(item)}
    for item_id in sorted(images):
        item = images[item_id]
        sink.update(struct.pack(">I4s", item_id, item.type.encode("latin-1")))
        for essential, index in item.properties:
            if not 0 < index <= len(meta.property_boxes):
                raise BmffError("an item refers to a property that does not exist")
            prop = meta.property_boxes[index - 1]
            sink.update(struct.pack(">?", essential))
            sink.update(view[prop.start : prop.end])
        for chunk in _item_bytes(view, meta, item):
            sink.update(struct.pack(">Q", len(chunk)))
            sink.update(chunk)
    for kind, source, targets in sorted(meta.references):
        if kind not in METADATA_REFERENCES:
            sink.update(f"{kind}:{source}:{targets}".encode())
