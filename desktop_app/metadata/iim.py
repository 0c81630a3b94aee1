"""IPTC-IIM datasets as stored: what the embedded writer must know before it writes.

The writer sets the caption (2:120), adds keywords (2:25) and sets the character set
(1:90) to UTF-8. That changes how every other text dataset is read, so text stored in
Latin-1/Windows-1252 (the default when 1:90 is absent) must be written again as UTF-8
at the same time, to keep its value for a reader (:func:`needs_conversion`); text in a
character set the app cannot convert is left as it is, and the check after writing
refuses the write if it would then read differently. The app reads the raw block here
(:mod:`photoshop` finds it) rather than a library's decoded values: those normalise
dates and times, and cannot say which bytes were Latin-1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

UTF8_ESCAPE = b"\x1b%G"
LATIN1_ESCAPES = frozenset({b"\x1b-A", b"\x1b.A"})
CHARSET = (1, 90)
CAPTION = (2, 120)
KEYWORDS = (2, 25)
CAPTION_MAX_BYTES = 2000
KEYWORD_MAX_BYTES = 64
# Datasets of records 1 and 2 that hold numbers or binary data, never text.
BINARY_DATASETS = frozenset(
    {(1, 0), (1, 20), (1, 22), (1, 90), (1, 120), (1, 122), (2, 0), (2, 125), (2, 200)}
    | {(2, 201), (2, 202)}
)


class IimError(ValueError):
    """The IIM block is malformed or uses a character set the app cannot convert."""


@dataclass(frozen=True)
class DataSet:
    record: int
    number: int
    data: bytes

    @property
    def tag(self) -> tuple[int, int]:
        return (self.record, self.number)

    @property
    def is_text(self) -> bool:
        return self.record in (1, 2) and self.tag not in BINARY_DATASETS


def parse(block: bytes) -> list[DataSet]:
    """The datasets of a raw IIM block (trailing zero padding is allowed)."""
    found: list[DataSet] = []
    at = 0
    while at < len(block):
        if block[at] != 0x1C:
            if not block[at:].strip(b"\x00"):
                break
            raise IimError(f"no IIM tag marker at byte {at}")
        if at + 5 > len(block):
            raise IimError("an IIM dataset header runs past the block")
        record, number = block[at + 1], block[at + 2]
        length = int.from_bytes(block[at + 3 : at + 5], "big")
        start = at + 5
        if length & 0x8000:  # extended dataset: the next N bytes hold the length
            count = length & 0x7FFF
            if count > 4 or start + count > len(block):
                raise IimError("an extended IIM length is malformed")
            length = int.from_bytes(block[start : start + count], "big")
            start += count
        if start + length > len(block):
            raise IimError(f"IIM dataset {record}:{number} runs past the block")
        found.append(DataSet(record, number, block[start : start + length]))
        at = start + length
    return found


def charset_of(datasets: Iterable[DataSet]) -> bytes | None:
    for dataset in datasets:
        if dataset.tag == CHARSET:
            return dataset.data
    return None


def decode(data: bytes, charset: bytes | None) -> str:
    """Text as exiftool and Photo Mechanic read it: UTF-8 when declared, else Latin."""
    if charset == UTF8_ESCAPE:
        return data.decode("utf-8", errors="replace")
    if charset is None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")
    if charset in LATIN1_ESCAPES:
        return data.decode("latin-1")
    return data.decode("ascii", errors="replace")


def needs_conversion(dataset: DataSet, charset: bytes | None) -> bool:
    """Whether declaring UTF-8 would change how ``dataset`` reads, and the app can write
    it again as UTF-8 (Latin-1 text: declared so, or undeclared and not valid UTF-8)."""
    if not dataset.is_text or dataset.data.isascii() or charset == UTF8_ESCAPE:
        return False
    if charset is not None and charset not in LATIN1_ESCAPES:
        return False  # a character set the app cannot convert: left for the check
    return decode(dataset.data, charset).encode("utf-8") != dataset.data


def truncate_utf8(text: str, limit: int) -> bytes:
    """At most ``limit`` bytes of UTF-8, never cutting a character in half."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return encoded
    return encoded[:limit].decode("utf-8", errors="ignore").encode("utf-8")


def iim_caption(text: str) -> str:
    """The caption as IIM can hold it (2000 bytes); XMP keeps the full text."""
    return truncate_utf8(text, CAPTION_MAX_BYTES).decode("utf-8")


def iim_keyword(keyword: str) -> str:
    return truncate_utf8(keyword, KEYWORD_MAX_BYTES).decode("utf-8")


def merged_keywords(existing: Iterable[str], new: Iterable[str]) -> list[str]:
    """Existing keywords first, then new ones not already there (case-insensitive)."""
    merged = list(existing)
    seen = {k.casefold() for k in merged}
    for raw in new:
        keyword = raw.strip()
        if keyword and keyword.casefold() not in seen:
            merged.append(keyword)
            seen.add(keyword.casefold())
    return merged
