"""``folder-captioner show``: what each place holds, and disagreements flagged."""

from __future__ import annotations

import json

from desktop_app.cli import main
from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.embedded import EmbeddedWriter
from tests.images import write_jpeg
from tests.raw_files import write_raw


def test_agreeing_places_exit_zero(tmp_path, capsys) -> None:
    jpeg = write_jpeg(tmp_path / "IMG_0001.jpg", (64, 48))
    EmbeddedWriter().write(jpeg, CaptionData("Kite über dem Hafen", ("kite",)))
    jpeg.with_suffix(".txt").write_text("Kite über dem Hafen", encoding="utf-8")
    assert main(["show", str(jpeg)]) == 0
    out, _ = capsys.readouterr()
    assert "agree" in out
    assert out.count("Kite über dem Hafen") == 4  # XMP, EXIF, IPTC, .txt
    assert "keywords: kite" in out


def test_disagreeing_places_are_flagged_and_exit_one(tmp_path, capsys) -> None:
    jpeg = write_jpeg(tmp_path / "IMG_0001.jpg", (64, 48))
    EmbeddedWriter().write(jpeg, CaptionData("The embedded caption"))
    jpeg.with_suffix(".txt").write_text("An older caption", encoding="utf-8")
    write_raw(tmp_path / "IMG_0002.CR2")
    assert main(["show", str(tmp_path), "--json"]) == 1
    out, _ = capsys.readouterr()
    found = {json.loads(line)["path"]: json.loads(line) for line in out.splitlines()}
    image = found[str(jpeg)]
    assert image["agree"] is False
    assert "different captions" in image["disagreements"][0]
    assert {place["place"] for place in image["places"]} == {
        "XMP dc:description",
        "EXIF ImageDescription",
        "IPTC Caption-Abstract",
        ".txt file",
    }
    raw = found[str(tmp_path / "IMG_0002.CR2")]
    assert raw["caption"] is None
    assert raw["places"] == []
