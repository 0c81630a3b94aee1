"""The fake API keeps the protocol's rules (so client tests mean something)."""

from __future__ import annotations

import base64
import io
import threading
import uuid

import httpx
import pytest
from PIL import Image

from tests.fakes.runware_server import FakeRunware


def png_b64() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (40, 70, 200)).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def post(api: FakeRunware, body: object, key: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key or api.api_key}"}
    return httpx.post(api.url, json=body, headers=headers)


def caption_task(image: str, **extra: object) -> dict:
    return {
        "taskType": "caption",
        "taskUUID": str(uuid.uuid4()),
        "model": "runware:152@1",
        "inputs": {"image": image},
        "includeCost": True,
        **extra,
    }


def test_auth_and_body_shape(fake_api: FakeRunware) -> None:
    assert post(fake_api, [], key="bad").status_code == 401
    assert post(fake_api, {"taskType": "caption"}).status_code == 400


def test_uuid_v4_is_required(fake_api: FakeRunware) -> None:
    task = caption_task(png_b64())
    task["taskUUID"] = str(uuid.uuid1())
    response = post(fake_api, [task])
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "invalidTaskUUID"


@pytest.mark.parametrize("form", ["data_uri", "bare", "upload"])
def test_every_image_form_is_decoded(fake_api: FakeRunware, form: str) -> None:
    raw = png_b64()
    image = {"data_uri": f"data:image/png;base64,{raw}", "bare": raw}.get(form, "")
    if form == "upload":
        upload = post(
            fake_api, [{"taskType": "imageUpload", "taskUUID": str(uuid.uuid4()), "image": raw}]
        )
        image = upload.json()["data"][0]["imageUUID"]
    response = post(fake_api, [caption_task(image)])
    item = response.json()["data"][0]
    assert "20x10" in item["text"]
    assert "blue" in item["text"]
    assert item["cost"] > 0


def test_url_inputs_only_from_registered_urls(fake_api: FakeRunware) -> None:
    url = "https://example.invalid/a.png"
    assert post(fake_api, [caption_task(url)]).status_code == 400
    fake_api.add_remote_image(url, base64.b64decode(png_b64()))
    assert post(fake_api, [caption_task(url)]).status_code == 200


def test_partial_failure_returns_data_and_errors(fake_api: FakeRunware) -> None:
    response = post(fake_api, [caption_task(png_b64()), caption_task("Zm9v")])
    payload = response.json()
    assert response.status_code == 200
    assert len(payload["data"]) == 1
    assert payload["errors"][0]["code"] == "invalidInputsImage"


def test_held_requests_wait_for_release(fake_api: FakeRunware) -> None:
    """``hold(answer_first=1)``: one answer, then caption requests wait (polls do not)."""
    fake_api.hold(answer_first=1)
    assert post(fake_api, [caption_task(png_b64())]).status_code == 200
    answers: list[int] = []
    waiting = threading.Thread(
        target=lambda: answers.append(post(fake_api, [caption_task(png_b64())]).status_code)
    )
    waiting.start()
    fake_api.wait_held(1)
    poll = [{"taskType": "getResponse", "taskUUID": str(uuid.uuid4())}]
    assert post(fake_api, poll).status_code == 400  # answered at once: no such task
    assert not answers
    assert [request.held for request in fake_api.requests] == [False, True, False]
    fake_api.release()
    waiting.join()
    assert answers == [200]
    assert fake_api.held == 0
