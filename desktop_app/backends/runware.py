"""The Runware caption API (Qwen2.5-VL-3B/7B in the cloud), over HTTP with httpx.

Protocol facts are in shared/runware-api.md. The points that shape this module:
the body is always an array of tasks matched to results by ``taskUUID`` (never by
position); one failing task does not fail the others; 408/429/5xx, timeouts and
connection errors are retried with backoff; ``includeCost`` is always on so every
caption records what it cost; async delivery returns at once and is polled with
``getResponse``.

The caption task returns text only: a structured caption (keywords, languages, title,
alt text) is asked for in the prompt and read leniently, falling back to the whole
answer as the caption (:mod:`desktop_app.backends.structured`).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

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
from desktop_app.backends.retry import (
    RetryPolicy,
    Sleep,
    is_retryable_status,
    request_errors,
    send_with_retries,
)
from desktop_app.backends.structured import prompt_with_instructions
from desktop_app.errors import CaptionerError
from desktop_app.i18n import Text, gettext, lazy_gettext

BACKEND_ID = "cloud"
DEFAULT_API_URL = "https://api.runware.ai/v1"
API_URL_ENV = "RUNWARE_API_URL"
API_KEY_ENV = "RUNWARE_API_KEY"
API_KEY_SECRET = "runware"
KNOWN_MODELS: Mapping[str, str] = {
    "runware:152@1": "Qwen2.5-VL-3B-Instruct",
    "runware:152@2": "Qwen2.5-VL-7B-Instruct",
}
MODEL_ALIASES: Mapping[str, str] = {"3b": "runware:152@1", "7b": "runware:152@2"}
AIR_ID = re.compile(r"^[A-Za-z0-9_.-]+:[0-9]+@[0-9]+$")
# Uploaded images are stored at up to 2048 px on the long side: more buys nothing.
CLOUD_MAX_LONG_SIDE = 2048
SUCCESS_STATUS = "success"
ERROR_STATUS = "error"


def resolve_model(model: str) -> str:
    """Accept ``3b``/``7b`` or any AIR id (``provider:model@version``)."""
    model = MODEL_ALIASES.get(model.strip().lower(), model.strip())
    if not AIR_ID.match(model):
        raise be.ModelNotFound(
            lazy_gettext("'{model}' is not a model id the cloud API understands.", model=model),
            lazy_gettext(
                "Use runware:152@1 (Qwen2.5-VL-3B), runware:152@2 (7B) or another AIR id of the "
                "form provider:model@version."
            ),
        )
    return model


@dataclass(frozen=True)
class PollSchedule:
    """Async delivery polling: first wait, then a growing interval, then give up."""

    first_wait_s: float = 1.0
    interval_s: float = 0.5
    factor: float = 1.5
    max_interval_s: float = 10.0
    give_up_after_s: float = 20 * 60.0


@dataclass(frozen=True)
class RunwareConfig:
    """Settings of the cloud backend; the API key lives in the keyring, not here."""

    api_url: str = DEFAULT_API_URL
    model: str = "runware:152@1"
    delivery: Literal["sync", "async"] = "sync"
    task_type: Literal["caption", "imageCaption"] = "caption"
    batch_size: int = 4
    max_in_flight: int = 8
    timeout_s: float = 120.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    poll: PollSchedule = field(default_factory=PollSchedule)


@dataclass
class _TaskAnswer:
    """What one response said about one task."""

    text: str | None = None
    cost: float | None = None
    error: CaptionerError | None = None
    still_running: bool = False
    # The request itself failed after its transport retries: do not send it again.
    final: bool = False


def api_key_help() -> Text:
    return lazy_gettext(
        "Set the environment variable {variable}, run 'folder-captioner key set cloud', or "
        "enter it in Settings > Captioning.",
        variable=API_KEY_ENV,
    )


class RunwareCaptioner:
    """Captions through the Runware HTTP API; one instance per run and event loop."""

    backend_id = BACKEND_ID

    def __init__(
        self, config: RunwareConfig, api_key: str, *, sleep: Sleep = asyncio.sleep
    ) -> None:
        """``sleep`` waits before each retry (:data:`~desktop_app.backends.retry.Sleep`)."""
        if not api_key:
            raise be.MissingApiKey(
                lazy_gettext("No API key for the cloud caption service."), api_key_help()
            )
        self._config = config
        self._sleep = sleep
        self._model = resolve_model(config.model)
        self._api_key = api_key
        self._client: httpx.AsyncClient | None = None

    # -- protocol properties -------------------------------------------------------
    @property
    def model(self) -> str:
        return self._model

    @property
    def batch_size(self) -> int:
        return max(1, self._config.batch_size)

    @property
    def max_in_flight(self) -> int:
        return max(1, self._config.max_in_flight)

    @property
    def image_limits(self) -> ImageLimits:
        return ImageLimits(max_long_side=CLOUD_MAX_LONG_SIDE)

    # -- lifecycle -----------------------------------------------------------------
    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            limits = httpx.Limits(
                max_connections=self.max_in_flight + 2,
                max_keepalive_connections=self.max_in_flight + 2,
            )
            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(self._config.timeout_s, connect=15.0),
                limits=limits,
                headers={
                    "Authorization": f"Bearer {self._api_key}",
                    "Content-Type": "application/json",
                    "Accept": "application/json",
                },
            )
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- public operations ---------------------------------------------------------
    async def check(self) -> str:
        """Ask for the result of a task that does not exist: proves the key, costs nothing."""
        body = [{"taskType": "getResponse", "taskUUID": str(uuid.uuid4())}]
        response = await self._post(body)
        if response.status_code in (401, 403):
            raise self._global_error(response.status_code, _parse_envelope(response)[1])
        return gettext("Connected to {url}; the API key was accepted.").format(
            url=self._config.api_url
        )

    async def caption_batch(self, requests: Sequence[CaptionRequest]) -> list[CaptionOutcome]:
        outcomes: dict[str, CaptionOutcome] = {}
        pending = {request.request_id: request for request in requests}
        round_number = 0
        while pending:
            started = time.monotonic()
            answers, tasks = await self._run_round(list(pending.values()))
            elapsed = time.monotonic() - started
            retry_next: dict[str, CaptionRequest] = {}
            for task_uuid, request in tasks.items():
                answer = answers.get(task_uuid) or _TaskAnswer(
                    error=be.ProtocolViolation(
                        lazy_gettext("The caption service returned no result for this image."),
                        lazy_gettext("It will be retried."),
                    )
                )
                outcome = self._outcome(request, answer, elapsed, round_number)
                if outcome is None:
                    retry_next[request.request_id] = request
                else:
                    outcomes[request.request_id] = outcome
            pending = retry_next
            round_number += 1
            if pending:
                await self._sleep(self._config.retry.delay(round_number))
        return [outcomes[request.request_id] for request in requests]

    # -- one round: send (with transport retries), then poll if async --------------
    async def _run_round(
        self, requests: list[CaptionRequest]
    ) -> tuple[dict[str, _TaskAnswer], dict[str, CaptionRequest]]:
        tasks = {str(uuid.uuid4()): request for request in requests}
        body = [self._task_body(task_uuid, request) for task_uuid, request in tasks.items()]
        try:
            answers = await self._send_tasks(body)
        except CaptionerError as error:
            if error.stops_run:
                raise
            return {task_uuid: _TaskAnswer(error=error, final=True) for task_uuid in tasks}, tasks
        waiting = [
            u for u in tasks if answers.get(u, _TaskAnswer(still_running=True)).still_running
        ]
        if self._config.delivery == "async" and waiting:
            answers.update(await self._poll(waiting))
        return answers, tasks

    def _outcome(
        self, request: CaptionRequest, answer: _TaskAnswer, elapsed: float, round_number: int
    ) -> CaptionOutcome | None:
        """A final outcome, or None when the task should be sent again."""
        if answer.text is not None:
            return caption_result(
                request,
                answer.text,
                backend=BACKEND_ID,
                model=self._model,
                cost=answer.cost,
                timings={"request_s": elapsed},
                usage={"attempts": round_number + 1},
            )
        error = answer.error or be.ProtocolViolation(
            lazy_gettext("The caption service did not finish this image."),
            lazy_gettext("It will be retried."),
        )
        if error.stops_run:
            raise error
        if error.transient and not answer.final and round_number < self._config.retry.max_retries:
            return None
        return CaptionFailure(request.request_id, error)

    def _task_body(self, task_uuid: str, request: CaptionRequest) -> dict[str, Any]:
        task: dict[str, Any] = {
            "taskType": self._config.task_type,
            "taskUUID": task_uuid,
            "model": self._model,
            "prompt": prompt_with_instructions(request.prompt, request.output),
            "includeCost": True,
        }
        image = request.image.data_uri()
        if self._config.task_type == "imageCaption":
            task["inputImage"] = image
        else:
            task["inputs"] = {"image": image}
        if self._config.delivery == "async":
            task["deliveryMethod"] = "async"
        return task

    async def _send_tasks(self, body: list[dict[str, Any]]) -> dict[str, _TaskAnswer]:
        """POST with transport-level retries; per-task answers, or raise for the batch."""
        return await send_with_retries(
            lambda: self._post(body), self._answers_from, self._config.retry, sleep=self._sleep
        )

    async def _post(self, body: list[dict[str, Any]]) -> httpx.Response:
        """One HTTP exchange, with transport failures turned into typed errors."""
        return await request_errors(
            self._http().post(self._config.api_url, content=json.dumps(body)),
            url=self._config.api_url,
            hint=lazy_gettext("Check the internet connection (or the --api-url)."),
        )

    def _answers_from(self, response: httpx.Response) -> dict[str, _TaskAnswer]:
        data, error_items = _parse_envelope(response)
        answers: dict[str, _TaskAnswer] = {}
        global_errors: list[Mapping[str, Any]] = []
        for item in data:
            task_uuid = str(item.get("taskUUID", ""))
            if task_uuid:
                answers[task_uuid] = _answer_from_item(item)
        for item in error_items:
            task_uuid = str(item.get("taskUUID", "") or "")
            if task_uuid and task_uuid not in answers:
                answers[task_uuid] = _TaskAnswer(error=_task_error(item, response.status_code))
            elif not task_uuid:
                global_errors.append(item)
        if response.status_code >= 400 and not answers:
            raise self._global_error(response.status_code, global_errors)
        if global_errors and not answers:
            raise self._global_error(response.status_code, global_errors)
        return answers

    def _global_error(self, status: int, items: Sequence[Mapping[str, Any]]) -> CaptionerError:
        item = items[0] if items else {}
        return _error_for(status, item)

    async def _poll(self, task_uuids: list[str]) -> dict[str, _TaskAnswer]:
        """Ask ``getResponse`` until every task has finished or the schedule gives up."""
        schedule = self._config.poll
        answers: dict[str, _TaskAnswer] = {}
        waiting = list(task_uuids)
        deadline = time.monotonic() + schedule.give_up_after_s
        wait, interval = schedule.first_wait_s, schedule.interval_s
        while waiting:
            await asyncio.sleep(wait)
            if time.monotonic() > deadline:
                break
            body = [{"taskType": "getResponse", "taskUUID": u} for u in waiting]
            polled = await self._send_tasks(body)
            for task_uuid in list(waiting):
                answer = polled.get(task_uuid)
                if answer is not None and not answer.still_running:
                    answers[task_uuid] = answer
                    waiting.remove(task_uuid)
            wait, interval = interval, min(interval * schedule.factor, schedule.max_interval_s)
        minutes = schedule.give_up_after_s / 60
        for task_uuid in waiting:
            answers[task_uuid] = _TaskAnswer(
                error=be.ServiceTimeout(
                    lazy_gettext(
                        "No caption arrived within {minutes} minutes of asking.",
                        minutes=format(minutes, "g"),
                    ),
                    lazy_gettext("The service may be overloaded; the image can be retried later."),
                )
            )
        return answers


# -- parsing helpers (module level: they need no state) ------------------------------


def _parse_envelope(
    response: httpx.Response,
) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """``(data items, error items)`` from any of the API's envelope shapes."""
    try:
        payload = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        if response.status_code >= 400 and not is_retryable_status(response.status_code):
            return [], [{"message": response.text[:200]}]
        raise be.ProtocolViolation(
            lazy_gettext("The caption service sent a reply that could not be read."),
            lazy_gettext(
                "It will be retried; if this persists the service may be having problems."
            ),
            detail=response.text[:500],
        ) from exc
    if not isinstance(payload, dict):
        raise be.ProtocolViolation(
            lazy_gettext("The caption service sent an unexpected reply."),
            lazy_gettext("It will be retried."),
        )
    return _as_items(payload.get("data")), _error_items(payload)


def _as_items(value: object) -> list[Mapping[str, Any]]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict)]
    return []


def _error_items(payload: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    items = _as_items(payload.get("errors"))
    legacy = payload.get("error")
    if legacy is True:  # {"error": true, "errorId": 19, "errorMessage": "Invalid api key"}
        items.append(
            {"code": str(payload.get("errorId", "")), "message": payload.get("errorMessage", "")}
        )
    else:
        items.extend(_as_items(legacy))
    return items


def _answer_from_item(item: Mapping[str, Any]) -> _TaskAnswer:
    status = str(item.get("status", "")).lower()
    if isinstance(item.get("text"), str) and status in ("", SUCCESS_STATUS):
        return _TaskAnswer(text=item["text"], cost=_as_float(item.get("cost")))
    if status == ERROR_STATUS or isinstance(item.get("error"), dict):
        nested = item.get("error")
        return _TaskAnswer(error=_task_error(nested if isinstance(nested, dict) else item, 200))
    return _TaskAnswer(still_running=True)


def _as_float(value: object) -> float | None:
    try:
        return float(value) if value is not None else None  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


_TRANSIENT_CODE = re.compile(r"rate|limit|timeout|capacity|unavailable|busy|queue|overload", re.I)
_BALANCE_CODE = re.compile(r"balance|credit|insufficient|payment", re.I)
_AUTH_CODE = re.compile(r"api.?key|auth|unauthori", re.I)


def _task_error(item: Mapping[str, Any], status: int) -> CaptionerError:
    """A per-task error item, classified by HTTP status first, then by its code."""
    if status >= 400:
        return _error_for(status, item)
    code = f"{item.get('code', '')} {item.get('parameter', '')}"
    message = str(item.get("message") or item.get("errorMessage") or "").strip()
    if _AUTH_CODE.search(code) or _AUTH_CODE.search(message):
        return _error_for(401, item)
    if _BALANCE_CODE.search(code):
        return _error_for(402, item)
    if _TRANSIENT_CODE.search(code):
        return _error_for(429, item)
    return _error_for(400, item)


def _error_for(status: int, item: Mapping[str, Any]) -> CaptionerError:
    """The typed, user-worded error for an HTTP status and the server's error item."""
    server_message = str(item.get("message") or item.get("errorMessage") or "").strip()
    detail = json.dumps(dict(item), ensure_ascii=False)[:500]
    parameter = str(item.get("parameter", ""))
    said = (
        lazy_gettext(" (the service said: {message})", message=server_message)
        if server_message
        else ""
    )
    if status == 401:
        return be.ApiKeyRejected(
            lazy_gettext("The API key was rejected."), api_key_help(), detail=detail
        )
    if status == 402:
        return be.BalanceTooLow(
            lazy_gettext("The account balance is too low to caption more images."),
            lazy_gettext("Top up the Runware account, then run again: finished captions are kept."),
            detail=detail,
        )
    if status == 403:
        return be.PermissionDenied(
            lazy_gettext("The API key is not allowed to use this model or operation."),
            lazy_gettext(
                "Check the key's permissions in the Runware dashboard, or pick another model."
            ),
            detail=detail,
        )
    if parameter == "model" or (status == 404 and "model" in server_message.lower()):
        return be.ModelNotFound(
            lazy_gettext("The cloud service does not know this model{said}.", said=said),
            lazy_gettext("Choose runware:152@1 (3B) or runware:152@2 (7B)."),
            detail=detail,
        )
    if status == 429:
        return be.RateLimited(
            lazy_gettext("The caption service is busy (queue full){said}.", said=said),
            lazy_gettext(
                "The image will be retried; lower the concurrency if this keeps happening."
            ),
            detail=detail,
        )
    if status in (408, 503, 504) or 500 <= status < 600:
        return be.ServiceBusy(
            lazy_gettext(
                "The caption service had a temporary problem (HTTP {status}){said}.",
                status=status,
                said=said,
            ),
            lazy_gettext("The image will be retried later."),
            detail=detail,
        )
    if parameter.startswith("input") or "image" in parameter.lower():
        return be.InvalidRequest(
            lazy_gettext("The caption service could not use this image{said}.", said=said),
            lazy_gettext(
                "Check that the file opens in an image viewer; other images are not affected."
            ),
            detail=detail,
        )
    return be.InvalidRequest(
        lazy_gettext(
            "The caption service refused the request (HTTP {status}){said}.",
            status=status,
            said=said,
        ),
        lazy_gettext("Check the prompt and model settings."),
        detail=detail,
    )


def create(config: RunwareConfig, secrets: SecretSource) -> RunwareCaptioner:
    """Registry factory: resolve the key (environment first, then keyring)."""
    key = secrets.get_secret(API_KEY_SECRET, API_KEY_ENV) or ""
    return RunwareCaptioner(config, key)
