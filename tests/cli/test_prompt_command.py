"""``folder-captioner prompt``: the prompt each image would be sent, filled from the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from tests import exiftool
from tests.images import write_jpeg


@exiftool.requires_exiftool
def test_the_in_context_preset_uses_place_and_date_where_known(tmp_path, capsys) -> None:
    folder = tmp_path / "Switzerland 2024"
    exiftool.write_tags(
        write_jpeg(folder / "matterhorn.jpg", (96, 64)),
        *exiftool.ZERMATT_GPS,
        "-DateTimeOriginal=2024:06:01 18:30:05",
    )
    bare = write_jpeg(folder / "bare.jpg", (96, 64))
    assert main(["prompt", str(folder), "--preset", "in-context", "--json"]) == 0
    records = {
        Path(r["path"]).name: r for r in map(json.loads, capsys.readouterr().out.splitlines())
    }
    assert records["matterhorn.jpg"]["prompt"].startswith(
        "Write a concise caption in 1-2 sentences for this photo, taken in Zermatt, Valais, "
        "Switzerland on 1 June 2024. Describe what is visible"
    )
    assert records["matterhorn.jpg"]["context"]["city"] == "Zermatt"
    assert records["bare.jpg"]["prompt"].startswith(
        "Write a concise caption in 1-2 sentences for this photo. Describe what is visible"
    )
    assert "place" not in records["bare.jpg"]["context"]
    assert "{" not in records["bare.jpg"]["prompt"]
    assert bare.exists()


def test_structured_instructions_and_schema_are_shown(tmp_path, capsys) -> None:
    photo = write_jpeg(tmp_path / "a.jpg", (96, 64))
    code = main(["prompt", str(photo), "--keywords", "5", "--languages", "en,de", "--schema"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Answer with one JSON object" in out
    assert '"caption_de": "<the same caption in German>"' in out
    assert '"maxItems": 5' in out


def test_a_single_language_is_asked_for_in_words(tmp_path, capsys) -> None:
    photo = write_jpeg(tmp_path / "a.jpg", (96, 64))
    assert main(["prompt", str(photo), "--languages", "de", "--json"]) == 0
    [record] = map(json.loads, capsys.readouterr().out.splitlines())
    assert record["prompt"].endswith("Write the caption in German.")
    assert record["schema"] is None


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--prompt", "Caption {palce}."], "{palce}"),
        (["--languages", "english!"], "not a language code"),
    ],
)
def test_mistakes_are_usage_errors(tmp_path, capsys, args, words) -> None:
    photo = write_jpeg(tmp_path / "a.jpg", (96, 64))
    with pytest.raises(SystemExit) as usage:
        main(["prompt", str(photo), *args])
    assert usage.value.code == 2
    assert words in capsys.readouterr().err
