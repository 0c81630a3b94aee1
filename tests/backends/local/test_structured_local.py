"""Structured captions from the local model: grammar-constrained decoding, for real.

The tiny model's weights are random, so left to itself it writes byte noise and never
chooses to stop. That makes it the strictest test of the grammar path: whatever it
"wants", the answer must be valid JSON matching the schema (checked with jsonschema,
an independent validator), every time: across quantisations, images, temperatures and
seeds.
"""

from __future__ import annotations

import asyncio
import json

import jsonschema
import pytest

from desktop_app.backends.base import CaptionRequest, CaptionResult
from desktop_app.backends.json_repair import close_json_prefix
from desktop_app.backends.local.protocol import CaptionJob, JobDone, WorkerSpec
from desktop_app.backends.local.worker import WorkerProcess, new_log_path
from desktop_app.backends.structured import (
    OutputSchema,
    answer_token_limit,
    parse_answer,
    prompt_with_instructions,
)
from tests.backends.local.helpers import jpeg, local, png

VOCABULARY = ("Gull", "Möwe", "Harbour", "Fishing boat", "Sky", "Østersø", "夕焼け")
SCHEMA = OutputSchema(
    languages=("en", "de", "fr"),
    caption_chars=30,
    title=True,
    title_chars=16,
    alt_text=True,
    alt_text_chars=30,
    max_keywords=4,
    vocabulary=VOCABULARY,
)
RUNS = [(seed, temperature) for seed in range(4) for temperature in (0.0, 0.8, 1.6)]


def _worker_spec(pair, n_ctx: int) -> WorkerSpec:
    return WorkerSpec(
        model=str(pair.model),
        mmproj=str(pair.mmproj),
        n_ctx=n_ctx,
        threads=1,
        gpu_layers=0,
        flash_attn=True,
        log_path=new_log_path(),
    )


def _answers(pair, schema: OutputSchema, max_tokens: int) -> list[JobDone]:
    prompt = prompt_with_instructions("Describe this photo.", schema, constrained=True)
    schema_text = json.dumps(schema.json_schema(), ensure_ascii=False)

    async def go() -> list[JobDone]:
        worker = await WorkerProcess.start(_worker_spec(pair, 4096))
        replies = []
        try:
            for index, (seed, temperature) in enumerate(RUNS):
                image = jpeg((224 + 28 * (index % 3), 168), seed) if index % 2 else png()
                job = CaptionJob(
                    f"run-{index}",
                    image.data,
                    image.mime_type,
                    prompt,
                    max_tokens,
                    temperature,
                    seed=seed,
                    json_schema=schema_text,
                )
                reply = await worker.run(job)
                assert isinstance(reply, JobDone), reply
                replies.append(reply)
        finally:
            await worker.stop()
        return replies

    return asyncio.run(go())


@pytest.mark.parametrize("quantisation", ["f16", "q4_k_m"])
def test_every_answer_is_valid_json_matching_the_schema(tiny_models, quantisation) -> None:
    max_tokens = answer_token_limit(SCHEMA, 32)
    assert max_tokens == SCHEMA.worst_case_tokens()  # room for the longest answer
    validator = jsonschema.Draft202012Validator(SCHEMA.json_schema())
    replies = _answers(tiny_models[quantisation], SCHEMA, max_tokens)
    assert len(replies) == len(RUNS)
    keywords_seen: set[str] = set()
    for reply in replies:
        value = json.loads(reply.text)  # strict JSON: no raw control characters
        validator.validate(value)
        keywords_seen.update(value["keywords"])
        assert reply.usage["completion_tokens"] < max_tokens  # ended by the grammar
    assert keywords_seen <= set(VOCABULARY)
    # Noise differs between runs: the grammar constrains, it does not dictate.
    assert len({reply.text for reply in replies}) > len(RUNS) // 2


def test_an_answer_cut_by_the_token_limit_is_closed_into_valid_json(tiny_models) -> None:
    replies = _answers(tiny_models["f16"], SCHEMA, 24)
    for reply in replies:
        assert reply.usage["completion_tokens"] <= 24
        value = json.loads(close_json_prefix(reply.text))
        assert isinstance(value, dict)
        assert set(value) <= set(SCHEMA.json_schema()["properties"])
        read = parse_answer(reply.text, SCHEMA)
        assert read.caption


def test_the_captioner_returns_the_structured_fields(tiny_models) -> None:
    pair = tiny_models["f16"]
    requests = [
        CaptionRequest(f"{i}", jpeg((224, 168), i), "Describe.", 32, 0.0, output=SCHEMA)
        for i in range(3)
    ]

    async def go():
        captioner = local(pair.model, pair.mmproj)
        try:
            return await captioner.caption_batch(requests)
        finally:
            await captioner.aclose()

    for result in asyncio.run(go()):
        assert isinstance(result, CaptionResult), result
        assert result.structured, result.text
        assert result.text == result.captions["en"]
        assert set(result.captions) <= {"en", "de", "fr"}
        assert set(result.keywords) <= set(VOCABULARY)
        assert len(result.title) <= 16
        assert all(ord(char) >= 0x20 for char in result.text)
        # the prompt carried the field descriptions, the context held the worst case
        assert result.usage["prompt_tokens"] > result.usage["vision_tokens"] + 50
