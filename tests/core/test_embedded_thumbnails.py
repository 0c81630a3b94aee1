"""The first thumbnail from a file's own embedded image: the same picture as the real
thumbnail (frame, orientation), or nothing when the embedded image cannot be trusted."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image, ImageChops, ImageStat

from desktop_app.core import embedded_thumbnails
from desktop_app.core.embedded_thumbnails import embedded_thumbnail
from desktop_app.core.thumbnails import Thumbnail, make_thumbnail
from tests.camera_jpegs import camera_thumbnail, jpeg_bytes, write_camera_jpeg
from tests.images import CORPUS, EXIFTOOL_CORPUS, noisy_image, write_png, write_webp
from tests.raw_files import write_raw

QUADRANTS = [(220, 30, 30), (30, 200, 30), (30, 30, 220), (230, 220, 40)]


def quadrant_photo(size: tuple[int, int]) -> Image.Image:
    """Four colours, one per quadrant: any rotation or flip shows in the corners."""
    width, height = size
    photo = Image.new("RGB", size)
    boxes = [
        (0, 0, width // 2, height // 2),
        (width // 2, 0, width, height // 2),
        (0, height // 2, width // 2, height),
        (width // 2, height // 2, width, height),
    ]
    for box, color in zip(boxes, QUADRANTS, strict=True):
        photo.paste(color, box)
    return photo


def as_image(thumbnail: Thumbnail) -> Image.Image:
    return Image.frombytes("RGB", (thumbnail.width, thumbnail.height), thumbnail.rgb)


def corners(image: Image.Image) -> list[tuple[int, int, int]]:
    """The colour a quarter of the way in from each corner."""
    width, height = image.size
    points = [(width // 4, height // 4), (3 * width // 4, height // 4)]
    points += [(width // 4, 3 * height // 4), (3 * width // 4, 3 * height // 4)]
    return [image.getpixel(point) for point in points]  # type: ignore[misc]


def nearest(color: tuple[int, int, int]) -> int:
    """Which quadrant colour ``color`` is (JPEG shifts colours a little)."""
    return min(
        range(4), key=lambda i: sum(abs(a - b) for a, b in zip(color, QUADRANTS[i], strict=True))
    )


def same_picture(preview: Image.Image, real: Image.Image) -> float:
    """Mean absolute difference per channel, the preview scaled to the real one."""
    difference = ImageChops.difference(preview.resize(real.size), real)
    return sum(ImageStat.Stat(difference).mean) / 3


def test_a_letterboxed_camera_thumbnail_is_cropped_to_the_photo(tmp_path) -> None:
    """160 x 120 with black bars for a 3:2 photo, as Canon and Nikon write it."""
    path = write_camera_jpeg(tmp_path / "IMG_0001.JPG", photo=quadrant_photo((3000, 2000)))
    thumbnail = embedded_thumbnail(path, 160)
    assert thumbnail is not None
    assert (thumbnail.width, thumbnail.height) == (160, 107)
    preview = as_image(thumbnail)
    top_row = preview.crop((0, 0, 160, 1)).convert("L")
    assert ImageStat.Stat(top_row).mean[0] > 60  # the picture, not a bar
    assert [nearest(c) for c in corners(preview)] == [0, 1, 2, 3]


def test_a_portrait_photos_thumbnail_with_bars_at_the_sides(tmp_path) -> None:
    """A portrait photo stored upright (a phone's, an editor's): 80 x 120 between bars."""
    path = write_camera_jpeg(tmp_path / "IMG_0009.JPG", photo=quadrant_photo((2000, 3000)))
    thumbnail = embedded_thumbnail(path, 160)
    assert thumbnail is not None
    assert (thumbnail.width, thumbnail.height) == (80, 120)  # shown at most 1.5x: sharp
    preview = as_image(thumbnail)
    left_column = preview.crop((0, 0, 1, 120)).convert("L")
    assert ImageStat.Stat(left_column).mean[0] > 60
    assert [nearest(c) for c in corners(preview)] == [0, 1, 2, 3]


@pytest.mark.parametrize("orientation", range(1, 9))
def test_orientation_is_applied_as_to_the_real_thumbnail(tmp_path, orientation) -> None:
    path = write_camera_jpeg(
        tmp_path / f"IMG_{orientation}.JPG",
        photo=quadrant_photo((3000, 2000)),
        orientation=orientation,
    )
    thumbnail = embedded_thumbnail(path, 160)
    real = make_thumbnail(path, 160)
    assert thumbnail is not None
    preview = as_image(thumbnail)
    assert abs(preview.width - real.width) <= 1
    assert abs(preview.height - real.height) <= 1
    assert (preview.width > preview.height) == (orientation < 5)
    assert [nearest(c) for c in corners(preview)] == [nearest(c) for c in corners(real)]


def test_a_squeezed_thumbnail_falls_back(tmp_path) -> None:
    """Some cameras squeeze a 3:2 photo into 160 x 120 without bars: not the frame."""
    photo = quadrant_photo((3000, 2000))
    squeezed = photo.resize((160, 120))
    path = write_camera_jpeg(tmp_path / "IMG_0002.JPG", photo=photo, thumbnail=squeezed)
    assert embedded_thumbnail(path, 160) is None


def test_a_thumbnail_of_another_frame_falls_back(tmp_path) -> None:
    """An editor turned the pixels upright but left the camera's landscape thumbnail."""
    photo = noisy_image((3000, 2000), (200, 120, 40))
    stale = camera_thumbnail(photo)
    upright = photo.transpose(Image.Transpose.ROTATE_90)
    path = write_camera_jpeg(tmp_path / "IMG_0003.JPG", photo=upright, thumbnail=stale)
    assert embedded_thumbnail(path, 160) is None


@pytest.mark.parametrize("damage", ["cut short", "scrambled"])
def test_a_damaged_thumbnail_falls_back(tmp_path, damage) -> None:
    photo = noisy_image((3000, 2000), (40, 120, 200))
    good = jpeg_bytes(camera_thumbnail(photo))
    if damage == "cut short":
        bad = good[: len(good) // 2]
    else:  # a JPEG's start and end around bytes no decoder can read
        bad = good[:2] + bytes(range(256)) * 8 + good[-2:]
    path = write_camera_jpeg(tmp_path / "IMG_0004.JPG", photo=photo, thumbnail=bad)
    assert embedded_thumbnail(path, 160) is None


def test_a_thumbnail_too_small_for_the_cell_is_not_enlarged(tmp_path) -> None:
    """384 px cells would show a 160 px thumbnail 2.4 times enlarged: a larger MPF
    preview is used where there is one, the decode path otherwise."""
    photo = quadrant_photo((3000, 2000))
    plain = write_camera_jpeg(tmp_path / "IMG_0005.JPG", photo=photo)
    assert embedded_thumbnail(plain, 384) is None
    with_mpf = write_camera_jpeg(tmp_path / "IMG_0006.JPG", photo=photo, mpf_preview=(640, 480))
    thumbnail = embedded_thumbnail(with_mpf, 384)
    assert thumbnail is not None
    assert (thumbnail.width, thumbnail.height) == (384, 256)
    assert [nearest(c) for c in corners(as_image(thumbnail))] == [0, 1, 2, 3]


def test_small_photos_and_other_formats_take_the_decode_path(tmp_path) -> None:
    small = write_camera_jpeg(tmp_path / "small.jpg", (1200, 800))
    assert embedded_thumbnail(small, 160) is None  # decodes about as fast as a preview
    assert embedded_thumbnail(write_png(tmp_path / "a.png", (3000, 2000)), 160) is None
    assert embedded_thumbnail(write_webp(tmp_path / "a.webp", (3000, 2000)), 160) is None
    assert embedded_thumbnail(tmp_path / "missing.jpg", 160) is None


@pytest.mark.parametrize("name", ["flower.jpg", "iptc.jpg", "xmp_test.jpg", "exif_typeerror.jpg"])
def test_real_files_thumbnails_show_the_photo(monkeypatch, name) -> None:
    """Pillow's real-world samples are small, so the size rule is lifted for them."""
    monkeypatch.setattr(embedded_thumbnails, "WORTHWHILE_PIXELS", 0)
    path = CORPUS / name
    thumbnail = embedded_thumbnail(path, 160)
    assert thumbnail is not None
    real = make_thumbnail(path, 160)
    assert abs(thumbnail.width - real.width) <= 1
    assert abs(thumbnail.height - real.height) <= 1
    assert same_picture(as_image(thumbnail), real) < 12


def test_a_real_file_turned_by_exiftool_turns_both_thumbnails(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(embedded_thumbnails, "WORTHWHILE_PIXELS", 0)
    path = tmp_path / "flower.jpg"
    shutil.copy(CORPUS / "flower.jpg", path)
    subprocess.run(
        ["exiftool", "-q", "-overwrite_original", "-Orientation#=6", str(path)], check=True
    )
    thumbnail = embedded_thumbnail(path, 160)
    real = make_thumbnail(path, 160)
    assert thumbnail is not None
    assert (thumbnail.width, thumbnail.height) == real.size == (120, 160)
    assert same_picture(as_image(thumbnail), real) < 12


def test_a_real_thumbnail_of_another_shape_falls_back(monkeypatch) -> None:
    """broken_exif_dpi.jpg: a 160 x 107 thumbnail in a 100 x 100 photo."""
    monkeypatch.setattr(embedded_thumbnails, "WORTHWHILE_PIXELS", 0)
    assert embedded_thumbnail(CORPUS / "broken_exif_dpi.jpg", 96) is None


@pytest.mark.skipif(not EXIFTOOL_CORPUS.is_dir(), reason="ExifTool's samples are not here")
def test_a_maker_note_preview(tmp_path) -> None:
    """A Pentax JPEG's maker note (from ExifTool's sample) holding a 640 x 480 preview
    with bars, written by exiftool; the sample's orientation (270 CW) applies."""
    photo = quadrant_photo((2400, 1600))
    path = tmp_path / "IMGP0001.JPG"
    photo.save(path, quality=90)
    preview = tmp_path / "preview.jpg"
    camera_thumbnail(photo, (640, 480)).save(preview, quality=90)
    pentax = EXIFTOOL_CORPUS / "Pentax.jpg"
    for arguments in (
        ["-TagsFromFile", str(pentax), "-all:all", "-ThumbnailImage="],
        [f"-PreviewImage<={preview}"],
    ):
        subprocess.run(["exiftool", "-q", "-overwrite_original", *arguments, str(path)], check=True)
    thumbnail = embedded_thumbnail(path, 256)
    assert thumbnail is not None
    real = make_thumbnail(path, 256)
    assert real.size == (171, 256)
    assert abs(thumbnail.width - 171) <= 1
    assert thumbnail.height == 256
    assert [nearest(c) for c in corners(as_image(thumbnail))] == [nearest(c) for c in corners(real)]


def test_a_raw_files_smallest_sharp_enough_preview(tmp_path) -> None:
    raw = write_raw(tmp_path / "IMG_0007.DNG", (1600, 1200), smaller_previews=((320, 240),))
    thumbnail = embedded_thumbnail(raw, 160)
    assert thumbnail is not None
    assert (thumbnail.width, thumbnail.height) == (160, 120)
    only_one = write_raw(tmp_path / "IMG_0008.DNG", (1600, 1200))
    assert embedded_thumbnail(only_one, 160) is None  # the real thumbnail reads that one


def test_a_portrait_raw_files_preview_is_turned_as_the_raw_says(tmp_path) -> None:
    raw = write_raw(
        tmp_path / "IMG_0009.DNG", (1600, 1200), smaller_previews=((320, 240),), orientation=6
    )
    thumbnail = embedded_thumbnail(raw, 160)
    assert thumbnail is not None
    assert (thumbnail.width, thumbnail.height) == (120, 160)
    assert make_thumbnail(raw, 160).size == (120, 160)  # the real one, the same way up
