"""The shipped translations are complete, current and faithful.

- current: the extractors (pyside6-lupdate, Babel) run against a temporary copy and find
  exactly the messages the committed .ts/.pot/.po hold: no new text left out, none that
  the code no longer has;
- complete: every message of German and French has its translation, every plural form;
- faithful: a translation keeps its source's placeholders ({name}, %n, %1, %s), HTML
  tags, escaped braces and keyboard accelerator;
- compiled: the committed .qm and .mo say exactly what their sources say.
"""

from __future__ import annotations

import gettext
import io
import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo

from tests.i18n.catalogues import (
    FOLDER,
    LANGUAGES,
    Entry,
    placeholders,
    po_entries,
    translations_tool,
    ts_entries,
)

tool = translations_tool()
WINDOW_LANGUAGES = (*LANGUAGES, "en")


def keys(entries: list[Entry]) -> set[tuple[str, ...]]:
    return {entry.key for entry in entries}


def described(found: set[tuple[str, ...]]) -> str:
    return "\n".join(" | ".join(part for part in key if part) for key in sorted(found))


# -- the window's catalogue (Qt) ------------------------------------------------------------
@pytest.fixture(scope="module")
def fresh_ts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each .ts as lupdate makes it from today's code (on a copy)."""
    folder = tmp_path_factory.mktemp("ts")
    for language in WINDOW_LANGUAGES:
        shutil.copy(tool.ts_file(language), folder)
    sources = tool.window_sources()
    for language in WINDOW_LANGUAGES:
        tool.run_lupdate(tool.ts_file(language, folder), sources, plural_only=language == "en")
    return {language: tool.ts_file(language, folder) for language in WINDOW_LANGUAGES}


@pytest.mark.parametrize("language", WINDOW_LANGUAGES)
def test_window_catalogue_holds_exactly_the_code_texts(
    language: str, fresh_ts: dict[str, Path]
) -> None:
    committed = keys(ts_entries(tool.ts_file(language)))
    current = keys(ts_entries(fresh_ts[language]))
    assert not current - committed, (
        f"texts in the code but not in window_{language}.ts (run scripts/translations.py "
        f"update):\n{described(current - committed)}"
    )
    assert not committed - current, (
        f"stale texts in window_{language}.ts, gone from the code (run scripts/translations.py "
        f"update):\n{described(committed - current)}"
    )


@pytest.mark.parametrize("language", WINDOW_LANGUAGES)
def test_window_catalogue_is_translated(language: str) -> None:
    entries = ts_entries(tool.ts_file(language))
    assert entries
    if language == "en":  # English holds the plural forms only
        assert all(entry.plural for entry in entries)
    missing = [
        e.where + ": " + e.key[1] for e in entries if not e.finished or not all(e.translations)
    ]
    assert not missing, f"untranslated in window_{language}.ts:\n" + "\n".join(missing)


@pytest.mark.parametrize("language", WINDOW_LANGUAGES)
def test_window_translations_keep_placeholders(language: str) -> None:
    wrong = list(changed_placeholders(ts_entries(tool.ts_file(language))))
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", WINDOW_LANGUAGES)
def test_compiled_window_catalogue_matches_its_source(language: str, tmp_path: Path) -> None:
    made = tmp_path / f"window_{language}.qm"
    tool.run_lrelease(tool.ts_file(language), made)
    committed = FOLDER / made.name
    assert committed.read_bytes() == made.read_bytes(), (
        f"{committed.name} is out of step with its .ts: run scripts/translations.py compile"
    )


# -- the commands' and errors' catalogue (gettext) ------------------------------------------
@pytest.fixture(scope="module")
def template() -> list[Entry]:
    return po_entries(tool.extract_messages(), "code")


def test_template_holds_exactly_the_code_messages(template: list[Entry]) -> None:
    committed = keys(po_entries(tool.read_catalog(tool.TEMPLATE), "messages.pot"))
    current = keys(template)
    assert not current - committed, (
        "messages in the code but not in messages.pot (run scripts/translations.py update):\n"
        + described(current - committed)
    )
    assert not committed - current, (
        "stale messages in messages.pot (run scripts/translations.py update):\n"
        + described(committed - current)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_catalogue_matches_the_code(language: str, template: list[Entry]) -> None:
    entries = po_entries(tool.read_catalog(tool.po_file(language), language), language)
    assert keys(entries) == keys(template), (
        f"messages_{language}.po is out of step with the code (run scripts/translations.py "
        f"update):\nmissing:\n{described(keys(template) - keys(entries))}\n"
        f"stale:\n{described(keys(entries) - keys(template))}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_catalogue_is_translated(language: str) -> None:
    catalog = tool.read_catalog(tool.po_file(language), language)
    entries = po_entries(catalog, f"messages_{language}.po")
    missing = [
        e.where + ": " + e.key[0] for e in entries if not e.finished or not all(e.translations)
    ]
    assert not missing, f"untranslated in messages_{language}.po:\n" + "\n".join(missing)
    for entry in entries:
        if entry.plural:
            assert len(entry.translations) == catalog.num_plurals, entry.where


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_translations_keep_placeholders(language: str) -> None:
    catalog = tool.read_catalog(tool.po_file(language), language)
    wrong = list(changed_placeholders(po_entries(catalog, f"messages_{language}.po")))
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_language_catalogue_matches_its_source(language: str) -> None:
    committed = (FOLDER / f"messages_{language}.mo").read_bytes()
    said = read_mo(io.BytesIO(committed))
    source = tool.read_catalog(tool.po_file(language), language)
    expected = {(hashable(m.id), hashable(m.string)) for m in source if m.id}
    assert {(hashable(m.id), hashable(m.string)) for m in said if m.id} == expected, (
        f"messages_{language}.mo is out of step with its .po: run scripts/translations.py compile"
    )
    # And the standard library, which the app uses, reads it.
    gettext.GNUTranslations(io.BytesIO(committed))


def hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


def changed_placeholders(entries: list[Entry]):
    """'where: source -> translation (what differs)' for each unfaithful translation."""
    for entry in entries:
        for index, translation in enumerate(entry.translations):
            if not translation:
                continue
            source = entry.sources[min(index, len(entry.sources) - 1)]
            want, have = placeholders(source), placeholders(translation)
            for kind in want:
                if want[kind] != have[kind]:
                    yield (
                        f"{entry.where}: {source!r} -> {translation!r}: {kind} "
                        f"{want[kind]} became {have[kind]}"
                    )
