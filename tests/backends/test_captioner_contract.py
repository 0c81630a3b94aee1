"""The contract every captioner keeps, checked on each one against a real counterpart.

cloud: the fake Runware API over HTTP; local: the tiny model in a worker process;
openai: llama-cpp-python's own server. The pipeline relies on exactly these points, so
a new backend joins this list before it joins the registry.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from desktop_app.backends.base import (
    Captioner,
    CaptionFailure,
    CaptionRequest,
    CaptionResult,
    EncodedImage,
    ImageLimits,
)
from desktop_app.backends.local.captioner import create as create_local
from desktop_app.backends.local.config import LocalConfig
from desktop_app.backends.openai_compat import OpenAICaptioner, OpenAIConfig
from desktop_app.backends.retry import RetryPolicy
from desktop_app.backends.runware import RunwareCaptioner, RunwareConfig
from desktop_app.backends.structured import OutputSchema
from tests.backends.local.helpers import jpeg, request
from tests.conftest import LLAMA_SERVER_KEY
from tests.fakes.runware_server import DEFAULT_KEY, FakeRunware

FAST_RETRY = RetryPolicy(max_retries=2, base_delay_s=0.01, max_delay_s=0.1, jitter_s=0.0)
BACKENDS = ["cloud", "local", "openai"]
Factory = Callable[[], Captioner]


@pytest.fixture(params=BACKENDS)
def make_captioner(request, tiny_models) -> Iterator[Factory]:
    if request.param == "cloud":
        with FakeRunware() as api:
            cloud = RunwareConfig(api_url=api.url, retry=FAST_RETRY, timeout_s=60)
            yield lambda: RunwareCaptioner(cloud, DEFAULT_KEY)
    elif request.param == "local":
        pair = tiny_models["f16"]
        local = LocalConfig(model=str(pair.model), mmproj=str(pair.mmproj), threads=1)
        yield lambda: create_local(local, None)  # type: ignore[arg-type]
    else:
        server = request.getfixturevalue("llama_server")
        openai = OpenAIConfig(base_url=server.base_url, retry=FAST_RETRY, timeout_s=120)
        yield lambda: OpenAICaptioner(openai, LLAMA_SERVER_KEY)


def using(make: Factory, action: Callable[[Captioner], Any]) -> Any:
    async def go():
        captioner = make()
        try:
            return await action(captioner)
        finally:
            await captioner.aclose()

    return asyncio.run(go())


def test_it_is_a_captioner(make_captioner) -> None:
    captioner = make_captioner()
    assert isinstance(captioner, Captioner)
    assert captioner.backend_id
    assert captioner.batch_size >= 1
    assert captioner.max_in_flight >= 1
    assert isinstance(captioner.image_limits, ImageLimits)
    asyncio.run(captioner.aclose())


def test_one_outcome_per_request_with_the_same_ids(make_captioner) -> None:
    requests = [request(f"img-{i}.jpg", jpeg((224 + 28 * i, 168), seed=i)) for i in range(3)]
    outcomes = using(make_captioner, lambda c: c.caption_batch(requests))
    assert sorted(o.request_id for o in outcomes) == sorted(r.request_id for r in requests)


def test_results_carry_text_backend_and_model(make_captioner) -> None:
    def run(captioner):
        async def go():
            return captioner, await captioner.caption_batch([request("one.jpg")])

        return go()

    captioner, [result] = using(make_captioner, run)
    assert isinstance(result, CaptionResult), result
    assert isinstance(result.text, str)
    assert result.backend == captioner.backend_id
    assert result.model
    assert result.model == captioner.model
    assert all(value >= 0 for value in result.timings.values())


def test_a_bad_image_is_a_failure_not_an_exception(make_captioner) -> None:
    broken = EncodedImage(b"this is not an image", "image/jpeg", 40, 40)
    outcomes = using(
        make_captioner, lambda c: c.caption_batch([request("bad.jpg", broken), request("ok.jpg")])
    )
    by_id = {o.request_id: o for o in outcomes}
    assert isinstance(by_id["bad.jpg"], CaptionFailure)
    assert by_id["bad.jpg"].error.user_message()
    assert isinstance(by_id["ok.jpg"], CaptionResult)


def test_check_works(make_captioner) -> None:
    summary = using(make_captioner, lambda c: c.check())
    assert isinstance(summary, str)
    assert summary


def test_aclose_is_idempotent(make_captioner) -> None:
    async def go():
        unused = make_captioner()
        await unused.aclose()
        await unused.aclose()
        used = make_captioner()
        await used.caption_batch([request()])
        await used.aclose()
        await used.aclose()

    asyncio.run(go())


STRUCTURED = OutputSchema(
    languages=("en", "de", "fr"),
    caption_chars=24,
    title=True,
    title_chars=12,
    max_keywords=3,
    vocabulary=("Gull", "Möwe", "Harbour", "Boat"),
)


def test_a_structured_request_gets_a_caption_and_only_allowed_keywords(make_captioner) -> None:
    """However a backend asks (grammar, response_format, the prompt), the result keeps
    the schema's promises, and a caption is never lost to a format problem."""
    structured = request("s.jpg")
    structured = CaptionRequest(
        structured.request_id, structured.image, structured.prompt, 16, 0.0, output=STRUCTURED
    )
    [result] = using(make_captioner, lambda c: c.caption_batch([structured]))
    assert isinstance(result, CaptionResult), result
    assert result.text.strip()
    if result.captions:
        assert result.captions["en"] == result.text
    assert set(result.captions) <= {"en", "de", "fr"}
    allowed = {term.casefold() for term in STRUCTURED.vocabulary}
    if result.structured:  # unstructured fallbacks keep whatever keywords they found
        assert {k.casefold() for k in result.keywords} <= allowed
    assert len(result.keywords) <= 3
