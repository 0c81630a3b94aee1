"""The cloud backend against the fake API over real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import socket
import uuid

import pytest
from PIL import Image

from desktop_app.backends import errors as be
from desktop_app.backends.base import CaptionFailure, CaptionRequest, CaptionResult, EncodedImage
from desktop_app.backends.retry import RetryPolicy, Sleep
from desktop_app.backends.runware import (
    PollSchedule,
    RunwareCaptioner,
    RunwareConfig,
    create,
    resolve_model,
)
from desktop_app.core.secrets import SecretStore
from tests.backends.waits import RecordedWaits
from tests.fakes.runware_server import DEFAULT_KEY, FakeRunware, Fault

FAST_RETRY = RetryPolicy(max_retries=3, base_delay_s=0.01, max_delay_s=2.0, jitter_s=0.0)
FAST_POLL = PollSchedule(first_wait_s=0.05, interval_s=0.05, factor=1.5, max_interval_s=0.2)


def jpeg(
    size: tuple[int, int] = (64, 48), color: tuple[int, int, int] = (200, 40, 40)
) -> EncodedImage:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return EncodedImage(buffer.getvalue(), "image/jpeg", *size)


def request(name: str = "a.jpg", image: EncodedImage | None = None) -> CaptionRequest:
    return CaptionRequest(name, image or jpeg(), "Write a concise caption.")


def captioner(
    api: FakeRunware, key: str = DEFAULT_KEY, *, sleep: Sleep = asyncio.sleep, **changes: object
) -> RunwareCaptioner:
    # A generous HTTP timeout: a busy machine must not turn a slow answer into a retry.
    config = RunwareConfig(api_url=api.url, retry=FAST_RETRY, poll=FAST_POLL, timeout_s=60.0)
    for name, value in changes.items():
        object.__setattr__(config, name, value)
    return RunwareCaptioner(config, key, sleep=sleep)


def caption(cap: RunwareCaptioner, *requests: CaptionRequest) -> list:
    async def go() -> list:
        try:
            return await cap.caption_batch(list(requests))
        finally:
            await cap.aclose()

    return asyncio.run(go())


def test_sync_caption_describes_the_decoded_image_and_records_cost(fake_api: FakeRunware) -> None:
    [result] = caption(captioner(fake_api), request(image=jpeg((64, 48))))
    assert isinstance(result, CaptionResult)
    assert "64x48" in result.text
    assert "red" in result.text
    assert result.cost == pytest.approx(0.0013)
    assert result.model == "runware:152@1"
    sent = fake_api.requests[0]
    assert sent.headers["Authorization"] == f"Bearer {DEFAULT_KEY}"
    [task] = json.loads(sent.body)
    assert task["taskType"] == "caption"
    assert task["includeCost"] is True
    assert task["inputs"]["image"].startswith("data:image/jpeg;base64,")
    assert uuid.UUID(task["taskUUID"]).version == 4


def test_batch_goes_in_one_request_and_results_match_by_task_uuid(fake_api: FakeRunware) -> None:
    fake_api.reverse_results = True
    colors = [(200, 40, 40), (40, 70, 200), (40, 160, 60), (230, 210, 50)]
    requests = [request(f"{i}.jpg", jpeg((32 + i * 8, 32), c)) for i, c in enumerate(colors)]
    results = caption(captioner(fake_api), *requests)
    assert len(fake_api.requests) == 1
    assert len(json.loads(fake_api.requests[0].body)) == 4
    for i, (req, result) in enumerate(zip(requests, results, strict=True)):
        assert result.request_id == req.request_id
        assert f"{32 + i * 8}x32" in result.text


def test_7b_alias_and_any_air_id(fake_api: FakeRunware) -> None:
    assert resolve_model("7B") == "runware:152@2"
    assert resolve_model("civitai:123@4") == "civitai:123@4"
    with pytest.raises(be.ModelNotFound):
        resolve_model("qwen 7b please")
    [result] = caption(captioner(fake_api, model="7b"), request())
    assert result.model == "runware:152@2"
    assert json.loads(fake_api.requests[0].body)[0]["model"] == "runware:152@2"


def test_async_delivery_polls_get_response(fake_api: FakeRunware) -> None:
    fake_api.async_ready_on_poll = 2  # "processing" once, then the result
    results = caption(captioner(fake_api, delivery="async"), request("a"), request("b"))
    assert all(isinstance(r, CaptionResult) for r in results)
    first = json.loads(fake_api.requests[0].body)
    assert all(task["deliveryMethod"] == "async" for task in first)
    polls = [r for r in fake_api.requests[1:] if r.tasks[0]["taskType"] == "getResponse"]
    assert len(polls) == 2  # both tasks in each poll: "processing", then success
    assert {t["taskUUID"] for t in polls[-1].tasks} <= {t["taskUUID"] for t in first}


def test_legacy_image_caption_task(fake_api: FakeRunware) -> None:
    [result] = caption(captioner(fake_api, task_type="imageCaption"), request())
    assert isinstance(result, CaptionResult)
    [task] = json.loads(fake_api.requests[0].body)
    assert task["taskType"] == "imageCaption"
    assert task["inputImage"].startswith("data:image/jpeg;base64,")
    assert "inputs" not in task


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_transient_status_is_retried(fake_api: FakeRunware, status: int) -> None:
    fake_api.inject(Fault("status", status=status))
    [result] = caption(captioner(fake_api), request())
    assert isinstance(result, CaptionResult)
    assert len(fake_api.requests) == 2


def test_retry_after_is_honoured(fake_api: FakeRunware) -> None:
    fake_api.inject(Fault("status", status=429, retry_after="1"))
    waits = RecordedWaits()
    [result] = caption(captioner(fake_api, sleep=waits), request())
    assert isinstance(result, CaptionResult)
    assert waits == [1.0]  # what the server asked for, not the policy's 0.01 s
    assert len(fake_api.requests) == 2


@pytest.mark.parametrize("kind", ["reset", "malformed"])
def test_reset_and_malformed_json_are_retried(fake_api: FakeRunware, kind: str) -> None:
    fake_api.inject(Fault(kind))
    [result] = caption(captioner(fake_api), request())
    assert isinstance(result, CaptionResult)


def test_timeout_is_retried(fake_api: FakeRunware) -> None:
    # The first request is never answered (the fake keeps it far longer than the client
    # waits); the retry is answered at once. The client's 2 s limit is what is tested,
    # kept well above what a busy machine needs for an ordinary answer.
    fake_api.inject(Fault("timeout", seconds=30.0))
    [result] = caption(captioner(fake_api, timeout_s=2.0), request())
    assert isinstance(result, CaptionResult)
    assert len(fake_api.requests) == 2


def test_persistent_503_fails_the_image_with_a_transient_error(fake_api: FakeRunware) -> None:
    fake_api.inject(*[Fault("status", status=503)] * 4)
    [outcome] = caption(captioner(fake_api), request())
    assert isinstance(outcome, CaptionFailure)
    assert isinstance(outcome.error, be.ServiceBusy)
    assert outcome.error.transient
    assert "temporary problem" in outcome.error.user_message()
    assert len(fake_api.requests) == 4  # the first try and three retries


def test_rejected_key_stops_the_run_with_advice(fake_api: FakeRunware) -> None:
    with pytest.raises(be.ApiKeyRejected) as caught:
        caption(captioner(fake_api, key="wrong"), request())
    assert caught.value.stops_run
    assert "The API key was rejected" in caught.value.user_message()
    assert "RUNWARE_API_KEY" in caught.value.user_message()


@pytest.mark.parametrize(
    ("status", "error_type", "words"),
    [
        (402, be.BalanceTooLow, "balance is too low"),
        (403, be.PermissionDenied, "not allowed"),
    ],
)
def test_account_errors_stop_the_run(fake_api: FakeRunware, status, error_type, words) -> None:
    fake_api.inject(Fault("status", status=status))
    with pytest.raises(error_type) as caught:
        caption(captioner(fake_api), request())
    assert words in caught.value.user_message()


def test_legacy_error_shapes_are_understood(fake_api: FakeRunware) -> None:
    fake_api.inject(
        Fault(
            "status",
            status=401,
            body={"error": True, "errorId": 19, "errorMessage": "Invalid api key"},
        )
    )
    with pytest.raises(be.ApiKeyRejected):
        caption(captioner(fake_api), request())
    fake_api.inject(
        Fault("status", status=400, body={"error": {"code": "bad", "message": "Nope."}})
    )
    [outcome] = caption(captioner(fake_api), request())
    assert isinstance(outcome, CaptionFailure)
    assert "Nope." in outcome.error.user_message()


def test_unknown_model_is_reported_as_such(fake_api: FakeRunware) -> None:
    with pytest.raises(be.ModelNotFound) as caught:
        caption(captioner(fake_api, model="runware:999@9"), request())
    assert "does not know this model" in caught.value.user_message()


def test_half_a_batch_failing_leaves_the_other_half(fake_api: FakeRunware) -> None:
    broken = EncodedImage(b"not a jpeg at all", "image/jpeg", 10, 10)
    outcomes = caption(
        captioner(fake_api), request("good1"), request("bad", broken), request("good2")
    )
    by_id = {o.request_id: o for o in outcomes}
    assert isinstance(by_id["good1"], CaptionResult)
    assert isinstance(by_id["good2"], CaptionResult)
    failure = by_id["bad"]
    assert isinstance(failure, CaptionFailure)
    assert isinstance(failure.error, be.InvalidRequest)
    assert "could not use this image" in failure.error.user_message()
    assert len(fake_api.requests) == 1  # a permanent per-task error is not retried


def test_per_task_transient_error_is_retried_alone(fake_api: FakeRunware) -> None:
    refused: set[str] = set()

    def busy_once(task: dict) -> dict | None:
        if task["prompt"] and "busy" not in refused:
            refused.add("busy")
            return {"code": "rateLimitExceeded", "message": "Queue full."}
        return None

    fake_api.task_fault = busy_once
    outcomes = caption(captioner(fake_api), request("a"), request("b"))
    assert all(isinstance(o, CaptionResult) for o in outcomes)
    assert len(fake_api.requests) == 2
    assert len(fake_api.requests[1].tasks) == 1


def test_no_network_is_a_clear_transient_failure() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = RunwareConfig(api_url=f"http://127.0.0.1:{port}/v1", retry=FAST_RETRY)
    [outcome] = caption(RunwareCaptioner(config, "k"), request())
    assert isinstance(outcome, CaptionFailure)
    assert isinstance(outcome.error, be.NetworkUnreachable)
    assert "Could not reach the caption service at 127.0.0.1" in outcome.error.user_message()


def test_check_proves_the_key_without_captioning(fake_api: FakeRunware) -> None:
    good = captioner(fake_api)
    assert "accepted" in asyncio.run(good.check())
    assert not fake_api.caption_tasks()
    with pytest.raises(be.ApiKeyRejected):
        asyncio.run(captioner(fake_api, key="nope").check())


def test_missing_key_says_how_to_set_it() -> None:
    with pytest.raises(be.MissingApiKey) as caught:
        create(RunwareConfig(), SecretStore())
    assert "RUNWARE_API_KEY" in caught.value.user_message()
    assert "folder-captioner key set cloud" in caught.value.user_message()


def test_key_comes_from_environment_then_keyring(monkeypatch: pytest.MonkeyPatch, fake_api) -> None:
    store = SecretStore()
    store.set_secret("runware", DEFAULT_KEY)
    [result] = caption(create(RunwareConfig(api_url=fake_api.url), store), request())
    assert isinstance(result, CaptionResult)
    monkeypatch.setenv("RUNWARE_API_KEY", "from-env")
    with pytest.raises(be.ApiKeyRejected):
        caption(create(RunwareConfig(api_url=fake_api.url, retry=FAST_RETRY), store), request())
    assert fake_api.requests[-1].headers["Authorization"] == "Bearer from-env"


def test_api_key_never_reaches_logs_or_errors(fake_api: FakeRunware, caplog) -> None:
    secret = "sk-very-secret-0123456789"
    caplog.set_level(logging.DEBUG)
    with pytest.raises(be.ApiKeyRejected) as caught:
        caption(captioner(fake_api, key=secret), request())
    error = caught.value
    assert secret not in f"{error.user_message()} {error.detail}"
    assert secret not in caplog.text
