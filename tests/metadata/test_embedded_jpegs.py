"""Finding a JPEG's embedded thumbnails from its header, checked against exiftool on
real files (Pillow's and ExifTool's samples) and on camera-like files."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from desktop_app.metadata.embedded_jpegs import jpeg_overview, read_embedded
from tests.camera_jpegs import write_camera_jpeg
from tests.images import CORPUS, EXIFTOOL_CORPUS, write_png


def exiftool_binary(path: Path, tag: str) -> bytes:
    return subprocess.run(
        ["exiftool", "-b", f"-{tag}", str(path)], capture_output=True, check=True
    ).stdout


@pytest.mark.parametrize(
    ("name", "size"),
    [
        ("flower.jpg", (480, 360)),
        ("iptc.jpg", (640, 480)),
        ("xmp_test.jpg", (2000, 1072)),
        ("exif_typeerror.jpg", (800, 531)),  # IFD0's EXIF pointer has the wrong type
        ("photoshop-200dpi-broken.jpg", (200, 200)),  # stray bytes between segments
        ("frozenpond.mpo", (640, 480)),
    ],
)
def test_the_exif_thumbnail_of_real_files_is_the_one_exiftool_finds(name, size) -> None:
    path = CORPUS / name
    overview = jpeg_overview(path)
    assert overview is not None
    assert (overview.width, overview.height) == size
    thumbnails = [e for e in overview.embedded if e.source == "exif-thumbnail"]
    assert len(thumbnails) == 1
    assert read_embedded(path, thumbnails[0]) == exiftool_binary(path, "ThumbnailImage")


def test_a_stereo_pair_offers_no_large_thumbnail() -> None:
    """frozenpond.mpo's second image is the other eye (MPF "disparity"), not a preview."""
    overview = jpeg_overview(CORPUS / "frozenpond.mpo")
    assert overview is not None
    assert [e.source for e in overview.embedded] == ["exif-thumbnail"]


@pytest.mark.parametrize(
    ("name", "orientation"),
    [("hopper_orientation_6.jpg", 6), ("orientation_rectangle.jpg", 8), ("hopper.jpg", 1)],
)
def test_orientation_and_no_thumbnail(name, orientation) -> None:
    overview = jpeg_overview(CORPUS / name)
    assert overview is not None
    assert overview.orientation == orientation
    assert overview.embedded == ()


def test_a_png_and_a_missing_file_have_no_overview(tmp_path) -> None:
    assert jpeg_overview(write_png(tmp_path / "a.png")) is None
    assert jpeg_overview(tmp_path / "gone.jpg") is None


def test_an_mpf_large_thumbnail_is_found_where_exiftool_finds_it(tmp_path) -> None:
    path = write_camera_jpeg(tmp_path / "IMG_0001.JPG", (3000, 2000), mpf_preview=(640, 480))
    overview = jpeg_overview(path)
    assert overview is not None
    sources = [(e.source, e.nominal_long_side) for e in overview.embedded]
    assert sources == [("exif-thumbnail", 160), ("mpf-large-thumbnail", 640)]
    assert read_embedded(path, overview.embedded[0]) == exiftool_binary(path, "ThumbnailImage")
    assert read_embedded(path, overview.embedded[1]) == exiftool_binary(path, "PreviewImage")


def test_an_mp_index_pointing_past_the_end_is_ignored(tmp_path) -> None:
    """A file cut short after its photo: the index still names the large thumbnail."""
    path = write_camera_jpeg(tmp_path / "IMG_0002.JPG", (3000, 2000), mpf_preview=(640, 480))
    data = path.read_bytes()
    path.write_bytes(data[: data.rindex(b"\xff\xd8")])
    overview = jpeg_overview(path)
    assert overview is not None
    assert [e.source for e in overview.embedded] == ["exif-thumbnail"]


@pytest.mark.skipif(not EXIFTOOL_CORPUS.is_dir(), reason="ExifTool's samples are not here")
def test_exiftools_own_sample_with_a_stale_mp_index() -> None:
    """ExifTool.jpg's MP index names a preview 5.9 MB in, in a file of a few KB."""
    path = EXIFTOOL_CORPUS / "ExifTool.jpg"
    overview = jpeg_overview(path)
    assert overview is not None
    assert overview.embedded == ()


@pytest.mark.skipif(not EXIFTOOL_CORPUS.is_dir(), reason="ExifTool's samples are not here")
@pytest.mark.parametrize(("name", "orientation"), [("Pentax.jpg", 8), ("Nikon.jpg", 1)])
def test_camera_files_maker_notes_are_seen(name, orientation) -> None:
    overview = jpeg_overview(EXIFTOOL_CORPUS / name)
    assert overview is not None
    assert overview.has_maker_note
    assert overview.orientation == orientation


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs Linux's I/O counters")
def test_only_the_header_is_read(tmp_path) -> None:
    """A 20 MB file costs a few kilobytes: the walk seeks past the image data."""
    path = write_camera_jpeg(tmp_path / "IMG_0003.JPG", (400, 300), mpf_preview=(320, 240))
    with open(path, "ab") as handle:  # decoders stop at EOI; this only makes it big
        handle.truncate(20 << 20)
    before = _bytes_read()
    overview = jpeg_overview(path)
    thumbnail = read_embedded(path, overview.embedded[0]) if overview else b""
    read = _bytes_read() - before
    assert overview is not None
    assert thumbnail.startswith(b"\xff\xd8")
    assert read < 256 << 10


def _bytes_read() -> int:
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar line")
