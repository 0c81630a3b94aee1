"""What a run's captions hold: settings, then the preset, then the run's own choices."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from desktop_app.backends.base import CaptionResult
from desktop_app.core.captioning import KEYWORDS_AS_SET, Overrides, content_plan, prompt_choice
from desktop_app.core.content import (
    MAX_ENUM_TERMS,
    ContentPlan,
    ContentSettings,
    KeywordPolicy,
    caption_data,
    output_schema,
)
from desktop_app.core.library import CaptionRecord, CaptionSource
from desktop_app.core.prompts import find_preset
from desktop_app.core.settings import Settings
from desktop_app.core.vocabulary import VocabularyError, parse_keyword_list, read_keyword_file
from desktop_app.metadata.provenance import Origin
from tests.keyword_lists import write_lightroom_export


def settings(**content: object) -> Settings:
    return dataclasses.replace(Settings(), content=ContentSettings(**content))  # type: ignore[arg-type]


def test_plain_captions_need_no_schema() -> None:
    plan = content_plan(Settings(), Overrides(), find_preset("concise"), 96)
    assert plan.output is None
    assert plan.languages == ()
    assert prompt_choice(Settings()).text == find_preset("concise").prompt


def test_presets_add_what_they_produce() -> None:
    stock = content_plan(Settings(), Overrides(), find_preset("stock"), 96)
    assert stock.output is not None
    assert (stock.output.title, stock.output.alt_text, stock.output.max_keywords) == (
        True,
        False,
        15,
    )
    multilingual = content_plan(Settings(), Overrides(), find_preset("multilingual"), 96)
    assert multilingual.output.languages == ("en", "de", "fr")
    assert find_preset("multilingual").produces == "en, de, fr"
    assert find_preset("stock").produces == "title, keywords"


def test_the_run_overrides_the_preset_and_settings() -> None:
    configured = settings(keywords=True, max_keywords=8, languages=("de",))
    plan = content_plan(configured, Overrides(), find_preset("concise"), 96)
    assert plan.output.max_keywords == 8
    assert plan.output.languages == ("de",)
    plan = content_plan(
        configured, Overrides(keywords=0, languages=("en", "fr")), find_preset("stock"), 96
    )
    assert plan.output.max_keywords == 0
    assert plan.output.languages == ("en", "fr")
    plan = content_plan(Settings(), Overrides(keywords=KEYWORDS_AS_SET), find_preset("concise"), 96)
    assert plan.output.max_keywords == 15
    plan = content_plan(
        configured, Overrides(use_context=False, mark_provenance=False), find_preset("concise"), 96
    )
    assert not plan.use_context
    assert not plan.mark_provenance


def test_one_language_without_structure_is_asked_for_in_words() -> None:
    choice = prompt_choice(settings(languages=("fr",)))
    assert choice.content.output is None
    assert choice.text.endswith("Write the caption in French.")


def test_caption_length_follows_the_token_budget() -> None:
    schema = output_schema(
        languages=("en",),
        max_keywords=3,
        title=False,
        alt_text=False,
        vocabulary=None,
        caption_tokens=96,
    )
    assert schema.caption_chars == 480
    assert (
        output_schema(
            languages=("en",),
            max_keywords=3,
            title=False,
            alt_text=False,
            vocabulary=None,
            caption_tokens=None,
        ).caption_chars
        == 600
    )


def test_a_large_vocabulary_is_filtered_instead_of_enumerated() -> None:
    big = parse_keyword_list("\n".join(f"keyword {i}" for i in range(MAX_ENUM_TERMS + 1)))
    schema = output_schema(
        languages=("en",),
        max_keywords=5,
        title=False,
        alt_text=False,
        vocabulary=big,
        caption_tokens=64,
    )
    assert schema.vocabulary == ()
    small = parse_keyword_list("gull\nharbour\n")
    schema = output_schema(
        languages=("en",),
        max_keywords=5,
        title=False,
        alt_text=False,
        vocabulary=small,
        caption_tokens=64,
    )
    assert schema.vocabulary == ("gull", "harbour")


def test_a_missing_vocabulary_file_stops_the_run_with_a_reason(tmp_path: Path) -> None:
    broken = settings(keywords=True, vocabulary=str(tmp_path / "gone.txt"))
    with pytest.raises(VocabularyError) as caught:
        prompt_choice(broken)
    assert caught.value.stops_run


def test_answers_become_caption_data_with_mapped_keywords_and_provenance(tmp_path: Path) -> None:
    vocabulary = read_keyword_file(write_lightroom_export(tmp_path / "k.txt"))
    plan = ContentPlan(
        languages=("en", "de"),
        keywords=KeywordPolicy(vocabulary, include_synonyms=False),
        prompt_writer="",
    )
    result = CaptionResult(
        "r",
        "A gull.",
        "cloud",
        "runware:152@2",
        keywords=("seagull", "Giraffe"),
        captions={"en": "A gull.", "de": "Eine Möwe."},
        title="Gull",
    )
    data = caption_data(result, plan, prompt="Describe.", preset="concise")
    assert data.keywords == ("Gull", "Birds")
    assert data.hierarchical_keywords == ("Animals|Birds|Gull",)
    assert data.languages == (("en", "A gull."), ("de", "Eine Möwe."))
    assert data.default_language == "en"
    assert data.title == "Gull"
    provenance = data.provenance
    assert provenance.origin is Origin.GENERATED
    assert provenance.ai_system == "Qwen2.5-VL-7B-Instruct"
    assert provenance.ai_system_version == "runware:152@2"
    assert provenance.prompt_writer == "Folder Captioner preset 'concise'"
    unmarked = caption_data(
        result, dataclasses.replace(plan, mark_provenance=False), prompt="p", preset=None
    )
    assert unmarked.provenance is None


def test_a_plain_answer_in_one_set_language_is_that_languages_entry() -> None:
    plan = ContentPlan(languages=("de",))
    data = caption_data(
        CaptionResult("r", "Eine Möwe.", "local", "m"), plan, prompt="p", preset=None
    )
    assert data.languages == (("de", "Eine Möwe."),)


def test_a_reused_caption_keeps_its_origin() -> None:
    record = CaptionRecord(
        "Edited.",
        CaptionSource.EDITED,
        keywords=("Gull",),
        languages={"en": "Edited."},
        created_at=1_700_000_000.0,
    )
    data = caption_data(record, ContentPlan(languages=("en",)), prompt="", preset=None)
    assert data.provenance.origin is Origin.EDITED
    assert data.provenance.when.startswith("2023-11-14")
    imported = dataclasses.replace(record, source=CaptionSource.IMPORTED)
    assert caption_data(imported, ContentPlan(), prompt="", preset=None).provenance is None
