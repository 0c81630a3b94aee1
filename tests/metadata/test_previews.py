"""RAW files are captioned from their largest embedded preview (exiv2's preview
manager), on RAW-like files built the way TIFF-based RAW formats are laid out."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from desktop_app.core.imaging import PIXEL_LEVELS, prepare_image
from desktop_app.errors import CaptionerError
from desktop_app.metadata.previews import NoUsablePreview, largest_preview, preview_covering
from tests.exiftool import requires_exiftool, write_tags
from tests.images import EXIFTOOL_CORPUS
from tests.raw_files import write_raw


def test_the_largest_preview_is_the_embedded_jpeg(tmp_path: Path) -> None:
    raw = write_raw(tmp_path / "IMG_0001.DNG", preview=(800, 600))
    found = largest_preview(raw)
    assert found.orientation == 1
    with Image.open(io.BytesIO(found.data)) as preview:
        assert (preview.format, preview.size) == ("JPEG", (800, 600))


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_a_portrait_raw_is_captioned_upright(tmp_path: Path, orientation: int) -> None:
    """Cameras store the preview as the sensor saw it and record the turn in the RAW."""
    raw = write_raw(tmp_path / "IMG_0004.NEF", preview=(1200, 800), orientation=orientation)
    assert largest_preview(raw).orientation == orientation
    encoded = prepare_image(raw, PIXEL_LEVELS["fast"])
    upright = orientation == 3
    assert (encoded.width > encoded.height) is upright


@requires_exiftool
@pytest.mark.skipif(not EXIFTOOL_CORPUS.is_dir(), reason="shared/corpus/exiftool is absent")
@pytest.mark.parametrize("name", ["DNG.dng", "CanonRaw.cr2", "FujiFilm.raf", "Panasonic.rw2"])
def test_real_raw_files_turned_by_exiftool_say_so(tmp_path: Path, name: str) -> None:
    """Camera samples marked portrait as a camera held upright marks them (ExifTool
    writes the tag where each format keeps it): every preview comes with that turn."""
    raw = tmp_path / name
    shutil.copyfile(EXIFTOOL_CORPUS / name, raw)
    write_tags(raw, "-Orientation#=6")
    covering = preview_covering(raw, 8)
    assert covering is not None
    assert covering.orientation == 6


def test_a_raw_file_is_prepared_from_its_preview_and_left_alone(tmp_path: Path) -> None:
    raw = write_raw(tmp_path / "IMG_0002.NEF", preview=(1200, 800))
    before = raw.read_bytes()
    encoded = prepare_image(raw, PIXEL_LEVELS["fast"])
    assert encoded.mime_type == "image/jpeg"
    assert encoded.width > encoded.height  # the preview's landscape shape, downscaled
    with Image.open(io.BytesIO(encoded.data)) as sent:
        red, green, _ = sent.convert("RGB").split()
        assert red.getextrema()[0] > 150 > green.getextrema()[1]  # the preview's colour
    assert raw.read_bytes() == before


@pytest.mark.parametrize("content", ["thumbnail only", "not a raw"])
def test_a_raw_without_a_usable_preview_gets_a_clear_message(tmp_path: Path, content) -> None:
    raw = tmp_path / "IMG_0003.CR2"
    if content == "thumbnail only":
        write_raw(raw, preview=None)
    else:
        raw.write_bytes(b"this is not a camera file" * 10)
    with pytest.raises(NoUsablePreview) as caught:
        prepare_image(raw, PIXEL_LEVELS["fast"])
    assert isinstance(caught.value, CaptionerError)
    assert caught.value.code == "raw-without-preview"
    assert "RAW" in caught.value.message
    assert caught.value.hint
