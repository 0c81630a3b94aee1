"""The libraries an ELF file names in DT_NEEDED, read straight from the file.

``ldd`` (what PyInstaller uses on Linux) lists the whole dependency closure, through
the system's libraries too; pruning the bundle needs the direct links only, and must
not run the file's loader. Handles 64- and 32-bit, little- and big-endian files.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

PT_LOAD = 1
PT_DYNAMIC = 2
DT_NULL = 0
DT_NEEDED = 1
DT_STRTAB = 5


@dataclass(frozen=True)
class _Layout:
    """Where the fields this reader needs sit, for one ELF class and byte order."""

    wide: bool
    order: str

    @property
    def program_header(self) -> str:
        return self.order + ("IIQQQQQQ" if self.wide else "IIIIIIII")

    @property
    def dynamic_entry(self) -> str:
        return self.order + ("qQ" if self.wide else "iI")

    def header(self, data: bytes) -> tuple[int, int, int]:
        """(program header offset, entry size, entry count)."""
        offset_at, sizes_at = (0x20, 0x36) if self.wide else (0x1C, 0x2A)
        (offset,) = struct.unpack_from(self.order + ("Q" if self.wide else "I"), data, offset_at)
        size, count = struct.unpack_from(self.order + "HH", data, sizes_at)
        return offset, size, count

    def segment(self, fields: tuple[int, ...]) -> tuple[int, int, int, int]:
        """(type, file offset, virtual address, file size) of a program header."""
        if self.wide:
            return fields[0], fields[2], fields[3], fields[5]
        return fields[0], fields[1], fields[2], fields[4]


def needed_libraries(path: Path) -> list[str]:
    data = path.read_bytes()
    if data[:4] != b"\x7fELF":
        return []
    layout = _Layout(wide=data[4] == 2, order="<" if data[5] == 1 else ">")
    loads, dynamic = _segments(data, layout)
    if dynamic is None:
        return []
    needed, strtab_address = _dynamic_section(data, layout, dynamic)
    if strtab_address is None:
        return []
    strtab = _file_offset(strtab_address, loads)
    return [_string_at(data, strtab + offset) for offset in needed]


def _segments(
    data: bytes, layout: _Layout
) -> tuple[list[tuple[int, int, int]], tuple[int, int] | None]:
    """The loadable segments (address, offset, size) and the dynamic one (offset, size)."""
    offset, size, count = layout.header(data)
    loads = []
    dynamic = None
    for index in range(count):
        fields = struct.unpack_from(layout.program_header, data, offset + index * size)
        kind, file_offset, address, file_size = layout.segment(fields)
        if kind == PT_LOAD:
            loads.append((address, file_offset, file_size))
        elif kind == PT_DYNAMIC:
            dynamic = (file_offset, file_size)
    return loads, dynamic


def _dynamic_section(
    data: bytes, layout: _Layout, dynamic: tuple[int, int]
) -> tuple[list[int], int | None]:
    """The DT_NEEDED string offsets and the string table's address."""
    entry_size = struct.calcsize(layout.dynamic_entry)
    needed = []
    strtab = None
    for position in range(dynamic[0], dynamic[0] + dynamic[1], entry_size):
        tag, value = struct.unpack_from(layout.dynamic_entry, data, position)
        if tag == DT_NULL:
            break
        if tag == DT_NEEDED:
            needed.append(value)
        elif tag == DT_STRTAB:
            strtab = value
    return needed, strtab


def _file_offset(address: int, loads: list[tuple[int, int, int]]) -> int:
    for vaddr, offset, size in loads:
        if vaddr <= address < vaddr + size:
            return address - vaddr + offset
    return address  # not in a loadable segment: already a file offset


def _string_at(data: bytes, offset: int) -> str:
    end = data.index(b"\0", offset)
    return data[offset:end].decode("utf-8", "replace")
