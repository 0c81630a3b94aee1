"""A Qwen2.5-VL-3B-shaped pair with random weights, for the local benchmark.

Same shapes as ggml-org's Qwen2.5-VL-3B-Instruct GGUF (text: hidden 2048, 36 layers,
vocabulary 151936; vision: 1280 wide, 32 layers; model Q4_K_M, projector F16), so it
costs exactly the compute of the real model; the weights are noise, so is the text.
Written once (about 6 minutes on 2 cores, 5 GB of disk while quantizing) and cached
outside the repository:

    python -m tests.fakes.bench_models            # prints the two paths
    FOLDER_CAPTIONER_BENCH_DIR=/big/disk python -m tests.fakes.bench_models
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path

from gguf import GGMLQuantizationType

from tests.fakes.tiny_models import (
    QWEN25VL_3B,
    WRITER_VERSION,
    ModelPair,
    quantize,
    write_projector,
    write_text_model,
)

BENCH_DIR_ENV = "FOLDER_CAPTIONER_BENCH_DIR"


def bench_dir() -> Path:
    configured = os.environ.get(BENCH_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(cache) / "folder-captioner-bench"


def bench_pair(folder: Path | None = None, *, verbose: bool = True) -> ModelPair:
    """The 3B-shaped Q4_K_M pair, written on first use."""
    folder = folder or bench_dir()
    folder.mkdir(parents=True, exist_ok=True)
    pair = ModelPair(
        folder / "qwen2.5-vl-3b-shaped-Q4_K_M.gguf",
        folder / "mmproj-qwen2.5-vl-3b-shaped-f16.gguf",
    )
    stamp = folder / "bench-models.json"
    wanted = json.loads(json.dumps({"version": WRITER_VERSION, "shape": asdict(QWEN25VL_3B)}))
    if (
        stamp.exists()
        and json.loads(stamp.read_text()) == wanted
        and pair.model.exists()
        and pair.mmproj.exists()
    ):
        return pair
    started = time.monotonic()

    def say(text: str) -> None:
        if verbose:
            print(f"[{time.monotonic() - started:6.1f} s] {text}", file=sys.stderr, flush=True)

    f16 = folder / "qwen2.5-vl-3b-shaped-f16.gguf"
    say(f"writing {f16.name}")
    write_text_model(f16, QWEN25VL_3B)
    say(f"writing {pair.mmproj.name}")
    write_projector(pair.mmproj, QWEN25VL_3B)
    say(f"quantizing to {pair.model.name}")
    quantize(f16, pair.model)
    f16.unlink()
    stamp.write_text(json.dumps(wanted))
    say("done")
    return pair


def bench_projector(weights: str, folder: Path | None = None) -> Path:
    """The 3B-shaped projector with its matrices in ``weights`` (``q8_0``, ``bf16``,
    ``q4_0``...): the very weights of the F16 one (same seed), written once."""
    pair = bench_pair(folder)
    if weights == "f16":
        return pair.mmproj
    kind = GGMLQuantizationType[weights.upper()]
    path = pair.mmproj.with_name(f"mmproj-qwen2.5-vl-3b-shaped-{weights.upper()}.gguf")
    stamp = path.with_suffix(".json")
    wanted = {"version": WRITER_VERSION, "shape": asdict(QWEN25VL_3B), "weights": weights}
    if path.exists() and stamp.exists() and json.loads(stamp.read_text()) == wanted:
        return path
    partial = path.with_suffix(".partial")
    write_projector(partial, QWEN25VL_3B, weights=kind)
    partial.replace(path)
    stamp.write_text(json.dumps(wanted))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, help=f"where to cache (default: ${BENCH_DIR_ENV})")
    args = parser.parse_args(argv)
    pair = bench_pair(args.dir)
    for path in (pair.model, pair.mmproj):
        print(f"{path} ({path.stat().st_size / 1e9:.2f} GB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
