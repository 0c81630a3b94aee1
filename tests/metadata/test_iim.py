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


def test_utf8_switch_converts_latin_text_and_keeps_binary_data() -> None:
    datasets = iim.parse(dataset(2, 0, b"\x00\x04") + dataset(2, 90, b"K\xf6ln"))
    result = iim.with_caption(datasets, "Dom", ("Köln",))
    assert result[0] == iim.DataSet(1, 90, iim.UTF8_ESCAPE)
    assert iim.DataSet(2, 0, b"\x00\x04") in result  # RecordVersion: a number, untouched
    assert iim.DataSet(2, 90, "Köln".encode()) in result
    assert iim.caption_of(result) == "Dom"
    assert iim.keywords_of(result) == ["Köln"]


def test_an_unknown_character_set_with_non_ascii_text_is_refused() -> None:
    datasets = iim.parse(dataset(1, 90, b"\x1b$B") + dataset(2, 90, b"\xa4\xa2"))
    with pytest.raises(iim.IimError, match="character set"):
        iim.with_caption(datasets, "x")


@pytest.mark.parametrize("text", ["é" * 1500, "港" * 900, "🪁" * 600, "a" * 2001])
def test_truncation_never_splits_a_character(text: str) -> None:
    cut = iim.truncate_utf8(text, iim.CAPTION_MAX_BYTES)
    assert len(cut) <= iim.CAPTION_MAX_BYTES
    assert text.startswith(cut.decode("utf-8"))
    assert len(cut) > iim.CAPTION_MAX_BYTES - 4


def test_the_caption_replaces_the_old_one_in_place_and_keywords_are_added() -> None:
    datasets = iim.parse(
        dataset(2, 25, b"harbour") + dataset(2, 120, b"old") + dataset(2, 116, b"(c) me")
    )
    result = iim.with_caption(datasets, "new", ("Harbour", "kite"))
    assert [d.tag for d in result] == [(1, 90), (2, 25), (2, 120), (2, 116), (2, 25)]
    assert iim.keywords_of(result) == ["harbour", "kite"]
