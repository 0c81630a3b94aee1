"""The one protocol every captioner implements, and the values that cross it.

A captioner takes already prepared images (JPEG bytes at the pixel budget) and a
prompt, and returns one outcome per request: a result or a typed failure. Batches and
concurrency are part of the contract because the cloud API bills and queues per request
while a local model serves one image at a time; the pipeline asks each captioner how
many requests it wants per call and how many calls may be in flight.

Everything here is immutable and free of Qt so it can travel to worker threads and
processes unchanged.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from desktop_app.backends.structured import OutputSchema, StructuredAnswer, parse_answer
from desktop_app.errors import CaptionerError


@dataclass(frozen=True)
class EncodedImage:
    """An image ready for a model: encoded bytes plus the pixel size they decode to."""

    data: bytes
    mime_type: str
    width: int
    height: int

    def base64(self) -> str:
        return base64.b64encode(self.data).decode("ascii")

    def data_uri(self) -> str:
        return f"data:{self.mime_type};base64,{self.base64()}"

    @property
    def vision_tokens(self) -> int:
        """Qwen2.5-VL tokens this image costs: one per 28x28 pixel cell."""
        return max(1, round(self.width / 28)) * max(1, round(self.height / 28))


@dataclass(frozen=True)
class ImageLimits:
    """What a backend can use; the pipeline never sends more pixels than this."""

    max_long_side: int | None = None
    max_pixels: int | None = None


@dataclass(frozen=True)
class CaptionRequest:
    """One image and its prompt. ``request_id`` is unique within a run.

    With ``output`` set the caller wants a structured caption (keywords, languages,
    title, alt text): each backend makes its model answer in that shape as well as it
    can and reads the answer with :func:`structured_fields`.
    """

    request_id: str
    image: EncodedImage
    prompt: str
    max_tokens: int | None = None
    temperature: float | None = None
    output: OutputSchema | None = None


@dataclass(frozen=True)
class CaptionResult:
    """A caption and the facts worth remembering about how it was made."""

    request_id: str
    text: str
    backend: str
    model: str
    cost: float | None = None
    keywords: tuple[str, ...] = ()
    timings: Mapping[str, float] = field(default_factory=dict)
    usage: Mapping[str, int] = field(default_factory=dict)
    # Structured captions: the caption by language (the default language's is ``text``),
    # a short title and alt text where asked; ``structured`` is False when the answer
    # was not the JSON asked for and ``text`` is the whole answer (the plain fallback).
    captions: Mapping[str, str] = field(default_factory=dict)
    title: str = ""
    alt_text: str = ""
    structured: bool = False


@dataclass(frozen=True)
class CaptionFailure:
    """A request that did not produce a caption, with the reason for the user."""

    request_id: str
    error: CaptionerError


CaptionOutcome = CaptionResult | CaptionFailure


@runtime_checkable
class Captioner(Protocol):
    """A source of captions. Used from one asyncio event loop.

    ``caption_batch`` returns exactly one outcome per request (any order); it raises
    only for failures that concern the whole run (``CaptionerError.stops_run``) or for
    cancellation. Per-image and transient failures come back as ``CaptionFailure``.
    """

    @property
    def backend_id(self) -> str: ...

    @property
    def model(self) -> str: ...

    @property
    def batch_size(self) -> int:
        """How many requests this captioner wants per ``caption_batch`` call."""
        ...

    @property
    def max_in_flight(self) -> int:
        """How many ``caption_batch`` calls may run at once."""
        ...

    @property
    def image_limits(self) -> ImageLimits: ...

    async def caption_batch(self, requests: Sequence[CaptionRequest]) -> list[CaptionOutcome]: ...

    async def check(self) -> str:
        """Prove the backend is usable ("test connection"); returns a short summary."""
        ...

    async def aclose(self) -> None: ...


class SecretSource(Protocol):
    """Where a backend gets its API key; the core supplies keyring + environment."""

    def get_secret(self, name: str, env_var: str | None = None) -> str | None:
        """The secret ``name``; ``env_var``, when set in the environment, wins."""
        ...


def caption_result(
    request: CaptionRequest,
    answer: str,
    *,
    backend: str,
    model: str,
    cost: float | None = None,
    timings: Mapping[str, float] | None = None,
    usage: Mapping[str, int] | None = None,
) -> CaptionResult:
    """The result for a model's ``answer`` to ``request``; every backend makes its
    results here, so a structured answer is read the same way whoever produced it.

    Without an output schema the answer is the caption. With one, it is read as JSON,
    repaired where it can be, and taken as a plain caption where it cannot.
    """
    timed, used = dict(timings or {}), dict(usage or {})
    if request.output is None:
        return CaptionResult(
            request.request_id, answer.strip(), backend, model, cost, timings=timed, usage=used
        )
    read: StructuredAnswer = parse_answer(answer, request.output)
    return CaptionResult(
        request.request_id,
        read.caption,
        backend,
        model,
        cost=cost,
        keywords=read.keywords,
        captions=dict(read.captions),
        title=read.title,
        alt_text=read.alt_text,
        structured=read.structured,
        timings=timed,
        usage=used,
    )


def outcome_by_id(outcomes: Sequence[CaptionOutcome]) -> dict[str, CaptionOutcome]:
    """Index outcomes by request id (backends may return them in any order)."""
    return {outcome.request_id: outcome for outcome in outcomes}
