"""Cloud backend throughput and upload size, against the fake API (run by hand).

    python -m tests.benchmarks.bench_cloud              # the full issue benchmark (~11 min)
    python -m tests.benchmarks.bench_cloud --images 100 --concurrency 16 32

Throughput: N images through the whole pipeline (prepare, caption, write .txt, index)
against the fake server answering each request after ``--latency`` seconds, one task
per request, at several request concurrencies. The ideal is concurrency / latency
images per second; the baseline measured in the same run is a naive client that sends
the same images one request at a time with httpx. Goal: >= 90% of ideal at 16.

Upload size: a 24-megapixel JPEG written with Pillow, prepared at the default pixel
budget and sent; the bytes the fake received vs the file size. Goal: <= 5%.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from desktop_app.backends.runware import RunwareCaptioner, RunwareConfig
from desktop_app.core.imaging import PIXEL_LEVELS
from desktop_app.core.library import Library
from desktop_app.core.pipeline import CaptionPipeline, PromptChoice, RunOptions
from desktop_app.core.scan import scan_paths
from desktop_app.metadata.registry import writer_set
from tests.fakes.runware_server import DEFAULT_KEY, FakeRunware
from tests.images import write_jpeg

PROMPT = PromptChoice("Write a concise, vivid caption in 1-2 sentences.", "concise")


def make_images(folder: Path, count: int) -> None:
    for i in range(count):
        write_jpeg(folder / f"IMG_{i:05d}.jpg", (640, 480), ((i * 37) % 255, 90, 160), seed=i)


def pipeline_rate(api: FakeRunware, folder: Path, concurrency: int, home: Path) -> float:
    for txt in folder.glob("*.txt"):
        txt.unlink()
    config = RunwareConfig(api_url=api.url, batch_size=1, max_in_flight=concurrency)
    captioner = RunwareCaptioner(config, DEFAULT_KEY)
    library = Library(home / f"library-{concurrency}.sqlite3")
    images = scan_paths([folder]).images
    pipeline = CaptionPipeline(
        captioner,
        writer_set(["txt"]),
        RunOptions(PROMPT, PIXEL_LEVELS["detailed"]),
        library=library,
    )

    async def go() -> float:
        started = time.perf_counter()
        summary = await pipeline.run(images)
        elapsed = time.perf_counter() - started
        await captioner.aclose()
        assert summary.captioned == len(images), summary
        return len(images) / elapsed

    try:
        return asyncio.run(go())
    finally:
        library.close()


def naive_rate(api: FakeRunware, folder: Path, count: int) -> float:
    """The baseline: one image at a time, read, base64, POST, wait."""
    started = time.perf_counter()
    paths = sorted(folder.glob("*.jpg"))[:count]
    with httpx.Client(headers={"Authorization": f"Bearer {DEFAULT_KEY}"}, timeout=60) as client:
        for path in paths:
            data = base64.b64encode(path.read_bytes()).decode()
            task = {
                "taskType": "caption",
                "taskUUID": str(uuid.uuid4()),
                "model": "runware:152@1",
                "inputs": {"image": f"data:image/jpeg;base64,{data}"},
                "includeCost": True,
            }
            client.post(api.url, json=[task]).raise_for_status()
    return len(paths) / (time.perf_counter() - started)


def upload_fraction(home: Path) -> tuple[int, int, int, int]:
    folder = home / "big"
    photo = write_jpeg(folder / "24mp.jpg", (6000, 4000), quality=92)
    with FakeRunware() as api:
        config = RunwareConfig(api_url=api.url, batch_size=1)
        captioner = RunwareCaptioner(config, DEFAULT_KEY)
        pipeline = CaptionPipeline(
            captioner, writer_set(["txt"]), RunOptions(PROMPT, PIXEL_LEVELS["detailed"])
        )

        async def go() -> None:
            await pipeline.run(scan_paths([folder]).images)
            await captioner.aclose()

        asyncio.run(go())
        sent = api.bytes_received
        task = api.caption_tasks()[0]
    encoded = len(base64.b64decode(task["inputs"]["image"].split(",", 1)[1]))
    return photo.stat().st_size, sent, encoded, 6000 * 4000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--images", type=int, default=500)
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16, 32])
    parser.add_argument("--naive-images", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        folder = home / "photos"
        make_images(folder, args.images)
        print(
            f"{args.images} images of 640x480, fake API latency {args.latency:g} s per request, "
            "1 task per request\n"
        )
        with FakeRunware(latency=args.latency) as api:
            naive = naive_rate(api, folder, args.naive_images)
            print(
                "| requests in flight | images/s | ideal images/s | fraction of ideal | "
                "vs naive sequential client |"
            )
            print("| ---: | ---: | ---: | ---: | ---: |")
            print(
                f"| naive, 1 | {naive:.2f} | {1 / args.latency:.2f} | "
                f"{naive * args.latency:.1%} | 1.0x |"
            )
            for concurrency in args.concurrency:
                rate = pipeline_rate(api, folder, concurrency, home)
                ideal = concurrency / args.latency
                print(
                    f"| {concurrency} | {rate:.2f} | {ideal:.2f} | {rate / ideal:.1%} | "
                    f"{rate / naive:.1f}x |",
                    flush=True,
                )
        size, sent, encoded, _pixels = upload_fraction(home)
        print("\n| 24-MP JPEG | bytes |")
        print("| --- | ---: |")
        print(f"| file on disk | {size:,} |")
        print(f"| JPEG sent (detailed budget) | {encoded:,} |")
        print(f"| whole request body | {sent:,} |")
        print(f"| request / file | {sent / size:.2%} |")


if __name__ == "__main__":
    main()
