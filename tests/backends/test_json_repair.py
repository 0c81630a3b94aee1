"""Repairing JSON the way models break it."""

from __future__ import annotations

import json

import pytest

from desktop_app.backends.json_repair import close_json_prefix, find_json_object

GOOD = {
    "caption": "Gull.",
    "caption_de": "Möwe.",
    "keywords": ["Gull", "Harbour"],
}


@pytest.mark.parametrize(
    "document",
    [
        GOOD,
        {"a": [1, 2, {"b": 'x\\y "q"'}], "c": True, "d": None, "e": -1.5e3},
        {"caption": "ünïcödé \u00e9\\u00e9", "keywords": []},
    ],
)
def test_every_prefix_of_a_json_document_can_be_closed(document) -> None:
    text = json.dumps(document, ensure_ascii=False)
    for end in range(1, len(text) + 1):
        closed = close_json_prefix(text[:end])
        value = json.loads(closed)
        assert isinstance(value, dict), (text[:end], closed)
    assert close_json_prefix(text) == text


def test_the_first_object_is_found_in_prose_fences_and_broken_json() -> None:
    text = json.dumps(GOOD)
    assert find_json_object(f"Sure:\n```json\n{text}\n```") == GOOD
    assert find_json_object(text.replace('"Harbour"]', '"Harbour",]')) == GOOD
    assert find_json_object(text[:-12]) == {**GOOD, "keywords": ["Gull"]}  # cut short
    assert find_json_object("no object here") is None
    assert find_json_object("[1, 2]") is None
