"""bench_local's parts about the llama.cpp build, the projector type and the worker's idle time.

headline   The 24-MP photo at the balanced level: the new default (the all-variants
           build, the variant the app picks, the Q8_0 projector) against the old one
           (``--baseline-lib``: the single AVX2 build, the F16 projector), alternating,
           ``--repeat`` times. Goal: at least 1.5x.
variants   The same photo on every CPU variant of the installed build this machine
           runs (``FOLDER_CAPTIONER_CPU_VARIANT``), and on ``--baseline-lib``:
           encode / prefill / decode seconds each.
projector  The vision encoder alone (the prepared balanced image) with the projector's
           matrices in F16, BF16, Q8_0, Q5_0 and Q4_0 (the same random weights), on the
           variant the app picks: seconds, and how far each type's image embedding is
           from F16's (relative error, cosine) as the quality measure random weights allow.
idle       Ten 24-MP photos through the pipeline in one run: how long the worker waited
           for each request (its own trace), as a share of the run; the same with one
           request in flight (the old behaviour) for comparison. Goal: under 2%.

A build is a folder of llama.cpp libraries: llama-cpp-python loads the one named by
``LLAMA_CPP_LIB_PATH`` and ``MTMD_CPP_LIB``, so both builds run from one environment
(their Python bindings are the same release).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop_app.backends.local.captioner import LocalCaptioner, create
from desktop_app.backends.local.config import LocalConfig
from desktop_app.backends.local.cpu_variants import FORCE_ENV, choose_variant
from desktop_app.core.imaging import PIXEL_LEVELS, prepare_image
from desktop_app.core.library import Library
from desktop_app.core.pipeline import CaptionPipeline, PromptChoice, RunOptions
from desktop_app.core.scan import scan_paths
from desktop_app.metadata.registry import writer_set
from tests.fakes.bench_models import bench_projector
from tests.fakes.tiny_models import ModelPair
from tests.images import write_jpeg

TOKENS = 64
PROMPT = "Write a concise, vivid caption in 1-2 sentences."
PHOTO_SIZE = (6000, 4000)
PROJECTOR_TYPES = ("f16", "bf16", "q8_0", "q5_0", "q4_0")


@contextlib.contextmanager
def build(lib_dir: Path | None = None, variant: str = "") -> Iterator[None]:
    """Workers started inside run the llama.cpp build in ``lib_dir`` (default: the
    installed one) with the CPU ``variant`` forced (default: the app's choice)."""
    names = ("LLAMA_CPP_LIB_PATH", "MTMD_CPP_LIB", FORCE_ENV)
    saved = {name: os.environ.get(name) for name in names}
    for name in names:
        os.environ.pop(name, None)
    if lib_dir is not None:
        os.environ["LLAMA_CPP_LIB_PATH"] = os.environ["MTMD_CPP_LIB"] = str(lib_dir)
    if variant:
        os.environ[FORCE_ENV] = variant
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def timed_run(
    pair: ModelPair, photos: list[Path], home: Path, config: LocalConfig, concurrency: int = 0
) -> dict[str, Any]:
    """The whole pipeline over ``photos``, the model loaded and warmed up first."""
    import asyncio

    from desktop_app.backends.base import CaptionRequest
    from tests.benchmarks.bench_local import (  # imports this module first
        WARMUP_IMAGE,
        cpu_seconds_of,
        own_cpu_seconds,
    )

    for photo in photos:
        for sidecar in photo.parent.glob("*.txt"):
            sidecar.unlink()
    captioner: LocalCaptioner = create(config, None)  # type: ignore[arg-type]
    library = Library(home / f"library-{time.monotonic_ns()}.sqlite3")
    options = RunOptions(
        PromptChoice(PROMPT, None, max_tokens=TOKENS, temperature=0.0),
        PIXEL_LEVELS[config.pixel_level],
        concurrency=concurrency or None,
    )
    pipeline = CaptionPipeline(captioner, writer_set(["txt"]), options, library=library)
    images = scan_paths(photos).images

    async def go() -> dict[str, Any]:
        try:
            await captioner.check()
            await captioner.caption_batch([CaptionRequest("warm-up", WARMUP_IMAGE, PROMPT, 1)])
            pid = captioner.worker_pid
            cpu_before = own_cpu_seconds() + cpu_seconds_of(pid)
            started = time.perf_counter()
            summary = await pipeline.run(images)
            seconds = time.perf_counter() - started
            cpu_s = own_cpu_seconds() + cpu_seconds_of(pid) - cpu_before
            assert summary.captioned == len(photos), summary
            variant = captioner.variant.name if captioner.variant else ""
        finally:
            await captioner.aclose()
        timings = []
        for photo in photos:
            record = library.image_by_path(photo)
            assert record is not None
            caption = library.current_caption(record.id)
            assert caption is not None
            timings.append(dict(caption.timings))
        traces = [trace for request, trace in captioner.traces if request != "warm-up"]
        return {
            "seconds": seconds,
            "cpu_s": cpu_s,
            "timings": timings,
            "traces": traces,
            "variant": variant,
        }

    try:
        return asyncio.run(go())
    finally:
        library.close()


def photo(work: Path, seed: int = 24) -> Path:
    path = work / "photos" / f"IMG_{seed:04d}.jpg"
    if not path.exists():
        write_jpeg(path, PHOTO_SIZE, seed=seed)
    return path


def _phases(timings: dict[str, float]) -> str:
    return (
        f"{timings.get('encode_s', 0):.1f} | {timings.get('prefill_s', 0):.1f} | "
        f"{timings.get('decode_s', 0):.1f}"
    )


# -- headline ----------------------------------------------------------------------------


def part_headline(pair: ModelPair, work: Path, args: argparse.Namespace) -> None:
    if args.baseline_lib is None:
        print("\nheadline: skipped (give --baseline-lib, the old build's llama_cpp/lib)")
        return
    image = [photo(work)]
    old = LocalConfig(model=str(pair.model), mmproj=str(pair.mmproj), threads=args.threads)
    new = LocalConfig(
        model=str(pair.model), mmproj=str(bench_projector("q8_0")), threads=args.threads
    )
    print("\n### 24-MP JPEG, balanced: the new default build + Q8_0 projector vs the old\n")
    print(
        "| run | build | CPU backend | projector | encode s | prefill s | decode s | total s "
        "| CPU s |"
    )
    print("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |", flush=True)
    totals: dict[str, list[float]] = {"old": [], "new": []}
    cpus: dict[str, list[float]] = {"old": [], "new": []}
    for number in range(args.repeat):
        for label, lib, config in (("old", args.baseline_lib, old), ("new", None, new)):
            with build(lib):
                run = timed_run(pair, image, work, config)
            totals[label].append(run["seconds"])
            cpus[label].append(run["cpu_s"])
            name = "AVX2 only" if label == "old" else "all variants"
            projector = Path(config.mmproj).name.split("-")[-1].removesuffix(".gguf")
            print(
                f"| {label} {number + 1} | {name} | {run['variant'] or 'built in'} | "
                f"{projector} | {_phases(run['timings'][0])} | {run['seconds']:.1f} | "
                f"{run['cpu_s']:.1f} |",
                flush=True,
            )
    for what, values in (("wall", totals), ("CPU", cpus)):
        old_s, new_s = statistics.median(values["old"]), statistics.median(values["new"])
        pairs = [o / n for o, n in zip(values["old"], values["new"], strict=True)]
        print(
            f"\n{what}: median old {old_s:.1f} s, new {new_s:.1f} s: {old_s / new_s:.2f}x "
            f"faster (pair by pair: {', '.join(f'{r:.2f}x' for r in pairs)})",
            flush=True,
        )


# -- variants ----------------------------------------------------------------------------


def part_variants(pair: ModelPair, work: Path, args: argparse.Namespace) -> None:
    image = [photo(work)]
    mmproj = bench_projector(args.variant_projector)
    config = LocalConfig(
        model=str(pair.model),
        mmproj=str(mmproj),
        threads=args.threads,
        pixel_level=args.variant_level,
    )
    choice = choose_variant()
    usable = [check.name for check in choice.checks if check.usable]
    wanted = args.variants or usable
    print(
        f"\n### Each CPU variant, 24-MP JPEG at {args.variant_level}, "
        f"{args.variant_projector} projector\n"
    )
    print(f"the app picks: {choice.summary}; {choice.reason}\n")
    skipped = [f"{c.name} ({c.note})" for c in choice.checks if not c.usable]
    if skipped:
        print("not run here: " + "; ".join(skipped) + "\n")
    print("| build / variant | run | encode s | prefill s | decode s | total s | CPU s |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |", flush=True)
    runs: list[tuple[str, Path | None, str]] = []
    if args.baseline_lib is not None:
        runs.append(("AVX2 single build (old default)", args.baseline_lib, ""))
    runs += [(name, None, name) for name in wanted]
    for number in range(args.repeat):
        for label, lib, variant in runs:
            with build(lib, variant):
                run = timed_run(pair, image, work, config)
            print(
                f"| {label} | {number + 1} | {_phases(run['timings'][0])} | "
                f"{run['seconds']:.1f} | {run['cpu_s']:.1f} |",
                flush=True,
            )


# -- projector types ------------------------------------------------------------------------

ENCODE = """
import base64, json, resource, sys, time
import numpy as np
from desktop_app.backends.local.engine import Engine
from desktop_app.backends.local.protocol import CaptionJob, WorkerSpec
args = json.loads(sys.argv[1])
engine = Engine(WorkerSpec(**args["spec"]))
real = engine.mtmd._module
pointers = []
class Capture:
    def __getattr__(self, name):
        return getattr(real, name)
    def mtmd_get_output_embd(self, ctx):
        pointers.append(real.mtmd_get_output_embd(ctx))
        return pointers[-1]
engine.mtmd._module = Capture()
image = open(args["image"], "rb").read()
warm = base64.b64decode(args["warmup"])
engine.caption(CaptionJob("warm-up", warm, "image/png", "Caption.", 1, 0.0))
seconds, cpu = [], []
for attempt in range(args["repeat"]):
    before = resource.getrusage(resource.RUSAGE_SELF)
    done = engine.caption(CaptionJob(str(attempt), image, "image/jpeg", "Caption.", 1, 0.0))
    after = resource.getrusage(resource.RUSAGE_SELF)
    seconds.append(done.timings["encode_s"])
    cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
tokens = engine.mtmd.vision_tokens
width = engine.llama.n_embd()
embedding = np.ctypeslib.as_array(pointers[-1], shape=(tokens * width,)).reshape(tokens, width)
np.save(args["out"], embedding.astype(np.float32))
print(json.dumps({"seconds": seconds, "cpu": cpu, "tokens": tokens}))
"""


def encode_only(
    pair: ModelPair, mmproj: Path, image: Path, out: Path, args: argparse.Namespace
) -> dict[str, Any]:
    choice = choose_variant()
    spec = {
        "model": str(pair.model),
        "mmproj": str(mmproj),
        "n_ctx": 2048,
        "threads": args.threads,
        "gpu_layers": 0,
        "flash_attn": True,
        "log_path": os.devnull,
        "cpu_library": choice.library,
    }
    from tests.benchmarks.bench_local import WARMUP_IMAGE

    payload = {
        "spec": spec,
        "image": str(image),
        "out": str(out),
        "repeat": args.repeat,
        "warmup": base64.b64encode(WARMUP_IMAGE.data).decode(),
    }
    done = subprocess.run(
        [sys.executable, "-c", ENCODE, json.dumps(payload)],
        capture_output=True,
        text=True,
        env={**os.environ, "OMP_WAIT_POLICY": "passive"},
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"encoding failed ({done.returncode}): {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def part_projector(pair: ModelPair, work: Path, args: argparse.Namespace) -> None:
    with build(None, args.projector_variant or ""):
        _projector_types(pair, work, args)


def _projector_types(pair: ModelPair, work: Path, args: argparse.Namespace) -> None:
    import numpy as np

    prepared = prepare_image(photo(work), PIXEL_LEVELS["balanced"])
    image = work / "projector" / "prepared.jpg"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(prepared.data)
    choice = choose_variant()
    print(
        f"\n### The vision encoder by projector type ({prepared.width} x {prepared.height}, "
        f"CPU backend {choice.summary}, {args.repeat} timed encodes each)\n"
    )
    print(
        "| projector | file | encode s (each run) | median | vs F16 | CPU s (each run) "
        "| vs F16 (CPU) | embedding error | cosine |"
    )
    print("| --- | ---: | --- | ---: | ---: | --- | ---: | ---: | ---: |", flush=True)
    reference: Any = None
    f16_s = f16_cpu = 0.0
    for kind in args.projector_types:
        mmproj = bench_projector(kind)
        out = work / "projector" / f"embedding-{kind}.npy"
        result = encode_only(pair, mmproj, image, out, args)
        embedding = np.load(out)
        median = statistics.median(result["seconds"])
        cpu = statistics.median(result["cpu"])
        if reference is None:
            reference, f16_s, f16_cpu = embedding, median, cpu
        error = float(np.linalg.norm(embedding - reference) / np.linalg.norm(reference))
        cosine = float(
            np.mean(
                np.sum(embedding * reference, axis=1)
                / (np.linalg.norm(embedding, axis=1) * np.linalg.norm(reference, axis=1))
            )
        )
        each = ", ".join(f"{s:.2f}" for s in result["seconds"])
        each_cpu = ", ".join(f"{s:.1f}" for s in result["cpu"])
        print(
            f"| {kind.upper()} | {mmproj.stat().st_size / 1e9:.2f} GB | {each} | {median:.2f} | "
            f"{f16_s / median:.2f}x | {each_cpu} | {f16_cpu / cpu:.2f}x | {error:.2%} | "
            f"{cosine:.5f} |",
            flush=True,
        )


# -- idle time ----------------------------------------------------------------------------


def part_idle(pair: ModelPair, work: Path, args: argparse.Namespace) -> None:
    photos = [photo(work, seed) for seed in range(100, 100 + args.photos)]
    config = LocalConfig(
        model=str(pair.model),
        mmproj=str(bench_projector("q8_0")),
        threads=args.threads,
        pixel_level=args.idle_level,
    )
    print(
        f"\n### {len(photos)} photos (24 MP, {args.idle_level} level) in one run: "
        "time the worker waited\n"
    )
    print(
        "| requests in flight | run | wall s | worker waited, images 2..N | share of the run "
        "| first image's wait | next request already queued |"
    )
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |", flush=True)
    for number in range(args.repeat):
        for concurrency in args.idle_in_flight:
            run = timed_run(pair, photos, work, config, concurrency)
            traces = run["traces"]
            waits = [trace.waited_s for trace in traces]
            between = sum(waits[1:])
            queued = sum(trace.next_queued for trace in traces[:-1])
            print(
                f"| {concurrency} | {number + 1} | {run['seconds']:.1f} | {between:.2f} s | "
                f"{between / run['seconds']:.2%} | {waits[0]:.2f} s | "
                f"{queued} of {len(traces) - 1} |",
                flush=True,
            )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--baseline-lib",
        type=Path,
        help="the old build's library folder (llama_cpp/lib of an AVX2-only wheel)",
    )
    parser.add_argument("--variants", nargs="+", help="variants: CPU variants (default: all)")
    parser.add_argument("--variant-projector", default="q8_0", choices=PROJECTOR_TYPES)
    parser.add_argument(
        "--projector-types", nargs="+", default=list(PROJECTOR_TYPES), choices=PROJECTOR_TYPES
    )
    parser.add_argument("--photos", type=int, default=10, help="idle: photos in the run")
    parser.add_argument("--projector-variant", help="projector: this CPU variant, not the app's")
    levels = ["fast", "balanced", "detailed", "maximum"]
    parser.add_argument("--variant-level", default="balanced", choices=levels)
    parser.add_argument("--idle-level", default="balanced", choices=levels)
    parser.add_argument(
        "--idle-in-flight",
        type=int,
        nargs="+",
        default=[2, 1],
        help="idle: requests in flight to compare (1 is the old behaviour)",
    )


PARTS = {
    "headline": part_headline,
    "variants": part_variants,
    "projector": part_projector,
    "idle": part_idle,
}
