"""Preparing images for a model: orientation, modes, budgets, draft mode, bad files."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from desktop_app.backends.base import ImageLimits
from desktop_app.core import imaging
from desktop_app.core.imaging import (
    PIXEL_LEVELS,
    ImageDamaged,
    ImageMissing,
    ImageTooLarge,
    NotAnImage,
    PixelBudget,
    prepare_image,
    target_size,
)
from tests.images import CORPUS, write_jpeg


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims a size its (absent) data never delivers."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload)
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize(
    ("size", "level", "expected"),
    [
        ((6000, 4000), "fast", (532, 364)),
        ((6000, 4000), "balanced", (812, 532)),
        ((6000, 4000), "detailed", (1204, 812)),
        ((300, 200), "detailed", (300, 200)),  # never upscaled
    ],
)
def test_target_size_stays_within_the_vision_token_budget(size, level, expected) -> None:
    budget = PIXEL_LEVELS[level]
    width, height = target_size(*size, budget)
    assert (width, height) == expected
    cells = (width // 28) * (height // 28)
    assert cells <= budget.vision_tokens
    if size[0] * size[1] > budget.max_pixels:
        assert cells >= 0.85 * budget.vision_tokens  # rounding wastes little of the budget


def test_cloud_limit_caps_the_long_side() -> None:
    width, height = target_size(
        8000, 1000, PIXEL_LEVELS["maximum"], ImageLimits(max_long_side=2048)
    )
    assert width <= 2048
    assert height <= 256


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    path = write_jpeg(tmp_path / "rotated.jpg", (400, 200), orientation=6)
    encoded = prepare_image(path, PIXEL_LEVELS["detailed"])
    assert (encoded.width, encoded.height) == (200, 400)
    assert decode(encoded.data).size == (200, 400)


def test_jpeg_is_decoded_in_draft_mode(tmp_path: Path, monkeypatch) -> None:
    path = write_jpeg(tmp_path / "big.jpg", (3200, 2400))
    scales: list[tuple[int, int]] = []
    original = imaging.draft_for

    def spy(image, size):
        original(image, size)
        scales.append(image.size)

    monkeypatch.setattr(imaging, "draft_for", spy)
    encoded = prepare_image(path, PIXEL_LEVELS["fast"])
    # fast: a 504x364 target; the decoder picks the 1/4 scale (800x600), the smallest
    # DCT scale still at least the target, instead of decoding 7.7 megapixels.
    assert scales == [(800, 600)]
    assert (encoded.width, encoded.height) == (504, 364)


@pytest.mark.parametrize(
    "name",
    [
        "pil_sample_cmyk.jpg",
        "16bit.deflate.tif",
        "hopper.gif",
        "xmp_tags_orientation.png",
        "g4_orientation_5.tif",
        "frozenpond.mpo",
        "flower2.webp",
        "hopper.iccprofile.tif",
    ],
)
def test_odd_modes_become_8bit_rgb_jpeg(name: str) -> None:
    path = CORPUS / name
    encoded = prepare_image(path, PIXEL_LEVELS["detailed"])
    image = decode(encoded.data)
    assert image.format == "JPEG"
    assert image.mode == "RGB"
    assert image.size == (encoded.width, encoded.height)


def test_sixteen_bit_keeps_its_tones(tmp_path: Path) -> None:
    gradient = Image.linear_gradient("L").resize((256, 64)).convert("I")
    sixteen = gradient.point(lambda v: v * 257).convert("I;16")
    path = tmp_path / "deep.png"
    sixteen.save(path)
    image = decode(prepare_image(path, PIXEL_LEVELS["detailed"]).data).convert("L")
    low, high = image.getextrema()
    assert low < 20
    assert high > 230  # not clipped to white, not crushed to black


def test_alpha_is_flattened_on_white(tmp_path: Path) -> None:
    path = tmp_path / "clear.png"
    Image.new("RGBA", (64, 64), (255, 0, 0, 0)).save(path)
    image = decode(prepare_image(path, PIXEL_LEVELS["fast"]).data)
    pixel = image.getpixel((32, 32))
    assert isinstance(pixel, tuple)
    assert min(pixel) > 240


def test_missing_not_an_image_truncated_and_too_large(tmp_path: Path) -> None:
    with pytest.raises(ImageMissing):
        prepare_image(tmp_path / "gone.jpg", PIXEL_LEVELS["fast"])
    fake = tmp_path / "fake.jpg"
    fake.write_text("hello")
    with pytest.raises(NotAnImage, match="not an image"):
        prepare_image(fake, PIXEL_LEVELS["fast"])
    cut = write_jpeg(tmp_path / "cut.jpg", (800, 600))
    cut.write_bytes(cut.read_bytes()[:4000])
    with pytest.raises(ImageDamaged, match="truncated"):
        prepare_image(cut, PIXEL_LEVELS["fast"])
    big = write_jpeg(tmp_path / "big.jpg", (1000, 1000))
    with pytest.raises(ImageTooLarge, match="1000 x 1000"):
        prepare_image(big, PIXEL_LEVELS["fast"], max_source_pixels=500_000)


def test_decompression_bomb_header_is_refused_before_decoding(tmp_path: Path) -> None:
    """A tiny PNG that claims 60000 x 60000 pixels must not be decoded."""
    path = tmp_path / "bomb.png"
    path.write_bytes(png_header_only(60000, 60000))
    with pytest.raises(ImageTooLarge, match="3600 MP"):
        prepare_image(path, PIXEL_LEVELS["fast"])


def test_every_corpus_file_prepares_or_fails_clearly() -> None:
    for path in sorted(CORPUS.iterdir()):
        if path.suffix == ".md":
            continue
        outcome: imaging.ImageError | bytes
        try:
            outcome = prepare_image(path, PIXEL_LEVELS["balanced"]).data
        except imaging.ImageError as error:
            outcome = error
        if isinstance(outcome, imaging.ImageError):
            assert outcome.message, path.name
            assert outcome.hint, path.name
        else:
            assert decode(outcome).mode == "RGB", path.name


def test_budget_from_tokens() -> None:
    assert PixelBudget.from_tokens("x", 256).max_pixels == 256 * 784
    assert PIXEL_LEVELS["balanced"].vision_tokens == 576


def test_decoders_are_fed_in_big_blocks(tmp_path: Path) -> None:
    """1 MB at a time, not Pillow's 64 KB: fewer waits for the GIL between blocks when
    other threads are busy (see imaging._feed_in_big_blocks)."""
    from desktop_app.core.imaging import DECODE_BLOCK, open_image

    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (64, 48), (10, 120, 200)).save(photo)
    with open_image(photo) as image:
        assert getattr(image, "decodermaxblock", 0) >= DECODE_BLOCK
        image.load()
        assert image.convert("RGB").getpixel((5, 5)) == pytest.approx((10, 120, 200), abs=3)
