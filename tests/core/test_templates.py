"""Prompt templates: variables, parts that disappear with their variable, no holes."""

from __future__ import annotations

import pytest

from desktop_app.core.templates import (
    VARIABLES,
    TemplateError,
    check_template,
    fill,
    variables_in,
)

TEMPLATE = (
    "Write a caption for this photo[ taken in {place}][ on {date}][ with a {camera}]."
    "[ Its keywords: {keywords}.] Describe what is visible."
)


def test_known_values_fill_their_parts() -> None:
    values = {"place": "Zermatt, Valais, Switzerland", "date": "1 June 2024", "camera": "X100V"}
    assert fill(TEMPLATE, values) == (
        "Write a caption for this photo taken in Zermatt, Valais, Switzerland on 1 June 2024 "
        "with a X100V. Describe what is visible."
    )


def test_unknown_values_leave_no_holes() -> None:
    assert fill(TEMPLATE, {}) == "Write a caption for this photo. Describe what is visible."
    assert fill(TEMPLATE, {"keywords": "gull, harbour"}) == (
        "Write a caption for this photo. Its keywords: gull, harbour. Describe what is visible."
    )
    # outside brackets: the variable goes, and so does the punctuation it leaves behind
    assert fill("Shot with {camera}, {lens}. Describe it.", {"camera": "X100V"}) == (
        "Shot with X100V. Describe it."
    )
    assert fill("A photo ({place}) of {title}.", {}) == "A photo of."


def test_a_part_needs_every_variable_in_it() -> None:
    template = "A photo[ taken in {city}, {country}]."
    assert fill(template, {"city": "Zermatt"}) == "A photo."
    assert fill(template, {"city": "Zermatt", "country": "Switzerland"}) == (
        "A photo taken in Zermatt, Switzerland."
    )


def test_nested_parts() -> None:
    template = "A photo[ taken in {city}[ ({country})]]."
    assert fill(template, {"city": "Zermatt"}) == "A photo taken in Zermatt."
    assert fill(template, {"city": "Zermatt", "country": "CH"}) == "A photo taken in Zermatt (CH)."
    assert fill(template, {"country": "CH"}) == "A photo."


def test_literal_braces_and_brackets() -> None:
    template = 'Answer as {{"caption": ...}} \\[no markdown\\][ near {city}].'
    assert fill(template, {}) == 'Answer as {"caption": ...} [no markdown].'
    assert variables_in(template) == {"city"}


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("Taken in {palce}.", "{palce}"),
        ("A photo[ in {city}.", "[ without its ]"),
        ("A photo in {city}].", "] without its ["),
    ],
)
def test_mistakes_are_explained(template: str, words: str) -> None:
    with pytest.raises(TemplateError) as caught:
        check_template(template)
    assert words in caught.value.user_message()
    assert caught.value.stops_run


def test_every_variable_is_documented() -> None:
    assert {
        "folder",
        "filename",
        "date",
        "time",
        "camera",
        "lens",
        "title",
        "keywords",
        "place",
        "city",
        "region",
        "country",
    } <= set(VARIABLES)
    assert all(VARIABLES.values())
