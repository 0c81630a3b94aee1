"""The damage issue 11 measured on real camera JPEGs, rebuilt as test files, and what
becomes of each now: written with everything intact, or refused by ExifTool itself.

- a Sony JPEG whose IFD0 has one entry of an invalid type: the exiv2 rewrite put it
  first and every strict reader lost the whole EXIF; ExifTool refuses to write it;
- Olympus E-1: its rewritten maker note read as garbage ("Suspicious Equipment
  offset"): serial numbers, settings, AF areas changed;
- Nikon preview IFD ("Bad PreviewIFD directory"): the camera's preview was lost;
- a news agency JPEG with IPTC kept inside EXIF (tag 0x83bb): dropped;
- IFD0 PhotometricInterpretation in a JPEG: dropped.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.embedded import EmbeddedWriter
from desktop_app.metadata.errors import UnsupportedForWriting
from tests import exiftool
from tests.exif_files import RATIONAL, SHORT, UNDEFINED, exif_block, iim, jpeg_with_exif, text
from tests.images import EXIFTOOL_CORPUS

pytestmark = exiftool.requires_exiftool
WRITER = EmbeddedWriter()
CAPTION = CaptionData("A caption, and nothing else changes", ("harbour",))
TAKEN = (0x9003, *text("2010:06:01 12:00:00"))


def _binary(path: Path, tag: str) -> bytes:
    assert exiftool.EXIFTOOL is not None
    return subprocess.run(
        # -m: the corpus keeps a stub where the camera's preview was (not a valid JPEG)
        [exiftool.EXIFTOOL, "-m", "-b", f"-{tag}", str(path)],
        capture_output=True,
        check=True,
    ).stdout


def _corpus(name: str, folder: Path) -> Path:
    if not (EXIFTOOL_CORPUS / name).exists():
        pytest.skip(f"{name} is not in the shared corpus")
    return Path(shutil.copyfile(EXIFTOOL_CORPUS / name, folder / name))


def test_an_ifd0_entry_of_an_invalid_type_is_refused_by_exiftool(tmp_path: Path) -> None:
    block = exif_block(
        [
            (0x010F, *text("SONY")),
            (0x0110, *text("DSC-HX5V")),
            (0xC4A5, 0, 4, b"\x01\x02\x03\x04"),  # type 0 does not exist
        ],
        [TAKEN, (0x829A, RATIONAL, 1, struct.pack("<II", 1, 250))],
    )
    image = jpeg_with_exif(tmp_path / "DSC00001.JPG", block)
    before = image.read_bytes()
    with pytest.raises(UnsupportedForWriting) as caught:
        WRITER.write(image, CAPTION)
    assert "Bad format (0) for IFD0 entry" in caught.value.message  # ExifTool's words
    assert "sidecar" in caught.value.hint
    assert image.read_bytes() == before
    assert exiftool.tags(image)["IFD0:Model"] == "DSC-HX5V"  # EXIF still whole


def test_iptc_kept_inside_exif_stays_and_follows_the_caption(tmp_path: Path) -> None:
    legacy = iim((2, 120, b"AP caption"), (2, 80, b"Jane Doe"), (2, 105, b"Headline"))
    block = exif_block(
        [(0x010F, *text("Canon")), (0x83BB, UNDEFINED, len(legacy), legacy)], [TAKEN]
    )
    image = jpeg_with_exif(tmp_path / "agency.jpg", block)
    before = exiftool.tags(image)
    WRITER.write(image, CAPTION)
    after = exiftool.tags(image)
    assert after["IPTC2:By-line"] == "Jane Doe"  # the block inside EXIF is still there
    assert after["IPTC2:Headline"] == "Headline"
    assert after["IPTC2:Caption-Abstract"] == CAPTION.text  # ExifTool keeps it in step
    assert after["IPTC:Caption-Abstract"] == CAPTION.text
    assert exiftool.unexpected_changes(before, after) == {}


def test_photometric_interpretation_in_a_jpegs_ifd0_stays(tmp_path: Path) -> None:
    block = exif_block(
        [(0x010F, *text("Canon")), (0x0106, SHORT, 1, struct.pack("<H", 2))], [TAKEN]
    )
    image = jpeg_with_exif(tmp_path / "IMG_0001.JPG", block)
    before = exiftool.tags(image)
    WRITER.write(image, CAPTION)
    after = exiftool.tags(image)
    assert after["IFD0:PhotometricInterpretation"] == before["IFD0:PhotometricInterpretation"]
    assert exiftool.unexpected_changes(before, after) == {}


@pytest.mark.parametrize("name", ["NikonD2Hs.jpg", "NikonD70.jpg"])
def test_a_nikon_preview_ifd_keeps_its_preview(tmp_path: Path, name: str) -> None:
    image = _corpus(name, tmp_path)
    preview = _binary(image, "PreviewImage")
    assert preview
    before = exiftool.tags(image)
    WRITER.write(image, CAPTION)
    after = exiftool.tags(image)
    assert _binary(image, "PreviewImage") == preview
    assert "Bad PreviewIFD" not in str(after.get("ExifTool:Warning"))
    assert exiftool.unexpected_changes(before, after) == {}


@pytest.mark.parametrize("name", ["OlympusE1.jpg", "Kodak.jpg", "Apple.jpg", "Pentax.jpg"])
def test_a_maker_note_reads_alike_after_the_write(tmp_path: Path, name: str) -> None:
    """Every maker-note tag (serial numbers, settings, AF areas...), value for value."""
    image = _corpus(name, tmp_path)
    before = exiftool.dump_numeric(image)
    WRITER.write(image, CAPTION)
    after = exiftool.dump_numeric(image)
    notes = {key: value for key, value in before.items() if key.startswith("MakerNotes:")}
    assert len(notes) > 10
    moved = {k for k in notes if k.rsplit(":", 1)[-1].endswith(("Offset", "Start"))}
    assert {k: after.get(k) for k in notes if k not in moved} == {
        k: v for k, v in notes.items() if k not in moved
    }
    assert not [w for k, w in after.items() if "Warning" in k and "Suspicious" in str(w)]
