"""Local backend speed with a Qwen2.5-VL-3B-shaped model (run by hand; slow on a CPU).

    python -m tests.benchmarks.bench_local                          # every part
    python -m tests.benchmarks.bench_local --parts levels --levels fast balanced
    python -m tests.benchmarks.bench_local --parts speedup --naive-size 1024x768
    python -m tests.benchmarks.bench_local --parts overhead --threads 2

The model is tests/fakes/bench_models.py's random-weight pair of the real 3B shape
(written on first use, cached outside the repository), so every figure is the real
model's compute; the captions are noise. 64 output tokens everywhere.

speedup   A 24-megapixel JPEG captioned by the app at its default settings vs a naive
          direct llama-cpp-python call with the full-resolution image and the library's
          defaults (flash attention off, default threads; n_ctx raised to 8192 because
          the default 512 cannot hold the image). Goal: >= 10x. Without flash
          attention llama.cpp's vision encoder materialises an attention matrix of
          (4 x tokens)^2 x heads floats per layer: about 24 GB in all for a 24-MP photo. The
          naive run is skipped when that cannot fit in the available memory (it would
          bring the out-of-memory killer) unless --force-naive; --naive-size WxH [WxH...]
          also runs it on smaller images, and from three or more of those the 24-MP time
          is extrapolated (clearly labelled) with a quadratic fit in vision tokens.
overhead  The app's whole pipeline (prepare, caption in the worker, write the .txt, the
          library) vs a direct Llama call with the same prepared image and the same
          settings (context, threads, flash attention, greedy decoding). Goal: <= 5%.
levels    For each pixel level: vision tokens, encode / prefill / decode seconds and the
          worker's peak RSS.

Direct calls run in a subprocess of their own (the benchmark itself never loads
llama.cpp), with the same threads; every model is loaded before its clock starts.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import dataclasses
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PIL import Image

from desktop_app.backends.base import CaptionRequest, EncodedImage
from desktop_app.backends.local.captioner import LocalCaptioner, create
from desktop_app.backends.local.config import LocalConfig, physical_cores, vision_token_bound
from desktop_app.backends.local.cpu_variants import plain_llama_env
from desktop_app.backends.local.gguf_file import read_gguf
from desktop_app.core.imaging import PIXEL_LEVELS, prepare_image, target_size
from desktop_app.core.library import Library
from desktop_app.core.pipeline import CaptionPipeline, PromptChoice, RunOptions
from desktop_app.core.scan import scan_paths
from desktop_app.metadata.registry import writer_set
from tests.benchmarks import local_builds
from tests.fakes.bench_models import bench_pair
from tests.fakes.tiny_models import ModelPair
from tests.images import write_jpeg

TOKENS = 64
PROMPT = "Write a concise, vivid caption in 1-2 sentences."
PHOTO_SIZE = (6000, 4000)
LLAMA_CPP_MAX_TOKENS = 4096  # llama.cpp's own cap for Qwen2.5-VL images


def _warmup_image() -> EncodedImage:
    buffer = io.BytesIO()
    Image.new("RGB", (56, 56), (90, 120, 200)).save(buffer, "PNG")
    return EncodedImage(buffer.getvalue(), "image/png", 56, 56)


# Both sides caption this first, untimed: the first call after loading pays for paging
# the weights in and allocating compute buffers, which is not what is compared here.
WARMUP_IMAGE = _warmup_image()


# -- the direct llama-cpp-python call, in its own process ------------------------------

DIRECT = """
import base64, json, resource, sys, time
import llama_cpp
from llama_cpp.llama_chat_format import Qwen25VLChatHandler
args = json.loads(sys.argv[1])
settings = args["settings"]
started = time.perf_counter()
llm = llama_cpp.Llama(model_path=args["model"], verbose=False,
    chat_handler=Qwen25VLChatHandler(clip_model_path=args["mmproj"], verbose=False), **settings)
load_s = time.perf_counter() - started
def ask(uri, tokens):
    return llm.create_chat_completion(messages=[{"role": "user", "content": [
        {"type": "image_url", "image_url": {"url": uri}},
        {"type": "text", "text": args["prompt"]}]}], max_tokens=tokens, **args["sampling"])
ask("data:image/png;base64," + args["warmup"], 1)  # weights paged in, buffers allocated
image = open(args["image"], "rb").read()
uri = args["mime"] + base64.b64encode(image).decode()
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
started, cpu_started = time.perf_counter(), cpu()
out = ask(uri, args["tokens"])
call_s, cpu_s = time.perf_counter() - started, cpu() - cpu_started
print(json.dumps({"load_s": load_s, "call_s": call_s, "cpu_s": cpu_s, "usage": out["usage"],
    "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


def direct_call(
    pair: ModelPair,
    image: Path,
    settings: dict[str, Any],
    sampling: dict[str, Any],
    mime: str = "data:image/jpeg;base64,",
) -> dict[str, Any]:
    args = {
        "model": str(pair.model),
        "mmproj": str(pair.mmproj),
        "image": str(image),
        "mime": mime,
        "prompt": PROMPT,
        "tokens": TOKENS,
        "settings": settings,
        "sampling": sampling,
        "warmup": base64.b64encode(WARMUP_IMAGE.data).decode(),
    }
    env = {**os.environ, "OMP_WAIT_POLICY": "passive", **plain_llama_env()}
    done = subprocess.run(
        [sys.executable, "-c", DIRECT, json.dumps(args)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"direct call failed ({done.returncode}): {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# -- the app ---------------------------------------------------------------------------


@dataclasses.dataclass
class AppRun:
    seconds: float
    timings: dict[str, float]
    usage: dict[str, int]
    peak_rss: int
    n_ctx: int
    load_s: float
    cpu_s: float  # CPU time of the app and its worker during the run: robust to a busy machine


def cpu_seconds_of(pid: int | None) -> float:
    """User + system CPU time of a live process (Linux /proc), in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_of(pid: int | None) -> int:
    """VmHWM of a live process (Linux), in bytes; 0 where unavailable."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def app_run(pair: ModelPair, photo: Path, home: Path, config: LocalConfig) -> AppRun:
    """The whole pipeline on one photo, the model loaded before the clock starts."""
    for sidecar in photo.parent.glob("*.txt"):
        sidecar.unlink()
    captioner: LocalCaptioner = create(config, None)  # type: ignore[arg-type]
    library = Library(home / f"library-{time.monotonic_ns()}.sqlite3")
    options = RunOptions(
        PromptChoice(PROMPT, None, max_tokens=TOKENS, temperature=0.0),
        PIXEL_LEVELS[config.pixel_level],
    )
    pipeline = CaptionPipeline(captioner, writer_set(["txt"]), options, library=library)
    images = scan_paths([photo]).images

    async def go() -> AppRun:
        try:
            await captioner.check()
            await captioner.caption_batch([CaptionRequest("warm-up", WARMUP_IMAGE, PROMPT, 1)])
            loaded = captioner.worker_info
            assert loaded is not None
            pid = captioner.worker_pid
            cpu_before = own_cpu_seconds() + cpu_seconds_of(pid)
            started = time.perf_counter()
            summary = await pipeline.run(images)
            seconds = time.perf_counter() - started
            cpu_s = own_cpu_seconds() + cpu_seconds_of(pid) - cpu_before
            assert summary.captioned == 1, summary
            rss = peak_rss_of(pid)
        finally:
            await captioner.aclose()
        record = library.image_by_path(photo)
        assert record is not None
        caption = library.current_caption(record.id)
        assert caption is not None
        return AppRun(
            seconds,
            dict(caption.timings),
            dict(caption.usage),
            rss,
            loaded.n_ctx,
            loaded.load_s,
            cpu_s,
        )

    try:
        return asyncio.run(go())
    finally:
        library.close()


# -- the parts -------------------------------------------------------------------------


def available_memory() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def naive_memory_estimate(pair: ModelPair, size: tuple[int, int]) -> tuple[int, int]:
    """(vision tokens, bytes) of a no-flash-attention encode of an image this size."""
    tokens = min(vision_token_bound(*size), LLAMA_CPP_MAX_TOKENS)
    heads = int(read_gguf(pair.mmproj).metadata.get("clip.vision.attention.head_count", 16))
    patches = 4 * tokens
    # float32 attention scores for every head, plus the window mask; measured with the
    # tiny model at 2 and 8 heads (about 0.9 GB per head for 15,552 patches).
    scores = patches * patches * (heads + 1) * 4
    weights = pair.model.stat().st_size + pair.mmproj.stat().st_size
    buffers = 2_200_000_000  # everything else; measured at 352 and 972 tokens (3B shape)
    return tokens, scores + weights + buffers


def part_speedup(pair: ModelPair, work: Path, args: argparse.Namespace) -> None:
    photo = work / "speedup" / "IMG_24MP.jpg"
    write_jpeg(photo, PHOTO_SIZE, seed=24)
    config = LocalConfig(model=str(pair.model), mmproj=str(pair.mmproj), threads=args.threads)
    app = app_run(pair, photo, work, config)
    print("\n### 24-MP JPEG: app defaults vs a naive direct call\n")
    print(f"photo: {PHOTO_SIZE[0]} x {PHOTO_SIZE[1]}, {photo.stat().st_size / 1e6:.1f} MB")
    print(
        f"app (pixel level {config.pixel_level}, flash attention, {args.threads} threads, "
        f"context {app.n_ctx}): {app.seconds:.1f} s for {app.usage.get('vision_tokens')} "
        f"vision tokens and {app.usage.get('completion_tokens')} output tokens "
        f"(model load {app.load_s:.1f} s, not counted)",
        flush=True,
    )
    rows: list[tuple[str, tuple[int, int], float, int]] = [
        ("app, default settings", PHOTO_SIZE, app.seconds, app.usage.get("vision_tokens", 0))
    ]
    measured: list[tuple[int, float]] = []
    full = None
    for size in [PHOTO_SIZE, *(args.naive_size or [])]:
        image = photo
        if size != PHOTO_SIZE:
            image = work / "speedup" / f"naive-{size[0]}x{size[1]}.jpg"
            write_jpeg(image, size, seed=24)
        tokens, need = naive_memory_estimate(pair, size)
        free = available_memory()
        print(
            f"naive call on {size[0]} x {size[1]} (about {tokens} vision tokens): needs about "
            f"{need / 1e9:.1f} GB without flash attention; {free / 1e9:.1f} GB available",
            flush=True,
        )
        if need > free * 0.85 and not args.force_naive:
            print("  SKIPPED: it would not fit in memory (the out-of-memory killer would end it)")
            continue
        naive = direct_call(pair, image, {"n_ctx": 8192}, {})
        seconds = float(naive["call_s"])
        print(
            f"  {seconds:.1f} s, {naive['usage']['completion_tokens']} output tokens, peak RSS "
            f"{naive['peak_rss'] / 1e9:.2f} GB (load {naive['load_s']:.1f} s, not counted)",
            flush=True,
        )
        rows.append(("naive direct call, library defaults", size, seconds, tokens))
        measured.append((tokens, seconds))
        if size == PHOTO_SIZE:
            full = seconds
    full_tokens = naive_memory_estimate(pair, PHOTO_SIZE)[0]
    if full is None and len(measured) >= 3:
        full = extrapolate(measured, full_tokens)
        rows.append(
            ("naive, 24 MP, EXTRAPOLATED from the rows above", PHOTO_SIZE, full, full_tokens)
        )
    print("\n| run | image | vision tokens | seconds | app is faster by |")
    print("| --- | --- | ---: | ---: | ---: |")
    for name, size, seconds, count in rows:
        ratio = f"{seconds / app.seconds:.1f}x" if name.startswith("naive") else ""
        print(f"| {name} | {size[0]} x {size[1]} | {count} | {seconds:.1f} | {ratio} |")
    sys.stdout.flush()


def extrapolate(points: list[tuple[int, float]], tokens: int) -> float:
    """Fit seconds = c + a*t + b*t^2 (vision attention is quadratic) and evaluate at ``tokens``."""
    import numpy as np

    t = np.array([p[0] for p in points], dtype=float)
    y = np.array([p[1] for p in points], dtype=float)
    coefficients = np.polyfit(t, y, 2)
    return float(np.polyval(coefficients, tokens))


def part_overhead(pair: ModelPair, work: Path, args: argparse.Namespace) -> None:
    photo = work / "overhead" / "IMG_24MP.jpg"
    write_jpeg(photo, PHOTO_SIZE, seed=25)
    config = LocalConfig(model=str(pair.model), mmproj=str(pair.mmproj), threads=args.threads)
    budget = PIXEL_LEVELS[config.pixel_level]
    prepared = prepare_image(photo, budget)
    assert (prepared.width, prepared.height) == target_size(*PHOTO_SIZE, budget)
    image = work / "overhead" / "prepared.jpg"
    image.write_bytes(prepared.data)
    print("\n### The app's whole pipeline vs a direct Llama call (same image and settings)\n")
    print(
        f"image prepared from the 24-MP photo: {prepared.width} x {prepared.height}, "
        f"{len(prepared.data) / 1e3:.0f} KB; greedy decoding; {args.repeat} alternating "
        "pair(s) of runs (on a shared machine, drift hits both sides alike)",
        flush=True,
    )
    apps: list[AppRun] = []
    directs: list[dict[str, Any]] = []
    for _ in range(args.repeat):
        app = app_run(pair, photo, work, config)
        settings = {
            "n_ctx": app.n_ctx,
            "n_threads": args.threads,
            "n_threads_batch": args.threads,
            "flash_attn": True,
            "n_gpu_layers": 0,
        }
        direct = direct_call(pair, image, settings, {"temperature": 0.0})
        apps.append(app)
        directs.append(direct)
        t = app.timings
        print(
            f"  app {app.seconds:.2f} s (worker: inference {t.get('inference_s', 0):.2f} s = "
            f"encode {t.get('encode_s', 0):.2f} + prefill {t.get('prefill_s', 0):.2f} + decode "
            f"{t.get('decode_s', 0):.2f}; request round trip {t.get('request_s', 0):.2f} s; "
            f"CPU {app.cpu_s:.1f} s); direct {direct['call_s']:.2f} s (CPU "
            f"{direct['cpu_s']:.1f} s)",
            flush=True,
        )
    app_s = statistics.median(a.seconds for a in apps)
    direct_s = statistics.median(float(d["call_s"]) for d in directs)
    app_cpu = statistics.median(a.cpu_s for a in apps)
    direct_cpu = statistics.median(float(d["cpu_s"]) for d in directs)
    print(f"\ncontext {apps[0].n_ctx}; medians of {args.repeat}\n")
    print(
        "| run | wall s | CPU s | output tokens | overhead (wall) | overhead (CPU) |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: |"
    )
    print(
        f"| direct Llama.create_chat_completion | {direct_s:.2f} | {direct_cpu:.1f} | "
        f"{directs[0]['usage']['completion_tokens']} | | |"
    )
    print(
        f"| app pipeline (prepare, worker, .txt, library) | {app_s:.2f} | {app_cpu:.1f} | "
        f"{apps[0].usage.get('completion_tokens')} | {app_s / direct_s - 1:+.1%} | "
        f"{app_cpu / direct_cpu - 1:+.1%} |",
        flush=True,
    )


def part_levels(pair: ModelPair, work: Path, args: argparse.Namespace) -> None:
    photo = work / "levels" / "IMG_24MP.jpg"
    write_jpeg(photo, PHOTO_SIZE, seed=26)
    print("\n### Per pixel level (24-MP JPEG in, 64 tokens out)\n")
    print(
        "| level | image sent | vision tokens | encode s | prefill s | decode s | "
        "total s | peak RSS |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |", flush=True)
    for level in args.levels:
        config = LocalConfig(
            model=str(pair.model),
            mmproj=str(pair.mmproj),
            threads=args.threads,
            pixel_level=level,
        )
        run = app_run(pair, photo, work, config)
        width, height = target_size(*PHOTO_SIZE, PIXEL_LEVELS[level])
        t = run.timings
        print(
            f"| {level} | {width} x {height} | {run.usage.get('vision_tokens')} | "
            f"{t.get('encode_s', 0):.1f} | {t.get('prefill_s', 0):.1f} | "
            f"{t.get('decode_s', 0):.1f} | {run.seconds:.1f} | {run.peak_rss / 1e9:.2f} GB |",
            flush=True,
        )


PARTS = {
    "speedup": part_speedup,
    "overhead": part_overhead,
    "levels": part_levels,
    **local_builds.PARTS,
}


def size_arg(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", nargs="+", choices=list(PARTS), default=list(PARTS))
    parser.add_argument(
        "--levels", nargs="+", choices=list(PIXEL_LEVELS), default=["fast", "balanced", "detailed"]
    )
    parser.add_argument("--threads", type=int, default=physical_cores())
    parser.add_argument(
        "--repeat", type=int, default=1, help="overhead, headline, variants, idle: runs of each"
    )
    parser.add_argument(
        "--naive-size",
        type=size_arg,
        nargs="+",
        help="also run the naive call on these smaller images (WxH); with three or more, "
        "the 24-MP time is extrapolated when the real one cannot run",
    )
    parser.add_argument("--force-naive", action="store_true", help="run it even if short of RAM")
    local_builds.add_arguments(parser)
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    pair = bench_pair()
    print(
        f"model: {pair.model.name} ({pair.model.stat().st_size / 1e9:.2f} GB) + "
        f"{pair.mmproj.name} ({pair.mmproj.stat().st_size / 1e9:.2f} GB); "
        f"{args.threads} threads; {os.cpu_count()} CPUs",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="bench-local-") as folder:
        os.environ["FOLDER_CAPTIONER_HOME"] = folder
        for name in args.parts:
            PARTS[name](pair, Path(folder), args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
