"""Thumbnails of 24-megapixel JPEGs: the app vs naive Pillow vs pyvips (run by hand).

    pip install -e '.[bench]'
    python -m tests.benchmarks.bench_thumbnails [--images 8] [--size 256]

Every method makes a thumbnail whose long side is --size pixels from each of the same
files (6000 x 4000, written with Pillow, each with a camera's 160 x 120 EXIF thumbnail
in black bars). Baselines measured in the same run:
- naive Pillow: open, full decode, LANCZOS resize (what many captioners do);
- pyvips ``thumbnail`` (shrink-on-load, the fastest common library).
The app's cold path includes writing the freedesktop cache PNG; the warm path reads it.
The first look reads the EXIF thumbnail (what a cell shows until the cold path is
done; its size is 160 px whatever --size asks, see core/embedded_thumbnails.py).
Goals: >= 4x naive, >= 1.0x pyvips, cache hit >= 20x cold.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from desktop_app.core.embedded_thumbnails import embedded_thumbnail
from desktop_app.core.thumbnails import ThumbnailCache
from tests.camera_jpegs import write_camera_jpeg


def naive(path: Path, size: int) -> None:
    with Image.open(path) as image:
        image.load()
        scale = size / max(image.size)
        image.resize(
            (round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS
        )


def vips(path: Path, size: int) -> None:
    import pyvips

    pyvips.Image.thumbnail(str(path), size).write_to_memory()


def timed(fn: Callable[[Path, int], object], paths: list[Path], size: int) -> float:
    """Median seconds per image (after one warm-up call on the first file)."""
    fn(paths[0], size)
    samples = []
    for path in paths:
        started = time.perf_counter()
        fn(path, size)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--images", type=int, default=8)
    parser.add_argument("--size", type=int, default=256)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = [
            write_camera_jpeg(folder / f"IMG_{i}.jpg", (6000, 4000), (200, 40, 40), seed=i)
            for i in range(args.images)
        ]
        rows: dict[str, float] = {
            "naive Pillow (full decode + LANCZOS)": timed(naive, paths, args.size)
        }
        try:
            rows["pyvips thumbnail"] = timed(vips, paths, args.size)
        except (ImportError, OSError) as exc:
            print(f"pyvips unavailable ({exc}); install the bench extra")
        caches = iter(range(10_000))

        def app_cold(path: Path, size: int) -> None:
            ThumbnailCache(folder / f"cache-{next(caches)}").get(path, size)

        warm = ThumbnailCache(folder / "warm")
        for path in paths:
            warm.get(path, args.size)

        def app_warm(path: Path, size: int) -> None:
            assert warm.get(path, size).from_cache

        def first_look(path: Path, _size: int) -> None:
            assert embedded_thumbnail(path, 160) is not None

        rows["app, cold (draft decode + cache write)"] = timed(app_cold, paths, args.size)
        rows["app, cache hit"] = timed(app_warm, paths, args.size)
        rows["app, first look (EXIF thumbnail, 160 px)"] = timed(first_look, paths, args.size)
        megabytes = paths[0].stat().st_size / 1e6
    naive_s = rows["naive Pillow (full decode + LANCZOS)"]
    vips_s = rows.get("pyvips thumbnail")
    cold_s = rows["app, cold (draft decode + cache write)"]
    print(
        f"{args.images} JPEGs of 6000x4000 ({megabytes:.1f} MB each), {args.size} px thumbnails\n"
    )
    print("| method | ms per image | speed-up vs naive | vs pyvips | vs app cold |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, seconds in rows.items():
        vs_vips = f"{vips_s / seconds:.2f}x" if vips_s else "n/a"
        print(
            f"| {name} | {seconds * 1000:.1f} | {naive_s / seconds:.1f}x | {vs_vips} | "
            f"{cold_s / seconds:.1f}x |"
        )


if __name__ == "__main__":
    main()
