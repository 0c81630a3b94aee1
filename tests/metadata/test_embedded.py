"""The embedded writer's own rules, checked with exiftool as the independent reader:
IIM limits and character set, the IPTC digest, raw IIM datasets, keyword lists,
other languages, camera placeholders, and the files it must refuse."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from desktop_app.metadata import iim
from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.containers import mapped
from desktop_app.metadata.embedded import EmbeddedWriter
from desktop_app.metadata.errors import UnsupportedForWriting, WriteError
from desktop_app.metadata.mpf import mp_index_problems, read_mp_index
from desktop_app.metadata.photoshop import iim_block
from tests import exiftool
from tests.images import CORPUS, write_heic, write_jpeg, write_tiff
from tests.raw_files import write_raw

pytestmark = exiftool.requires_exiftool
WRITER = EmbeddedWriter()


def run_exiftool(path: Path, *args: str) -> None:
    assert exiftool.EXIFTOOL is not None
    subprocess.run([exiftool.EXIFTOOL, "-q", "-overwrite_original", *args, str(path)], check=True)


def corpus_copy(name: str, folder: Path, new_name: str | None = None) -> Path:
    source = CORPUS / name
    if not source.exists():
        pytest.skip(f"corpus file {name} is not available")
    target = folder / (new_name or name)
    shutil.copyfile(source, target)
    return target


def test_iim_holds_2000_bytes_cut_on_a_character_boundary(tmp_path: Path) -> None:
    image = write_jpeg(tmp_path / "long.jpg", (64, 48))
    text = "夕暮れの港に赤い凧が舞う🪁。" * 200  # about 9 KB of UTF-8
    keyword = "ß" * 40  # 80 bytes
    WRITER.write(image, CaptionData(text, (keyword,)))
    found = exiftool.tags(image)
    assert found["XMP-dc:Description"] == text
    assert found["IFD0:ImageDescription"] == text
    cut = found["IPTC:Caption-Abstract"]
    assert len(cut.encode("utf-8")) <= iim.CAPTION_MAX_BYTES
    assert len(cut.encode("utf-8")) > iim.CAPTION_MAX_BYTES - 4
    assert text.startswith(cut)
    assert exiftool.as_list(found["IPTC:Keywords"]) == ["ß" * 32]
    assert exiftool.as_list(found["XMP-dc:Subject"]) == [keyword]
    assert "ExifTool:Warning" not in found


@pytest.mark.parametrize("maker", [write_jpeg, write_tiff])
def test_a_stale_iptc_digest_is_made_current(tmp_path: Path, maker) -> None:
    image = maker(tmp_path / f"digest{'.jpg' if maker is write_jpeg else '.tif'}")
    run_exiftool(image, "-IPTC:Caption-Abstract=Old caption", "-IPTCDigest=new")
    WRITER.write(image, CaptionData("New caption"))
    found = exiftool.tags(image)
    assert found["Photoshop:IPTCDigest"] == found["File:CurrentIPTCDigest"]
    assert found["IPTC:Caption-Abstract"] == "New caption"
    assert "ExifTool:Warning" not in found


def test_latin1_iim_text_keeps_its_value_under_utf8(tmp_path: Path) -> None:
    image = write_jpeg(tmp_path / "latin.jpg", (64, 48))
    run_exiftool(image, "-charset", "iptc=Latin", "-IPTC:City=Köln", "-IPTC:By-line=Zoë")
    assert "IPTC:CodedCharacterSet" not in exiftool.tags(image)
    WRITER.write(image, CaptionData("Dom über dem Rhein"))
    found = exiftool.tags(image)
    assert found["IPTC:CodedCharacterSet"] == "UTF8"
    assert (found["IPTC:City"], found["IPTC:By-line"]) == ("Köln", "Zoë")
    assert found["IPTC:Caption-Abstract"] == "Dom über dem Rhein"


def test_other_iim_datasets_keep_their_exact_bytes(tmp_path: Path) -> None:
    image = corpus_copy("xmp_test.jpg", tmp_path)  # IIM times without a time zone
    with mapped(image) as data:
        before = [d for d in iim.parse(iim_block(data) or b"") if d.tag != iim.CHARSET]
    WRITER.write(image, CaptionData("Kept bytes"))
    with mapped(image) as data:
        after = iim.parse(iim_block(data) or b"")
    # the app's fields, and the version dataset the standard requires in the envelope
    # record that the character set (1:90) starts
    skipped = {iim.CHARSET, iim.CAPTION, iim.KEYWORDS, (1, 0)}
    assert [d for d in after if d.tag not in skipped] == [d for d in before if d.tag not in skipped]
    assert exiftool.tags(image)["IPTC:TimeCreated"] == "13:27:23"


def test_keywords_reach_tool_lists_only_where_they_exist(tmp_path: Path) -> None:
    with_lists = write_jpeg(tmp_path / "lists.jpg", (64, 48))
    run_exiftool(
        with_lists,
        "-XMP-lr:HierarchicalSubject=places|harbour",
        "-XMP-digiKam:TagsList=places/harbour",
        "-XMP-dc:Subject=harbour",
    )
    plain = write_jpeg(tmp_path / "plain.jpg", (64, 48))
    for image in (with_lists, plain):
        WRITER.write(image, CaptionData("Kite", ("kite", "Harbour")))
    found = exiftool.tags(with_lists)
    assert exiftool.as_list(found["XMP-dc:Subject"]) == ["harbour", "kite"]  # never removed
    assert exiftool.as_list(found["XMP-lr:HierarchicalSubject"]) == [
        "places|harbour",
        "kite",
        "Harbour",
    ]
    assert exiftool.as_list(found["XMP-digiKam:TagsList"]) == ["places/harbour", "kite", "Harbour"]
    plain_tags = exiftool.tags(plain)
    assert "XMP-lr:HierarchicalSubject" not in plain_tags
    assert "XMP-digiKam:TagsList" not in plain_tags


def test_other_languages_of_the_description_are_kept(tmp_path: Path) -> None:
    image = write_jpeg(tmp_path / "lang.jpg", (64, 48))
    run_exiftool(image, "-XMP-dc:Description=Old", "-XMP-dc:Description-de=Hafen am Abend")
    WRITER.write(image, CaptionData("Harbour at dusk"))
    found = exiftool.tags(image)
    assert found["XMP-dc:Description"] == "Harbour at dusk"
    assert found["XMP-dc:Description-de"] == "Hafen am Abend"


def test_a_camera_placeholder_is_not_a_caption(tmp_path: Path) -> None:
    image = write_jpeg(tmp_path / "P1010001.jpg", (64, 48))
    run_exiftool(image, "-EXIF:ImageDescription=OLYMPUS DIGITAL CAMERA         ")
    assert WRITER.read(image) is None
    WRITER.write(image, CaptionData("A real caption"))
    assert exiftool.tags(image)["IFD0:ImageDescription"] == "A real caption"


@pytest.mark.parametrize("name", ["IMG_0001.DNG", "IMG_0002.CR2", "phone.heic", "phone.avif"])
def test_raw_and_heif_files_are_never_written_into(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_heic(path) if name.startswith("phone") else write_raw(path)
    before = path.read_bytes(), path.stat().st_mtime_ns
    assert not WRITER.applies_to(path)
    with pytest.raises(UnsupportedForWriting, match="not written into"):
        WRITER.write(path, CaptionData("No"))
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_a_maker_note_exiv2_does_not_know_is_moved_and_reads_alike(tmp_path: Path) -> None:
    """The exiv2 writer refused this (a Nintendo 3DS maker note it cannot parse would
    have moved); ExifTool knows it, moves it with its offsets fixed, and every tag of it
    reads back alike."""
    image = corpus_copy("frozenpond.mpo", tmp_path, "3ds.jpg")
    before = exiftool.tags(image)
    WRITER.write(image, CaptionData("A frozen pond"))
    after = exiftool.tags(image)
    maker_notes = [key for key in before if key.startswith("Nintendo:")]
    assert maker_notes
    assert {key: after.get(key) for key in maker_notes} == {k: before[k] for k in maker_notes}
    assert exiftool.unexpected_changes(before, after) == {}


def test_a_multi_picture_jpeg_keeps_a_consistent_index(tmp_path: Path) -> None:
    image = tmp_path / "stereo.jpg"
    first = Image.new("RGB", (96, 64), (200, 30, 30))
    first.save(image, "MPO", save_all=True, append_images=[Image.new("RGB", (96, 64), "blue")])
    second_before = subprocess.run(
        [exiftool.EXIFTOOL or "exiftool", "-b", "-MPImage2", str(image)],
        capture_output=True,
        check=True,
    ).stdout
    WRITER.write(image, CaptionData("Two eyes, one caption"))
    with mapped(image) as data:
        index = read_mp_index(data)
        assert index is not None
        assert mp_index_problems(data, index) == []
    second_after = subprocess.run(
        [exiftool.EXIFTOOL or "exiftool", "-b", "-MPImage2", str(image)],
        capture_output=True,
        check=True,
    ).stdout
    assert second_after == second_before
    assert second_after.startswith(b"\xff\xd8")
    assert "ExifTool:Warning" not in exiftool.tags(image)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("hopper_bad_exif.jpg", "Truncated IFD0 directory"),
        ("truncated_image.png", "Corrupted PNG image"),
        ("exif_imagemagick_orientation.png", "[minor] IFD0 pointer references previous"),
    ],
)
def test_files_exiftool_refuses_are_refused_untouched(
    tmp_path: Path, name: str, words: str
) -> None:
    image = corpus_copy(name, tmp_path)
    before = image.read_bytes()
    with pytest.raises(UnsupportedForWriting) as caught:
        WRITER.write(image, CaptionData("Refused"))
    assert words in caught.value.message  # ExifTool's own words
    assert "sidecar" in caught.value.hint  # says what to do instead
    assert image.read_bytes() == before
    assert os.listdir(tmp_path) == [name]


def test_exif_split_over_several_segments_is_written_whole(tmp_path: Path) -> None:
    """exiv2 would have lost the second segment; ExifTool reads and writes both."""
    image = corpus_copy("multiple_exif.jpg", tmp_path)
    before = exiftool.tags(image)
    WRITER.write(image, CaptionData("Two segments"))
    after = exiftool.tags(image)
    assert after["IFD0:ImageDescription"] == "Two segments"
    assert exiftool.unexpected_changes(before, after) == {}


def test_a_caption_too_long_for_a_jpeg_segment_is_refused(tmp_path: Path) -> None:
    image = write_jpeg(tmp_path / "long.jpg", (64, 48))
    before = image.read_bytes()
    with pytest.raises(UnsupportedForWriting, match="too long to embed"):
        WRITER.write(image, CaptionData("x" * 60_000))
    assert image.read_bytes() == before


def test_a_hard_linked_file_is_refused(tmp_path: Path) -> None:
    image = write_jpeg(tmp_path / "linked.jpg", (64, 48))
    os.link(image, tmp_path / "other-name.jpg")
    with pytest.raises(WriteError, match="hard link"):
        WRITER.write(image, CaptionData("Would split the link"))
    assert WRITER.read(image) is None


def test_a_symlinked_image_is_written_through_its_link(tmp_path: Path) -> None:
    real = write_jpeg(tmp_path / "library" / "IMG_0001.jpg", (64, 48))
    link = tmp_path / "album" / "IMG_0001.jpg"
    link.parent.mkdir()
    link.symlink_to(real)
    WRITER.write(link, CaptionData("Through the link"))
    assert link.is_symlink()
    assert WRITER.read(real).text == "Through the link"
    assert os.listdir(link.parent) == ["IMG_0001.jpg"]


def test_an_empty_caption_is_refused(tmp_path: Path) -> None:
    image = write_jpeg(tmp_path / "empty.jpg", (64, 48))
    WRITER.write(image, CaptionData("Keep me"))
    with pytest.raises(WriteError, match="empty"):
        WRITER.write(image, CaptionData("   "))
    assert WRITER.read(image).text == "Keep me"


def test_a_file_exiv2_cannot_open_is_written_and_read_through_exiftool(tmp_path: Path) -> None:
    """exiv2 refuses this JPEG whole (an ICC profile after the frame header); ExifTool
    reads and writes it, checks it alone, and the app reads the caption back through
    it (else "already captioned" would not see the caption)."""
    image = corpus_copy("icc-after-SOF.jpg", tmp_path)
    before = exiftool.tags(image)
    WRITER.write(image, CaptionData("Read by ExifTool", ("icc",)))
    after = exiftool.tags(image)
    assert exiftool.unexpected_changes(before, after) == {}
    found = WRITER.read(image)
    assert found is not None
    assert (found.text, found.keywords) == ("Read by ExifTool", ("icc",))


def test_control_characters_a_model_may_emit_are_left_out(tmp_path: Path) -> None:
    """XMP (XML) cannot hold them and readers drop them: the caption is written
    without them rather than refused (a random model emits bells and NULs)."""
    image = write_jpeg(tmp_path / "noisy.jpg", (64, 48))
    WRITER.write(image, CaptionData("A bell\x07 and a NUL\x00 \ud83c\nnext line", ("k\x01ite",)))
    found = exiftool.tags(image)
    assert found["XMP-dc:Description"] == "A bell and a NUL \ufffd\nnext line"
    assert found["IFD0:ImageDescription"] == "A bell and a NUL \ufffd\nnext line"
    assert exiftool.as_list(found["XMP-dc:Subject"]) == ["kite"]
