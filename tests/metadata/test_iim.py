"""IPTC-IIM datasets: parsing, the UTF-8 switch, and the length limits."""

from __future__ import annotations

import pytest

from desktop_app.metadata import iim


def dataset(record: int, number: int, data: bytes) -> bytes:
    return bytes([0x1C, record, number]) + len(data).to_bytes(2, "big") + data


def test_parse_keeps_every_dataset_and_tolerates_padding() -> None:
    block = dataset(2, 0, b"\x00\x04") + dataset(2, 90, b"K\xf6ln") + b"\x00\x00\x00"
    extended = bytes([0x1C, 2, 202, 0x80, 0x02]) + (5).to_bytes(2, "big") + b"12345"
    parsed = iim.parse(block[:-3] + extended + b"\x00")
    assert [d.tag for d in parsed] == [(2, 0), (2, 90), (2, 202)]
    assert parsed[2].data == b"12345"


@pytest.mark.parametrize("block", [b"\x1c\x02\x78\x00\x10short", b"garbage", b"\x1c\x02"])
def test_malformed_blocks_are_errors(block: bytes) -> None:
    with pytest.raises(iim.IimError):
        iim.parse(block)


def test_latin_text_needs_writing_again_under_utf8_and_binary_data_not() -> None:
    datasets = iim.parse(
        dataset(2, 0, b"\x00\x04") + dataset(2, 90, b"K\xf6ln") + dataset(2, 80, b"Jane")
    )
    charset = iim.charset_of(datasets)
    assert [iim.needs_conversion(d, charset) for d in datasets] == [False, True, False]
    assert iim.decode(datasets[1].data, charset) == "Köln"
    already = iim.parse(dataset(2, 90, "Köln".encode()))  # UTF-8 without 1:90: read as such
    assert not iim.needs_conversion(already[0], None)


def test_text_in_a_character_set_the_app_cannot_convert_is_left_alone() -> None:
    datasets = iim.parse(dataset(1, 90, b"\x1b$B") + dataset(2, 90, b"\xa4\xa2"))
    charset = iim.charset_of(datasets)
    assert not iim.needs_conversion(datasets[1], charset)  # the check decides


@pytest.mark.parametrize("text", ["é" * 1500, "港" * 900, "🪁" * 600, "a" * 2001])
def test_truncation_never_splits_a_character(text: str) -> None:
    cut = iim.truncate_utf8(text, iim.CAPTION_MAX_BYTES)
    assert len(cut) <= iim.CAPTION_MAX_BYTES
    assert text.startswith(cut.decode("utf-8"))
    assert len(cut) > iim.CAPTION_MAX_BYTES - 4


def test_keywords_merge_case_insensitively_and_keep_the_existing_first() -> None:
    assert iim.merged_keywords(["harbour", "Boat"], ["Harbour", "kite", " boat "]) == [
        "harbour",
        "Boat",
        "kite",
    ]
