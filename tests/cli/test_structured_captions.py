"""Structured captions end to end, from the command line to the files, read back by
exiftool: a Lightroom keyword export imported, keywords mapped through it into
``dc:subject``, IIM 2:25 and ``lr:hierarchicalSubject``; three languages as XMP
lang-alt; provenance written, then updated by a person's edit and filtered on.

The cloud API fake plays a model that follows the prompt's JSON instructions: it reads
the JSON example the prompt shows and fills in every field asked for.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.core.captioning import Overrides, build_writers
from desktop_app.core.editing import save_edited_caption
from desktop_app.core.library import CaptionSource, Library
from desktop_app.core.paths import app_dirs
from desktop_app.core.settings import SettingsStore
from tests import exiftool
from tests.images import write_jpeg
from tests.keyword_lists import write_lightroom_export
from tests.raw_files import write_raw

pytestmark = exiftool.requires_exiftool
TRANSLATIONS = {"de": "Möwen über dem Hafen von Tokio.", "fr": "Des mouettes au port de Tokyo."}


def model_answer(keywords: list[str]):
    """A model that answers the JSON the prompt asks for, with these keywords."""

    def answer(task: dict[str, Any], caption: str) -> str:
        example = next(
            json.loads(line)
            for line in task["prompt"].splitlines()
            if line.startswith("{") and line.endswith("}")
        )
        filled: dict[str, Any] = {}
        for key in example:
            if key == "caption":
                filled[key] = caption
            elif key.startswith("caption_"):
                filled[key] = TRANSLATIONS[key.removeprefix("caption_")]
            elif key == "keywords":
                filled[key] = keywords
            elif key == "title":
                filled[key] = "Harbour gulls"
            elif key == "alt_text":
                filled[key] = "Gulls flying over boats in a harbour."
        return json.dumps(filled, ensure_ascii=False)

    return answer


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def imported(tmp_path: Path, capsys) -> Path:
    export = write_lightroom_export(tmp_path / "Lightroom Keywords.txt", bom=True)
    assert main(["keywords", "import", str(export)]) == 0
    out = capsys.readouterr().out
    assert "Imported 20 keywords" in out
    return export


def test_keywords_import_show_and_match(imported, capsys) -> None:
    settings = SettingsStore(app_dirs().settings_file).load()
    assert settings.content.keywords
    assert Path(settings.content.vocabulary).is_file()
    assert main(["keywords", "show", "--tree"]) == 0
    out = capsys.readouterr().out
    assert "[Animals]" in out
    assert "{Seagull, Möwe}" in out
    assert main(["keywords", "match", "seagull", "Giraffe"]) == 1
    out = capsys.readouterr().out
    assert "seagull -> Gull, Seagull, Möwe, Birds  (Animals|Birds|Gull)" in out
    assert "Giraffe: not in the vocabulary" in out
    assert main(["keywords", "clear"]) == 0
    with pytest.raises(SystemExit) as usage:
        main(["keywords", "show"])
    assert usage.value.code == 2
    assert "no vocabulary imported" in capsys.readouterr().err


def test_vocabulary_keywords_land_in_all_three_fields(imported, cloud_env, tmp_path, capsys):
    cloud_env.answer = model_answer(["Seagull", "hafen", "Tokyo", "Giraffe", "Animals"])
    photo = write_jpeg(tmp_path / "p" / "IMG_0001.jpg", (96, 64))
    raw = write_raw(tmp_path / "p" / "IMG_0002.DNG")
    code = main(["caption", str(tmp_path / "p"), "--write", "embedded", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    prompt = cloud_env.caption_tasks()[0]["prompt"]
    assert "Choose keywords only from this list: Birds, Gull, Cormorant" in prompt
    assert "Anna Müller" in prompt
    flat = [
        "Gull",
        "Seagull",
        "Möwe",
        "Birds",
        "Harbour",
        "Port",
        "Hafen",
        "東京",
        "Tokyo",
        "Japan",
        "Asia",
    ]
    paths = ["Animals|Birds|Gull", "Harbour", "Places|Asia|Japan|東京"]
    records = {record["path"]: record for record in json_lines(out)}
    assert records[str(photo)]["keywords"] == flat
    assert records[str(photo)]["hierarchical_keywords"] == paths
    found = exiftool.tags(photo)
    assert exiftool.as_list(found["XMP-dc:Subject"]) == flat
    assert exiftool.as_list(found["IPTC:Keywords"]) == flat
    assert exiftool.as_list(found["XMP-lr:HierarchicalSubject"]) == paths
    assert found["IPTC:CodedCharacterSet"] == "UTF8"
    sidecar = exiftool.tags(raw.with_suffix(".xmp"))  # RAW: the sidecar instead
    assert exiftool.as_list(sidecar["XMP-dc:Subject"]) == flat
    assert exiftool.as_list(sidecar["XMP-lr:HierarchicalSubject"]) == paths
    library = Library(app_dirs().library_file)
    try:
        record = library.current_caption(library.image_by_path(photo).id)
        assert record.keywords == tuple(flat)
        assert record.hierarchical_keywords == tuple(paths)
    finally:
        library.close()


def test_three_languages_round_trip_with_title_alt_text_and_provenance(cloud_env, tmp_path, capsys):
    cloud_env.answer = model_answer([])
    photo = write_jpeg(tmp_path / "p" / "IMG_0003.jpg", (96, 64))
    code = main(
        [
            "caption",
            str(photo),
            "--write",
            "embedded",
            "--languages",
            "en,de,fr",
            "--title",
            "--alt-text",
            "--json",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    [record] = json_lines(out)
    english = record["caption"]
    assert record["languages"] == {"en": english, **TRANSLATIONS}
    found = exiftool.tags(photo)
    assert found["XMP-dc:Description"] == english  # x-default: the default language
    assert found["XMP-dc:Description-en"] == english
    assert found["XMP-dc:Description-de"] == TRANSLATIONS["de"]
    assert found["XMP-dc:Description-fr"] == TRANSLATIONS["fr"]
    assert found["IFD0:ImageDescription"] == english  # EXIF and IIM: the default language
    assert found["IPTC:Caption-Abstract"] == english
    assert found["XMP-dc:Title"] == "Harbour gulls"
    assert found["XMP-iptcCore:AltTextAccessibility"] == "Gulls flying over boats in a harbour."
    assert found["XMP-iptcExt:AISystemUsed"] == "Qwen2.5-VL-3B-Instruct"
    assert found["XMP-iptcExt:AISystemVersionUsed"] == "runware:152@1"
    assert found["XMP-iptcExt:AIPromptInformation"].startswith("Write a concise, vivid caption")
    assert found["XMP-iptcExt:AIPromptWriterName"] == "Folder Captioner preset 'concise'"
    assert found["XMP-fcap:CaptionSource"] == "generated"
    assert found["XMP-fcap:Backend"] == "cloud"
    assert re.match(r"\d{4}:\d\d:\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d", found["XMP-fcap:GeneratedAt"])
    library = Library(app_dirs().library_file)
    try:
        saved = library.current_caption(library.image_by_path(photo).id)
        assert dict(saved.languages) == {"en": english, **TRANSLATIONS}
        assert (saved.title, saved.source) == ("Harbour gulls", CaptionSource.GENERATED)
    finally:
        library.close()


def test_an_edit_updates_provenance_and_filters_see_it(cloud_env, tmp_path, capsys) -> None:
    folder = tmp_path / "p"
    edited, machine = write_jpeg(folder / "a.jpg", (96, 64)), write_jpeg(folder / "b.jpg", (64, 64))
    bare = write_jpeg(folder / "c.jpg", (80, 64))
    assert main(["caption", str(edited), str(machine), "--write", "embedded", "-q"]) == 0
    store = SettingsStore(app_dirs().settings_file)
    library = Library(app_dirs().library_file)
    try:
        writers = build_writers(store.load(), Overrides(destinations=("embedded",)))
        save_edited_caption(edited, "A gull, as I saw it.", writers, library, language="en")
        record = library.current_caption(library.image_by_path(edited).id)
        assert record.source is CaptionSource.EDITED
    finally:
        library.close()
    found = exiftool.tags(edited)
    assert found["XMP-dc:Description"] == "A gull, as I saw it."
    assert found["XMP-dc:Description-en"] == "A gull, as I saw it."
    assert found["IPTC:Caption-Abstract"] == "A gull, as I saw it."
    assert "XMP-iptcExt:AISystemUsed" not in found  # cleared: a person wrote this text
    assert "XMP-iptcExt:AIPromptInformation" not in found
    assert found["XMP-fcap:CaptionSource"] == "edited"
    assert found["XMP-fcap:EditedAt"]
    assert found["XMP-fcap:GeneratedAt"]  # the history stays
    capsys.readouterr()

    def listed(*args: str) -> set[str]:
        main(["show", str(folder), "--json", *args])
        return {Path(r["path"]).name for r in json_lines(capsys.readouterr().out)}

    assert listed("--source", "edited") == {"a.jpg"}
    assert listed("--source", "generated") == {"b.jpg"}
    assert listed("--source", "none") == {"c.jpg"}
    assert listed("--source", "generated,none") == {"b.jpg", "c.jpg"}
    assert bare.exists()

    before = len(cloud_env.caption_tasks())
    code = main(
        ["caption", str(folder), "--write", "embedded", "--overwrite", "--keep-edited", "--json"]
    )
    out, _ = capsys.readouterr()
    assert code == 0
    status = {Path(r["path"]).name: (r["status"], r.get("reason", "")) for r in json_lines(out)}
    assert status["a.jpg"] == ("skipped", "a person edited its caption (embedded)")
    assert status["b.jpg"][0] == status["c.jpg"][0] == "captioned"
    assert len(cloud_env.caption_tasks()) == before + 2
    assert exiftool.tags(edited)["XMP-dc:Description"] == "A gull, as I saw it."


def test_no_provenance_when_turned_off(cloud_env, tmp_path, capsys) -> None:
    photo = write_jpeg(tmp_path / "IMG_0009.jpg", (96, 64))
    assert main(["caption", str(photo), "--write", "embedded", "--no-provenance", "-q"]) == 0
    found = exiftool.tags(photo)
    assert "XMP-fcap:CaptionSource" not in found
    assert "XMP-iptcExt:AISystemUsed" not in found
