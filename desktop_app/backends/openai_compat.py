"""Any OpenAI-compatible server: llama-server, Ollama, LM Studio, vLLM, llama-cpp-python.

``POST {base_url}/chat/completions`` with the image as a data URI inside the user
message, the shape all of them accept for vision models. This is how a studio scales
captioning past one machine: one GPU server, many clients. Concurrency, retries and
error handling are the cloud backend's (:mod:`.retry`): 408, 429 and 5xx are retried
with backoff, a refused key or an unknown model stops the run, a bad image fails alone.

Structured captions ask the server to hold the answer to a JSON schema. Servers spell
that differently: OpenAI, vLLM, llama-server, Ollama and LM Studio take
``response_format: {"type": "json_schema", ...}``; llama-cpp-python's server takes
``{"type": "json_object", "schema": ...}`` and ignores the first. The captioner tries
them in that order, remembers the first the server honours (refused with a 400 or 422
that names the format, or ignored: a constrained answer always starts with ``{``), and
where it honours neither asks in the prompt and reads the answer leniently
(:mod:`desktop_app.backends.structured`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from desktop_app.backends import errors as be
from desktop_app.backends.base import (
    CaptionFailure,
    CaptionOutcome,
    CaptionRequest,
    ImageLimits,
    SecretSource,
    caption_result,
)
from desktop_app.backends.retry import RetryPolicy, Sleep, request_errors, send_with_retries
from desktop_app.backends.structured import (
    OutputSchema,
    answer_token_limit,
    prompt_with_instructions,
)
from desktop_app.errors import CaptionerError
from desktop_app.i18n import gettext, lazy_gettext

log = logging.getLogger(__name__)
BACKEND_ID = "openai"
BASE_URL_ENV = "OPENAI_BASE_URL"
API_KEY_ENV = "OPENAI_API_KEY"
API_KEY_SECRET = "openai"
DEFAULT_BASE_URL = "http://127.0.0.1:8080/v1"  # llama-server's default
# How a structured answer is asked for, best first (see the module docstring).
FORMAT_STYLES = ("json_schema", "json_object", "prompt")
CONSTRAINED_STYLES = ("json_schema", "json_object")
_FORMAT_WORDS = re.compile(r"response.?format|json.?schema|json.?object|schema|grammar", re.I)


class _FormatRefused(Exception):
    """The server refused the ``response_format`` style it was sent."""


@dataclass(frozen=True)
class OpenAIConfig:
    """Where the server is and which of its models to use; the key lives in the keyring."""

    base_url: str = DEFAULT_BASE_URL
    model: str = ""  # empty: the first model the server lists
    max_in_flight: int = 4
    timeout_s: float = 600.0  # a CPU server can take minutes per image
    max_tokens: int = 256  # when the prompt preset sets none
    temperature: float = 0.2
    retry: RetryPolicy = field(default_factory=RetryPolicy)


def api_key_help() -> str:
    return (
        f"Set {API_KEY_ENV}, or run 'folder-captioner key set openai' (servers without "
        "authentication need no key)."
    )


class OpenAICaptioner:
    """Captions through an OpenAI-compatible chat completions endpoint."""

    backend_id = BACKEND_ID
    batch_size = 1

    def __init__(
        self, config: OpenAIConfig, api_key: str | None = None, *, sleep: Sleep = asyncio.sleep
    ) -> None:
        """``sleep`` waits before each retry (:data:`~desktop_app.backends.retry.Sleep`)."""
        self._config = config
        self._sleep = sleep
        self._base = config.base_url.rstrip("/")
        self._api_key = api_key
        self._model = config.model.strip()
        self._client: httpx.AsyncClient | None = None
        self._format_style = 0  # index in FORMAT_STYLES of the one the server accepts

    @property
    def model(self) -> str:
        return self._model or "(server default)"

    @property
    def max_in_flight(self) -> int:
        return max(1, self._config.max_in_flight)

    @property
    def image_limits(self) -> ImageLimits:
        return ImageLimits()

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            headers = {"Content-Type": "application/json", "Accept": "application/json"}
            if self._api_key:
                headers["Authorization"] = f"Bearer {self._api_key}"
            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(self._config.timeout_s, connect=15.0),
                limits=httpx.Limits(max_connections=self.max_in_flight + 2),
                headers=headers,
            )
        return self._client

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()

    # -- operations ------------------------------------------------------------------
    async def check(self) -> str:
        """List the server's models: proves the URL and the key, costs nothing."""
        listed = await self.list_models()
        model = self._model or (listed[0] if listed else "")
        shown = ", ".join(listed[:5]) or gettext("none listed")
        if model:
            said = gettext("Connected to {url}; models: {models}; using {model}.")
        else:
            said = gettext("Connected to {url}; models: {models}; using its default.")
        said = said.format(url=self._base, models=shown, model=model)
        if self._model and listed and self._model not in listed:
            note = gettext("It does not list '{model}' (some servers accept any name).")
            said = f"{said} {note.format(model=self._model)}"
        return said

    async def caption_batch(self, requests: Sequence[CaptionRequest]) -> list[CaptionOutcome]:
        if not self._model:
            listed = await self.list_models()
            self._model = listed[0] if listed else ""
        return [await self._caption_one(request) for request in requests]

    @property
    def format_style(self) -> str:
        """How this server is asked for structured answers (as far as it is known)."""
        return FORMAT_STYLES[self._format_style]

    async def _caption_one(self, request: CaptionRequest) -> CaptionOutcome:
        started = time.monotonic()
        while True:
            style = self.format_style if request.output is not None else None
            try:
                text, usage, timings = await self._ask(request, style)
                if style in CONSTRAINED_STYLES and not text.lstrip().startswith("{"):
                    # Accepted but not honoured (llama-cpp-python's server ignores the
                    # json_schema style): a constrained answer always starts with "{".
                    raise _FormatRefused(style)
            except _FormatRefused:
                log.info("%s: response_format %s not honoured; trying the next", self._base, style)
                self._format_style += 1  # the next style; "prompt" is never refused
                continue
            except CaptionerError as error:
                if error.stops_run:
                    raise
                return CaptionFailure(request.request_id, error)
            return caption_result(
                request,
                text,
                backend=BACKEND_ID,
                model=self._model or "(server default)",
                timings={"request_s": time.monotonic() - started, **timings},
                usage=usage,
            )

    async def _ask(
        self, request: CaptionRequest, style: str | None
    ) -> tuple[str, dict[str, int], dict[str, float]]:
        """One chat completion (with retries): the answer's text, usage and timings."""
        body = json.dumps(self._body(request, style))
        url = f"{self._base}/chat/completions"

        async def attempt() -> httpx.Response:
            response = await self._send(self._http().post(url, content=body))
            if style in CONSTRAINED_STYLES and _refuses_format(response):
                raise _FormatRefused(style)  # before the retry loop sees a 500
            return response

        return await send_with_retries(
            attempt, self._read_completion, self._config.retry, sleep=self._sleep
        )

    def _body(self, request: CaptionRequest, style: str | None = None) -> dict[str, Any]:
        temperature = request.temperature
        constrained = style in CONSTRAINED_STYLES
        prompt = prompt_with_instructions(request.prompt, request.output, constrained=constrained)
        caption_tokens = request.max_tokens or self._config.max_tokens
        body: dict[str, Any] = {
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "image_url", "image_url": {"url": request.image.data_uri()}},
                        {"type": "text", "text": prompt},
                    ],
                }
            ],
            "max_tokens": answer_token_limit(request.output, caption_tokens),
            "temperature": self._config.temperature if temperature is None else temperature,
            "stream": False,
        }
        if request.output is not None and constrained:
            body["response_format"] = _response_format(request.output, style)
        if self._model:
            body["model"] = self._model
        return body

    async def _send(self, exchange: Any) -> httpx.Response:
        hint = lazy_gettext(
            "Check that the server is running and the base URL ({url}) is right.", url=self._base
        )
        response: httpx.Response = await request_errors(exchange, url=self._base, hint=hint)
        return response

    async def list_models(self) -> list[str]:
        """The ids the server lists at ``/models`` (what Settings offers to choose from)."""
        response = await send_with_retries(
            lambda: self._send(self._http().get(f"{self._base}/models")),
            lambda r: r,
            self._config.retry,
            sleep=self._sleep,
        )
        if response.status_code >= 400:
            raise self._error(response)
        data = _json(response).get("data")
        items = data if isinstance(data, list) else []
        return [str(item["id"]) for item in items if isinstance(item, dict) and item.get("id")]

    # -- reading answers -------------------------------------------------------------
    def _read_completion(
        self, response: httpx.Response
    ) -> tuple[str, dict[str, int], dict[str, float]]:
        if response.status_code >= 400:
            raise self._error(response)
        payload = _json(response)
        try:
            message = payload["choices"][0]["message"]
        except (KeyError, IndexError, TypeError) as exc:
            raise be.ProtocolViolation(
                lazy_gettext("The server's reply has no caption in it."),
                lazy_gettext("It will be retried; check that the model accepts images."),
                detail=response.text[:500],
            ) from exc
        return _content_text(message.get("content")), _usage(payload), _timings(payload)

    def _error(self, response: httpx.Response) -> CaptionerError:
        status = response.status_code
        said = _server_message(response)
        quoted = lazy_gettext(" (the server said: {message})", message=said) if said else ""
        if status == 401:
            return be.ApiKeyRejected(
                lazy_gettext("The server refused the API key{quoted}.", quoted=quoted),
                api_key_help(),
            )
        if status == 403:
            return be.PermissionDenied(
                lazy_gettext("The server does not allow this request{quoted}.", quoted=quoted),
                api_key_help(),
            )
        if status == 404:
            return be.ModelNotFound(
                lazy_gettext(
                    "The server at {base} has no model '{model}' or no chat completions "
                    "endpoint{quoted}.",
                    base=self._base,
                    model=self._model,
                    quoted=quoted,
                ),
                lazy_gettext(
                    "Check the model name (see 'folder-captioner backends' and the server's "
                    "model list) and that the base URL ends in /v1."
                ),
            )
        if status == 429:
            return be.RateLimited(
                lazy_gettext("The server is busy{quoted}.", quoted=quoted),
                lazy_gettext("The image will be retried; lower --concurrency."),
            )
        if status in (408, 503, 504) or status >= 500:
            return be.ServiceBusy(
                lazy_gettext(
                    "The server had a problem (HTTP {status}){quoted}.",
                    status=status,
                    quoted=quoted,
                ),
                lazy_gettext("The image will be retried later; the server's log may say more."),
            )
        if status == 413:
            return be.InvalidRequest(
                lazy_gettext("The image is too large for the server{quoted}.", quoted=quoted),
                lazy_gettext("Choose a lower pixel level (--pixels fast)."),
            )
        return be.InvalidRequest(
            lazy_gettext(
                "The server refused this image (HTTP {status}){quoted}.",
                status=status,
                quoted=quoted,
            ),
            lazy_gettext("Check that the model accepts images; other images are not affected."),
        )


def _response_format(schema: OutputSchema, style: str | None) -> dict[str, Any]:
    if style == "json_schema":
        return {
            "type": "json_schema",
            "json_schema": {"name": "caption", "strict": True, "schema": schema.json_schema()},
        }
    return {"type": "json_object", "schema": schema.json_schema()}


def _refuses_format(response: httpx.Response) -> bool:
    """The server does not take this response format: a 400 or 422 that names it, or the
    500 llama-cpp-python's server answers for a request it failed to validate."""
    if response.status_code in (400, 422):
        return bool(_FORMAT_WORDS.search(response.text))
    return response.status_code == 500 and "response_format" in response.text


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        payload = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise be.ProtocolViolation(
            lazy_gettext("The server sent a reply that could not be read."),
            lazy_gettext(
                "It will be retried; check that the base URL points at an OpenAI-compatible API."
            ),
            detail=response.text[:500],
        ) from exc
    if not isinstance(payload, dict):
        raise be.ProtocolViolation(
            lazy_gettext("The server sent an unexpected reply."),
            lazy_gettext("It will be retried."),
        )
    return payload


def _server_message(response: httpx.Response) -> str:
    try:
        payload = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return response.text.strip()[:200]
    error = payload.get("error") if isinstance(payload, dict) else None
    if isinstance(error, dict):
        return str(error.get("message", "")).strip()[:300]
    if isinstance(error, str):
        return error[:300]
    detail = payload.get("detail") if isinstance(payload, dict) else None
    return str(detail)[:300] if detail else ""


def _content_text(content: object) -> str:
    """A message's text: a string, or (some servers) a list of text parts."""
    if isinstance(content, str):
        return content.strip()
    if isinstance(content, list):
        parts = [p.get("text", "") for p in content if isinstance(p, dict)]
        return "".join(str(p) for p in parts).strip()
    return ""


def _usage(payload: Mapping[str, Any]) -> dict[str, int]:
    usage = payload.get("usage")
    if not isinstance(usage, dict):
        return {}
    return {
        name: int(usage[name])
        for name in ("prompt_tokens", "completion_tokens")
        if isinstance(usage.get(name), int)
    }


def _timings(payload: Mapping[str, Any]) -> dict[str, float]:
    """llama-server reports its own prompt and generation times; keep them when present."""
    timings = payload.get("timings")
    if not isinstance(timings, dict):
        return {}
    found: dict[str, float] = {}
    for source, target in (("prompt_ms", "prefill_s"), ("predicted_ms", "decode_s")):
        value = timings.get(source)
        if isinstance(value, int | float):
            found[target] = float(value) / 1000.0
    return found


def create(config: OpenAIConfig, secrets: SecretSource) -> OpenAICaptioner:
    """Registry factory: the key is optional (environment first, then keyring)."""
    return OpenAICaptioner(config, secrets.get_secret(API_KEY_SECRET, API_KEY_ENV))
