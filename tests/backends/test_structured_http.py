"""Structured captions over HTTP: the text-only cloud API and OpenAI-compatible servers.

The cloud caption task returns text, so the JSON is asked for in the prompt: the fake
API plays a model that follows the instruction, one that wraps or botches it, and one
that ignores it. OpenAI-compatible servers are asked through ``response_format``:
llama-cpp-python's real server refuses OpenAI's ``json_schema`` style and takes its own
``json_object`` + schema (a grammar); a fake stands in for servers that take
``json_schema`` and for ones that take neither.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import jsonschema
import pytest

from desktop_app.backends.base import CaptionRequest, CaptionResult
from desktop_app.backends.openai_compat import OpenAICaptioner, OpenAIConfig
from desktop_app.backends.retry import RetryPolicy
from desktop_app.backends.runware import RunwareCaptioner, RunwareConfig
from desktop_app.backends.structured import OutputSchema
from tests.backends.local.helpers import jpeg
from tests.conftest import LLAMA_SERVER_KEY
from tests.fakes.openai_server import FakeOpenAI, Reply
from tests.fakes.runware_server import DEFAULT_KEY, FakeRunware

FAST_RETRY = RetryPolicy(max_retries=2, base_delay_s=0.01, max_delay_s=0.1, jitter_s=0.0)
SCHEMA = OutputSchema(
    languages=("en", "de"),
    caption_chars=60,
    title=True,
    max_keywords=3,
    vocabulary=("Gull", "Harbour", "Boat", "Möwe"),
)


def structured(name: str = "a.jpg") -> CaptionRequest:
    return CaptionRequest(name, jpeg(), "Describe the photo.", 32, 0.0, output=SCHEMA)


def run(captioner: Any, *requests: CaptionRequest) -> list:
    async def go():
        try:
            return await captioner.caption_batch(list(requests))
        finally:
            await captioner.aclose()

    return asyncio.run(go())


# -- the cloud API: JSON asked for in the prompt ------------------------------------


def cloud(api: FakeRunware) -> RunwareCaptioner:
    return RunwareCaptioner(RunwareConfig(api_url=api.url, retry=FAST_RETRY), DEFAULT_KEY)


def obedient(task: dict[str, Any], caption: str) -> str:
    """A model that follows the prompt's JSON instruction."""
    assert "Answer with one JSON object" in task["prompt"]
    assert "Gull, Harbour, Boat, Möwe" in task["prompt"]
    answer = {
        "caption": caption,
        "caption_de": "Eine Möwe über dem Hafen.",
        "title": "Harbour",
        "keywords": ["Harbour", "Gull"],
    }
    return json.dumps(answer, ensure_ascii=False)


@pytest.mark.parametrize(
    ("wrap", "structured_answer"),
    [
        (lambda text: text, True),
        (lambda text: f"```json\n{text}\n```", True),
        (lambda text: f"Here you go: {text[:-30]}", True),  # cut short: repaired
    ],
    ids=["json", "fenced", "cut-short"],
)
def test_the_cloud_api_answers_in_json_when_asked(wrap, structured_answer) -> None:
    with FakeRunware(answer=lambda task, caption: wrap(obedient(task, caption))) as api:
        [result] = run(cloud(api), structured())
    assert isinstance(result, CaptionResult), result
    assert result.structured is structured_answer
    assert result.text.startswith("A landscape")
    assert result.captions["en"] == result.text
    assert result.cost is not None  # cost is still recorded


def test_a_complete_cloud_answer_fills_every_field() -> None:
    with FakeRunware(answer=obedient) as api:
        [result] = run(cloud(api), structured())
    assert result.captions["de"] == "Eine Möwe über dem Hafen."
    assert result.title == "Harbour"
    assert result.keywords == ("Harbour", "Gull")


def test_a_cloud_answer_that_ignores_the_format_is_a_plain_caption() -> None:
    with FakeRunware() as api:  # answers prose whatever it is asked
        [result] = run(cloud(api), structured())
        prompt = api.caption_tasks()[0]["prompt"]
    assert prompt.startswith("Describe the photo.\n")
    assert not result.structured
    assert result.text.startswith("A landscape")
    assert result.captions == {"en": result.text}
    assert result.keywords == ()


def test_plain_requests_are_unchanged() -> None:
    with FakeRunware() as api:
        [result] = run(cloud(api), CaptionRequest("a", jpeg(), "Describe the photo."))
        assert api.caption_tasks()[0]["prompt"] == "Describe the photo."
    assert not result.structured
    assert result.captions == {}


# -- OpenAI-compatible servers: response_format -------------------------------------


def openai(base_url: str, key: str | None = None) -> OpenAICaptioner:
    return OpenAICaptioner(
        OpenAIConfig(base_url=base_url, retry=FAST_RETRY, timeout_s=60, model="qwen2.5vl:3b"),
        key,
    )


def completion(content: str) -> Reply:
    return Reply(
        200,
        {
            "choices": [{"message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 300, "completion_tokens": 40},
        },
    )


def test_a_server_that_takes_json_schema_gets_it() -> None:
    answer = json.dumps(
        {"caption": "A gull.", "caption_de": "Eine Möwe.", "title": "Gull", "keywords": ["Gull"]}
    )
    with FakeOpenAI() as server:
        server.queue(completion(answer), completion(answer))
        captioner = openai(server.base_url)
        results = run(captioner, structured("a"), structured("b"))
        sent = server.requests
    assert [r.keywords for r in results] == [("Gull",), ("Gull",)]
    assert all(r.structured for r in results)
    assert len(sent) == 2  # accepted at once, no second try
    response_format = sent[0]["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["strict"] is True
    assert response_format["json_schema"]["schema"] == SCHEMA.json_schema()
    assert "code fences" not in sent[0]["messages"][0]["content"][1]["text"]
    assert sent[0]["max_tokens"] > 32  # room for every field, not only the caption


def test_a_server_that_takes_no_response_format_is_asked_in_the_prompt() -> None:
    refused = Reply(400, {"error": {"message": "Unrecognized field: response_format"}})
    with FakeOpenAI() as server:
        server.queue(refused, refused, completion('{"caption": "A gull.", "keywords": "Gull"}'))
        captioner = openai(server.base_url)
        [result] = run(captioner, structured())
        sent = server.requests
    assert [body.get("response_format", {}).get("type") for body in sent] == [
        "json_schema",
        "json_object",
        None,
    ]
    assert "code fences" in sent[2]["messages"][0]["content"][1]["text"]
    assert captioner.format_style == "prompt"
    assert result.text == "A gull."
    assert result.keywords == ("Gull",)


def test_a_server_that_ignores_json_schema_is_asked_the_next_way() -> None:
    """Accepted but not honoured: a constrained answer would start with "{"."""
    with FakeOpenAI() as server:
        server.queue(
            completion("A gull over a harbour."),
            completion(
                '{"caption": "A gull.", "caption_de": "Eine Möwe.", "title": "G", "keywords": []}'
            ),
        )
        captioner = openai(server.base_url)
        [result] = run(captioner, structured())
        styles = [body["response_format"]["type"] for body in server.requests]
    assert styles == ["json_schema", "json_object"]
    assert captioner.format_style == "json_object"
    assert result.structured
    assert result.captions == {"en": "A gull.", "de": "Eine Möwe."}


def test_a_bad_image_is_not_mistaken_for_a_format_refusal() -> None:
    with FakeOpenAI() as server:
        server.queue(Reply(400, {"error": {"message": "image could not be decoded"}}))
        captioner = openai(server.base_url)
        [result] = run(captioner, structured())
    assert not isinstance(result, CaptionResult)
    assert captioner.format_style == "json_schema"


def test_llama_cpp_server_constrains_the_answer_to_the_schema(llama_server) -> None:
    """llama-cpp-python's server refuses OpenAI's json_schema style (a 500) and takes its
    own json_object + schema: a grammar, so even the random model answers valid JSON."""
    captioner = OpenAICaptioner(
        OpenAIConfig(base_url=llama_server.base_url, retry=FAST_RETRY, timeout_s=120),
        LLAMA_SERVER_KEY,
    )
    small = OutputSchema(
        languages=("en", "de"),
        caption_chars=24,
        max_keywords=2,
        vocabulary=("Gull", "Möwe", "Boat"),
    )
    requests = [
        CaptionRequest(f"{i}", jpeg((224, 168), i), "Describe.", 16, 0.7, output=small)
        for i in range(3)
    ]
    results = run(captioner, *requests)
    assert captioner.format_style == "json_object"
    for result in results:
        assert isinstance(result, CaptionResult), result
        assert result.structured, result.text
        assert set(result.keywords) <= {"Gull", "Möwe", "Boat"}
        assert set(result.captions) <= {"en", "de"}


def test_the_schema_sent_is_one_a_validator_accepts() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA.json_schema())
