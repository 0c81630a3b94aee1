"""The keyword vocabulary: Lightroom Classic's export and plain lists, and mapping a
model's keywords onto it the way Lightroom writes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.vocabulary import (
    Keyword,
    VocabularyError,
    fold,
    format_keyword_list,
    parse_keyword_list,
    read_keyword_file,
)
from tests.keyword_lists import LIGHTROOM_EXPORT, write_lightroom_export


@pytest.fixture
def vocabulary(tmp_path: Path):
    return read_keyword_file(write_lightroom_export(tmp_path / "keywords.txt", bom=True))


def test_the_hierarchy_synonyms_and_categories_are_read(vocabulary) -> None:
    by_path = {keyword.path: keyword for keyword in vocabulary.keywords}
    assert by_path["Animals|Birds|Gull"] == Keyword(
        "Gull", ("Animals", "Birds"), ("Seagull", "Möwe"), exported=True
    )
    assert not by_path["Animals"].exported  # [Animals]: a category
    assert by_path["Places|Asia|Japan|東京"].synonyms == ("Tokyo",)
    assert by_path["Harbour"].synonyms == ("Port", "Hafen")
    assert not by_path["People|Family"].exported
    assert by_path["People|Family|Anna Müller"].exported
    assert by_path["Places|America|Texas|Paris"].parents == ("Places", "America", "Texas")
    assert len(vocabulary) == 25


def test_choices_are_the_exportable_names_once(vocabulary) -> None:
    choices = vocabulary.choices()
    assert "Animals" not in choices
    assert "Places" not in choices
    assert "Family" not in choices
    assert choices.count("Paris") == 1
    assert {"Gull", "Zürich", "東京", "Île-de-France", "Anna Müller"} <= set(choices)
    assert "Seagull" not in choices  # synonyms map, they are not offered


@pytest.mark.parametrize(
    ("term", "path"),
    [
        ("Gull", "Animals|Birds|Gull"),
        ("gulls", "Animals|Birds|Gull"),  # plural
        ("seagull", "Animals|Birds|Gull"),  # synonym
        ("MOWE", "Animals|Birds|Gull"),  # accents and case ignored
        ("Tokyo", "Places|Asia|Japan|東京"),
        ("zurich", "Places|Europe|Switzerland|Zürich"),
        ("Paris", "Places|Europe|France|Paris"),  # the first branch
        ("Places|America|Texas|Paris", "Places|America|Texas|Paris"),  # a path picks
        ("hafen", "Harbour"),
    ],
)
def test_lookup_by_name_synonym_path_and_folding(vocabulary, term, path) -> None:
    assert vocabulary.lookup(term).path == path


def test_resolved_keywords_are_written_as_lightroom_exports_them(vocabulary) -> None:
    resolved = vocabulary.resolve(["Seagull", "hafen", "Giraffe", "Animals", "Zürich"])
    # the keyword, its synonyms, its exportable parents (not the [Animals] category)
    assert resolved.flat == (
        "Gull",
        "Seagull",
        "Möwe",
        "Birds",
        "Harbour",
        "Port",
        "Hafen",
        "Zürich",
        "Switzerland",
        "Europe",
    )
    assert resolved.hierarchical == (
        "Animals|Birds|Gull",
        "Harbour",
        "Places|Europe|Switzerland|Zürich",
    )
    assert resolved.chosen == ("Gull", "Harbour", "Zürich")
    assert resolved.unmatched == ("Giraffe", "Animals")  # unknown, and a category
    bare = vocabulary.resolve(["Gull"], include_parents=False, include_synonyms=False)
    assert bare.flat == ("Gull",)
    free = vocabulary.resolve(["Gull", "Giraffe"], keep_unmatched=True)
    assert "Giraffe" in free.flat
    assert free.hierarchical == ("Animals|Birds|Gull",)


def test_a_plain_list_with_paths(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("sunset\nAnimals|Birds|Gull\nAnimals|Birds|Tern\n\nharbour\n", "utf-8")
    vocabulary = read_keyword_file(path)
    assert vocabulary.choices() == ("sunset", "Animals", "Birds", "Gull", "Tern", "harbour")
    assert vocabulary.lookup("tern").path == "Animals|Birds|Tern"
    assert len(vocabulary) == 6  # Animals and Birds once


def test_encodings_line_ends_and_round_trip(tmp_path: Path) -> None:
    utf8 = read_keyword_file(write_lightroom_export(tmp_path / "a.txt", crlf=False))
    utf16 = tmp_path / "b.txt"
    utf16.write_bytes(LIGHTROOM_EXPORT.encode("utf-16"))
    latin = tmp_path / "c.txt"
    latin.write_bytes("Möwe\nZürich\n".encode("cp1252"))
    assert read_keyword_file(utf16).keywords == utf8.keywords
    assert read_keyword_file(latin).choices() == ("Möwe", "Zürich")
    again = parse_keyword_list(format_keyword_list(utf8))
    assert again.keywords == utf8.keywords


def test_files_that_are_not_keyword_lists_are_refused(tmp_path: Path) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(200))
    categories = tmp_path / "categories.txt"
    categories.write_text("[Places]\n\t[Europe]\n", "utf-8")
    for path, words in (
        (binary, "not a text file"),
        (categories, "no keywords"),
        (tmp_path / "missing.txt", "Cannot read"),
    ):
        with pytest.raises(VocabularyError, match=words):
            read_keyword_file(path)
    with pytest.raises(VocabularyError, match="not a keyword"):
        parse_keyword_list("x" * 500)


def test_fold_ignores_case_accents_and_spacing() -> None:
    assert fold("  Île-de-France ") == fold("ile-de-france")
    assert fold("Anna_Müller") == "anna muller"
