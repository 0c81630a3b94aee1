"""Structured captions: the schema, the instructions, and reading what models send back."""

from __future__ import annotations

import json

import jsonschema
import pytest

from desktop_app.backends.base import CaptionRequest, caption_result
from desktop_app.backends.languages import BadLanguage, language_name, parse_languages
from desktop_app.backends.structured import (
    OutputSchema,
    answer_token_limit,
    instructions,
    parse_answer,
    prompt_with_instructions,
)
from tests.backends.local.helpers import jpeg

FULL = OutputSchema(
    languages=("en", "de", "fr"),
    title=True,
    alt_text=True,
    max_keywords=4,
    vocabulary=("Gull", "Harbour", "Boat", "Möwe"),
)


def test_the_schema_names_every_field_in_answer_order_and_bounds_every_string() -> None:
    schema = FULL.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(schema["properties"]) == [
        "caption",
        "caption_de",
        "caption_fr",
        "title",
        "alt_text",
        "keywords",
    ]
    assert schema["required"] == list(schema["properties"])
    assert schema["additionalProperties"] is False
    assert schema["properties"]["keywords"]["items"]["enum"] == list(FULL.vocabulary)
    assert schema["properties"]["keywords"]["maxItems"] == 4
    for name, rule in schema["properties"].items():
        if rule["type"] == "string":
            assert rule["maxLength"] > 0, name


def test_without_a_vocabulary_keywords_are_bounded_strings() -> None:
    schema = OutputSchema(max_keywords=10).json_schema()
    assert schema["properties"]["keywords"]["items"] == {
        "type": "string",
        "minLength": 1,
        "maxLength": 48,
    }
    assert "keywords" not in OutputSchema().json_schema()["properties"]


def test_languages_are_normalised_and_named() -> None:
    schema = OutputSchema(languages=("EN", "pt_br", "de", "en"))
    assert schema.languages == ("en", "pt-BR", "de")
    assert schema.caption_key("pt-BR") == "caption_pt_br"
    assert parse_languages("en, de fr;it") == ("en", "de", "fr", "it")
    assert language_name("de") == "German"
    assert language_name("pt-BR") == "Brazilian Portuguese"
    assert language_name("qu") == "qu"  # well-formed but unknown: named by its code
    with pytest.raises(BadLanguage):
        parse_languages("english!")
    with pytest.raises(BadLanguage):
        parse_languages("x-default")


def test_instructions_describe_every_field_and_list_a_short_vocabulary() -> None:
    text = instructions(FULL, constrained=False)
    for word in ("caption_de", "German", "French", "title", "alt_text", "keywords", "Möwe"):
        assert word in text
    assert "code fences" in text
    assert "code fences" not in instructions(FULL, constrained=True)
    assert prompt_with_instructions("Describe it.", None) == "Describe it."
    assert prompt_with_instructions("Describe it.", FULL).startswith("Describe it.\n")


def test_a_long_vocabulary_stays_out_of_the_prompt() -> None:
    terms = tuple(f"keyword number {i}" for i in range(400))
    schema = OutputSchema(max_keywords=5, vocabulary=terms)
    assert "keyword number 399" not in instructions(schema, constrained=True)
    assert "keyword list" in instructions(schema, constrained=True)
    assert "keyword number 1," not in instructions(schema, constrained=False)


def test_token_limits_cover_the_worst_case_within_a_factor_of_a_typical_answer() -> None:
    small = OutputSchema(caption_chars=20, max_keywords=2, vocabulary=("a", "b"))
    assert answer_token_limit(small, 64) == small.worst_case_tokens()
    big = OutputSchema(languages=("en", "de", "fr"), caption_chars=2000, max_keywords=25)
    assert answer_token_limit(big, 200) < big.worst_case_tokens()
    assert answer_token_limit(big, 200) >= 4 * big.typical_tokens(200)
    assert answer_token_limit(None, 96) == 96


GOOD = {
    "caption": "Gulls over a harbour at dusk.",
    "caption_de": "Möwen über einem Hafen in der Dämmerung.",
    "caption_fr": "Des mouettes au-dessus d'un port au crépuscule.",
    "title": "Harbour gulls",
    "alt_text": "Seagulls flying over boats in a harbour.",
    "keywords": ["Gull", "Harbour", "gull", "Boat"],
}


@pytest.mark.parametrize(
    "answer",
    [
        json.dumps(GOOD, ensure_ascii=False),
        "```json\n" + json.dumps(GOOD, ensure_ascii=False, indent=2) + "\n```",
        "Sure! Here is the JSON:\n" + json.dumps(GOOD, ensure_ascii=False) + "\nHope it helps.",
        json.dumps(GOOD, ensure_ascii=False).replace('"Boat"]', '"Boat",]'),  # trailing comma
        json.dumps(GOOD, ensure_ascii=False).replace('"', "\u201c", 1),  # a smart quote
    ],
    ids=["plain", "fenced", "prose", "trailing-comma", "smart-quote"],
)
def test_answers_models_send_are_read(answer: str) -> None:
    read = parse_answer(answer, FULL)
    assert read.structured
    assert read.caption == GOOD["caption"]
    assert read.captions == {
        "en": GOOD["caption"],
        "de": GOOD["caption_de"],
        "fr": GOOD["caption_fr"],
    }
    assert read.title == "Harbour gulls"
    assert read.alt_text == GOOD["alt_text"]
    assert read.keywords == ("Gull", "Harbour", "Boat")  # duplicates dropped, order kept


def test_an_answer_cut_by_the_token_limit_keeps_what_was_written() -> None:
    whole = json.dumps(GOOD, ensure_ascii=False)
    cut = whole[: whole.index("einem") + 3]
    read = parse_answer(cut, FULL)
    assert read.structured
    assert read.caption == GOOD["caption"]
    assert read.captions["de"] == "Möwen über ein"
    assert read.keywords == ()


def test_nested_languages_and_other_names_are_understood() -> None:
    nested = {"caption": {"en": "A boat.", "de": "Ein Boot."}, "keywords": "Boat, Gull"}
    read = parse_answer(json.dumps(nested), FULL)
    assert read.caption == "A boat."
    assert read.captions == {"en": "A boat.", "de": "Ein Boot."}
    assert read.keywords == ("Boat", "Gull")
    assert parse_answer('{"description": "A boat."}', FULL).caption == "A boat."


def test_plain_text_is_the_caption_and_a_keywords_line_becomes_keywords() -> None:
    read = parse_answer("Caption: A boat in a harbour.\nKeywords: boat, harbour; water", FULL)
    assert not read.structured
    assert read.caption == "A boat in a harbour."
    assert read.captions == {"en": "A boat in a harbour."}
    assert read.keywords == ("boat", "harbour", "water")
    assert parse_answer("Just a caption {not json}.", FULL).caption == "Just a caption {not json}."
    assert parse_answer('{"caption": ""}', FULL).caption == '{"caption": ""}'


def test_control_characters_never_reach_a_caption() -> None:
    answer = '{"caption": "A\x0cboat\x13 at\tsea", "caption_de": "x", "caption_fr": "y"}'
    read = parse_answer(answer, FULL)
    assert read.structured
    assert read.caption == "A boat at sea"


def test_at_most_max_keywords_are_kept() -> None:
    schema = OutputSchema(max_keywords=2)
    read = parse_answer('{"caption": "c", "keywords": ["a", "b", "c"]}', schema)
    assert read.keywords == ("a", "b")
    assert parse_answer('{"caption": "c", "keywords": ["a"]}', OutputSchema()).keywords == ()


def test_results_carry_the_fields_of_a_structured_answer() -> None:
    request = CaptionRequest("r", jpeg(), "Describe.", output=FULL)
    result = caption_result(
        request, json.dumps(GOOD, ensure_ascii=False), backend="b", model="m", cost=0.1
    )
    assert result.text == GOOD["caption"]
    assert result.captions["fr"] == GOOD["caption_fr"]
    assert result.title == "Harbour gulls"
    assert result.keywords == ("Gull", "Harbour", "Boat")
    assert result.structured
    plain = caption_result(
        CaptionRequest("r", jpeg(), "p"), "  A caption. ", backend="b", model="m"
    )
    assert plain.text == "A caption."
    assert not plain.structured
    assert plain.captions == {}
