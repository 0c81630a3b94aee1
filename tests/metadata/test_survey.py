"""Reading a caption from every place, and deciding whether the places agree."""

from __future__ import annotations

from pathlib import Path

from desktop_app.metadata import iim
from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.embedded import EmbeddedWriter
from desktop_app.metadata.registry import read_everywhere, writer_set
from desktop_app.metadata.survey import EXIF_FIELD, IIM_FIELD, PlaceValue, survey
from tests.images import write_jpeg
from tests.raw_files import write_raw


def test_an_iim_caption_cut_at_2000_bytes_still_agrees(tmp_path: Path) -> None:
    jpeg = write_jpeg(tmp_path / "long.jpg", (64, 48))
    text = "港の夕暮れ。" * 400
    EmbeddedWriter().write(jpeg, CaptionData(text))
    found = survey(jpeg)
    iim_value = next(v for v in found.values if v.place == IIM_FIELD)
    assert iim_value.text == iim.iim_caption(text)
    assert found.agree
    assert found.text == text


def test_a_camera_placeholder_never_disagrees(tmp_path: Path) -> None:
    jpeg = tmp_path / "P1.jpg"
    found = survey(write_jpeg(jpeg, (64, 48)))
    values = (*found.values[:1], PlaceValue(EXIF_FIELD, jpeg, "SONY DSC"))
    assert not PlaceValue(EXIF_FIELD, jpeg, "SONY DSC").is_caption
    assert type(found)(jpeg, values).agree


def test_different_captions_are_reported_place_by_place(tmp_path: Path) -> None:
    jpeg = write_jpeg(tmp_path / "IMG_1.jpg", (64, 48))
    EmbeddedWriter().write(jpeg, CaptionData("Embedded"))
    jpeg.with_suffix(".txt").write_text("Text file", encoding="utf-8")
    found = survey(jpeg)
    assert not found.agree
    assert "IMG_1.txt" in found.disagreements()[0]


def test_existing_captions_come_from_every_place_not_only_the_chosen_ones(tmp_path) -> None:
    jpeg = write_jpeg(tmp_path / "IMG_1.jpg", (64, 48))
    raw = write_raw(tmp_path / "IMG_2.CR2")
    EmbeddedWriter().write(jpeg, CaptionData("Inside"))
    writer_set(["xmp"]).write(raw, CaptionData("Beside"))
    txt_only = writer_set(["txt"])
    assert [(e.source, e.text) for e in txt_only.existing(jpeg)] == [("embedded", "Inside")]
    assert [(e.source, e.text) for e in read_everywhere(raw)] == [("xmp", "Beside")]
