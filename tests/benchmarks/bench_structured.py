"""What grammar-constrained (structured) captions cost the local model (run by hand).

    python -m tests.benchmarks.bench_structured                 # wide vocabulary, tiny model
    python -m tests.benchmarks.bench_structured --model 3b      # the 3B-shaped model (slow)

Decoding under a grammar checks every candidate token against the grammar after each
step, so its cost grows with the vocabulary (Qwen2.5-VL: 151,936 tokens) and with the
alternatives the grammar holds open: a keyword enum of N terms is N alternatives at
the start of every keyword. The question is up to which vocabulary size an enum is
affordable (core/content.py's MAX_ENUM_TERMS), and what structure costs at all.

``wide`` is a model with tiny layers and a full-size vocabulary of word-like tokens
(written on first use into a temporary folder): its compute is negligible, so the time
per token is almost all grammar. ``3b`` is tests/fakes/bench_models.py's Qwen2.5-VL-3B
shaped pair (real compute; its vocabulary padding is ``<|pad_N|>`` tokens, which a
grammar rejects at their first character, so it understates the grammar's share).

Every case captions the same images with the same seeds in one worker process; the
table gives milliseconds per generated token (decode time / tokens, so answers of
different lengths compare), the grammar's build time, and the ratio to plain captions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

from desktop_app.backends.local.config import physical_cores
from desktop_app.backends.local.protocol import CaptionJob, JobDone, WorkerSpec
from desktop_app.backends.local.worker import WorkerProcess, new_log_path
from desktop_app.backends.structured import (
    OutputSchema,
    answer_token_limit,
    prompt_with_instructions,
)
from tests.backends.local.helpers import jpeg
from tests.fakes.tiny_models import ModelPair, ModelShape, write_projector, write_text_model

WIDE = ModelShape(vocab_size=151936, name="wide-vocabulary")
SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "la", "qu", "st", "er")
PROMPT = "Describe this photo."
CAPTION_TOKENS = 48


def word(index: int) -> str:
    """A word-like token name: "Ġkalomi", "rusa"... (unique per index)."""
    parts = []
    value = index
    while True:
        parts.append(SYLLABLES[value % len(SYLLABLES)])
        value //= len(SYLLABLES)
        if not value:
            break
    text = "".join(parts)
    return ("Ġ" + text) if index % 2 else text


def keyword_terms(count: int) -> tuple[str, ...]:
    """Lightroom-like keywords: capitalised words and two-word terms."""
    terms = []
    for index in range(count):
        first = word(index * 7 + 3).lstrip("Ġ").capitalize()
        terms.append(first if index % 3 else f"{first} {word(index + 11).lstrip('Ġ')}")
    return tuple(dict.fromkeys(terms))


def wide_pair(folder: Path) -> ModelPair:
    model = write_text_model(folder / "wide-vocab.gguf", WIDE, filler=word)
    return ModelPair(model, write_projector(folder / "mmproj-wide-vocab.gguf", WIDE))


@dataclass(frozen=True)
class Case:
    name: str
    schema: OutputSchema | None


def cases(sizes: list[int]) -> list[Case]:
    found = [
        Case("plain caption", None),
        Case(
            "caption + title + 10 free keywords",
            OutputSchema(caption_chars=160, title=True, max_keywords=10),
        ),
        Case(
            "caption in en, de, fr",
            OutputSchema(languages=("en", "de", "fr"), caption_chars=160),
        ),
    ]
    for size in sizes:
        terms = keyword_terms(size)
        found.append(
            Case(
                f"10 keywords from {len(terms)} (enum)",
                OutputSchema(caption_chars=160, max_keywords=10, vocabulary=terms),
            )
        )
    return found


@dataclass
class Row:
    case: str
    tokens: float
    ms_per_token: float
    grammar_ms: float


async def measure(pair: ModelPair, all_cases: list[Case], runs: int, threads: int) -> list[Row]:
    spec = WorkerSpec(
        model=str(pair.model),
        mmproj=str(pair.mmproj),
        n_ctx=8192,
        threads=threads,
        gpu_layers=0,
        flash_attn=True,
        log_path=new_log_path(),
    )
    worker = await WorkerProcess.start(spec)
    rows = []
    try:
        images = [jpeg((448, 336), seed) for seed in range(runs)]
        warm = CaptionJob("warm", images[0].data, "image/jpeg", PROMPT, 4, 0.0)
        await worker.run(warm)
        for case in all_cases:
            tokens, per_token, grammar = [], [], []
            for index, image in enumerate(images):
                limit = answer_token_limit(case.schema, CAPTION_TOKENS)
                schema_text = (
                    json.dumps(case.schema.json_schema(), ensure_ascii=False) if case.schema else ""
                )
                job = CaptionJob(
                    f"{case.name}-{index}",
                    image.data,
                    image.mime_type,
                    prompt_with_instructions(PROMPT, case.schema, constrained=True),
                    limit,
                    0.8,
                    seed=index,
                    json_schema=schema_text,
                )
                reply = await worker.run(job)
                assert isinstance(reply, JobDone), reply
                count = reply.usage["completion_tokens"]
                tokens.append(count)
                per_token.append(1000 * reply.timings["decode_s"] / max(1, count))
                grammar.append(1000 * reply.timings.get("grammar_s", 0.0))
            rows.append(
                Row(
                    case.name,
                    statistics.mean(tokens),
                    statistics.median(per_token),
                    statistics.median(grammar),
                )
            )
            print(f"  {case.name}: {rows[-1].ms_per_token:.2f} ms/token", flush=True)
    finally:
        await worker.stop()
    return rows


def table(rows: list[Row], title: str) -> str:
    base = rows[0].ms_per_token
    lines = [
        f"### {title}",
        "",
        "| case | tokens (mean) | ms per token (median) | vs plain | grammar build ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row.case} | {row.tokens:.0f} | {row.ms_per_token:.2f} | "
            f"{row.ms_per_token / base:.2f}x | {row.grammar_ms:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", choices=["wide", "3b"], default="wide")
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 1000, 2000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=physical_cores())
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-structured-") as folder:
        if args.model == "wide":
            pair = wide_pair(Path(folder))
            title = "Tiny layers, 151,936 word-like tokens (grammar cost dominates)"
        else:
            from tests.fakes.bench_models import bench_pair

            pair = bench_pair()
            title = "Qwen2.5-VL-3B-shaped, Q4_K_M (real compute)"
        print(f"{title}; {args.runs} images per case, {args.threads} threads", flush=True)
        rows = asyncio.run(measure(pair, cases(args.sizes), args.runs, args.threads))
    print()
    print(table(rows, title))


if __name__ == "__main__":
    main()
