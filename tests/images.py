"""Real image files for tests, written with Pillow (no fixtures checked in but a few)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
from PIL import Image

# Copies of shared/corpus/pillow (Pillow's odd real-world test files, MIT-CMU) and of the
# cloud models' pages (shared/seeds), so the suite runs the same wherever it is cloned.
DATA = Path(__file__).resolve().parent / "data"
CORPUS = DATA / "pillow-corpus"
# ExifTool's camera samples, beside the checkout (tests using them skip where absent).
EXIFTOOL_CORPUS = DATA.parents[2] / "shared" / "corpus" / "exiftool"


def noisy_image(size: tuple[int, int], color: tuple[int, int, int], seed: int = 0) -> Image.Image:
    """A photo-like image: a colour field with noise, so JPEGs have realistic sizes.

    The same ``seed`` gives the same pixels in any test order (Pillow's effect_noise
    draws from the C library's unseeded rand(), so its noise depended on every image
    made before in the process, and a random model's answer with it)."""
    rng = random.Random(seed)
    base = Image.new("RGB", size, color)
    gaussian = np.random.default_rng(seed).normal(128.0, 40.0, (size[1], size[0]))
    noise = Image.fromarray(gaussian.clip(0, 255).astype(np.uint8), "L").convert("RGB")
    blended = Image.blend(base, noise, 0.25)
    # a few shapes so downscaling has structure to keep
    for _ in range(8):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        w, h = max(1, size[0] // 6), max(1, size[1] // 6)
        blended.paste(
            (rng.randrange(256), rng.randrange(256), rng.randrange(256)), (x, y, x + w, y + h)
        )
    return blended


def write_jpeg(
    path: Path,
    size: tuple[int, int] = (640, 480),
    color: tuple[int, int, int] = (200, 40, 40),
    *,
    orientation: int | None = None,
    quality: int = 90,
    seed: int = 0,
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = noisy_image(size, color, seed)
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(path, "JPEG", quality=quality, exif=exif.tobytes())
    return path


def write_png(path: Path, size: tuple[int, int] = (320, 240), mode: str = "RGB") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = noisy_image(size, (40, 160, 60)).convert(mode)
    image.save(path, "PNG")
    return path


def photo_folder(folder: Path, count: int = 3) -> list[Path]:
    colors = [(200, 40, 40), (40, 160, 60), (40, 70, 200), (230, 210, 50), (15, 15, 15)]
    return [
        write_jpeg(folder / f"IMG_{i + 1:04d}.jpg", (480 + 32 * i, 360), colors[i % 5], seed=i)
        for i in range(count)
    ]


def write_tiff(path: Path, size: tuple[int, int] = (64, 48)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    noisy_image(size, (60, 90, 200)).save(path, "TIFF")
    return path


def write_webp(path: Path, size: tuple[int, int] = (64, 48)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    noisy_image(size, (220, 180, 40)).save(path, "WEBP", quality=80)
    return path


PHONE_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/'
    b'1.0/"><xmp:CreatorTool>Phone camera</xmp:CreatorTool></rdf:Description></rdf:RDF>'
    b"</x:xmpmeta>"
)


def write_heic(path: Path, size: tuple[int, int] = (64, 48), *, metadata: bool = False) -> Path:
    """A HEIC/AVIF file (format from the suffix); with ``metadata``, EXIF and XMP items
    as phones write them."""
    from pillow_heif import register_heif_opener

    register_heif_opener()
    path.parent.mkdir(parents=True, exist_ok=True)
    image = noisy_image(size, (30, 30, 30))
    if metadata:
        exif = Image.Exif()
        exif[0x010F], exif[0x0110] = "Phone maker", "Phone model"
        image.save(path, exif=exif.tobytes(), xmp=PHONE_XMP)
    else:
        image.save(path)
    return path
