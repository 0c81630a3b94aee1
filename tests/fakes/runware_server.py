"""A faithful fake of the Runware caption API: a real HTTP server on 127.0.0.1.

It implements the protocol in shared/runware-api.md closely enough that the client is
tested against it instead of mocked transports: bearer auth, array bodies, UUIDv4
checks, model ids, every image input form (data URI, bare base64, uploaded UUID, URL)
with the image actually decoded, sync and async delivery with ``getResponse``, several
tasks per request, partial failures and cost. Faults are injected on request: any status
code (with ``Retry-After``), latency, timeouts, connection resets and malformed JSON.
And caption requests can be *held* (``hold``/``release``): the test, not the clock,
decides when the answers come, so "exactly K captions were finished when the run was
cancelled" holds on a busy machine as on an idle one.

Run it by hand for demos (no API key needed, nothing leaves the machine)::

    python -m tests.fakes.runware_server --port 8765 --latency 0.5
    RUNWARE_API_URL=http://127.0.0.1:8765/v1 RUNWARE_API_KEY=demo \\
        folder-captioner caption ~/Pictures/sample
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import io
import json
import socket
import struct
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from PIL import Image

from tests.fakes.serving import serve_in_background, stop_serving

DEFAULT_KEY = "test-key"
MODELS = {
    "runware:152@1": "Qwen2.5-VL-3B-Instruct",
    "runware:152@2": "Qwen2.5-VL-7B-Instruct",
    "runware:150@2": "LLaVA-1.6-Mistral-7B",
}
# Real captions from the cloud models' pages (shared/seeds), reused as plausible text.
SEED_SENTENCES = (
    "Two birds stand on a wooden desk cluttered with tools, jars and a magnifying glass.",
    "A dramatic solar eclipse casts a radiant halo over a bustling seaside market.",
    "Colorful hot air balloons float above two people picnicking on patterned rugs.",
    "Two men fly colorful kites amid a flock of pigeons on a rooftop at sunset.",
    "A waiter arranges small cups on a table beside a misty harbor full of boats.",
    "Scholars study manuscripts by candlelight while a white cat perches on a fountain.",
    "Students listen to a guide beneath a towering Tyrannosaurus rex skeleton.",
    "A cat lounges on a stool near a telescope as seagulls pass the arched windows.",
)
COLOR_NAMES = {
    "red": (200, 40, 40),
    "green": (40, 160, 60),
    "blue": (40, 70, 200),
    "yellow": (230, 210, 50),
    "white": (240, 240, 240),
    "black": (15, 15, 15),
    "grey": (128, 128, 128),
    "orange": (240, 140, 30),
    "purple": (130, 50, 160),
    "brown": (120, 80, 40),
}


@dataclass
class Fault:
    """What to do to one incoming request instead of (or before) answering it."""

    kind: str  # status | reset | malformed | timeout | latency
    status: int = 500
    retry_after: str | None = None
    seconds: float = 0.0
    body: Any = None


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: bytes
    tasks: list[dict[str, Any]]
    received_at: float
    held: bool = False  # held by ``hold`` before it was answered


@dataclass
class _Job:
    task: dict[str, Any]
    ready_at: float
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    polls: int = 0


@dataclass
class FakeRunware:
    """The fake API; start with ``with FakeRunware() as api:`` and use ``api.url``."""

    api_key: str = DEFAULT_KEY
    latency: float = 0.0
    async_delay: float = 0.3
    # When set, an async job is ready on its Nth getResponse instead of after
    # async_delay seconds: the test, not the clock, decides how many polls see it run.
    async_ready_on_poll: int | None = None
    host: str = "127.0.0.1"
    port: int = 0
    task_fault: Callable[[dict[str, Any]], dict[str, Any] | None] | None = None
    reverse_results: bool = False  # prove the client matches by taskUUID, not position
    # How the "model" answers: given the task and the fake's own caption, the text to
    # return (a model that follows a JSON instruction, or one that botches it).
    answer: Callable[[dict[str, Any], str], str] | None = None
    requests: list[RecordedRequest] = field(default_factory=list)
    max_concurrent: int = 0
    _faults: deque[Fault] = field(default_factory=deque)
    _uploads: dict[str, bytes] = field(default_factory=dict)
    _remote: dict[str, bytes] = field(default_factory=dict)
    _jobs: dict[str, _Job] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _active: int = 0
    _server: ThreadingHTTPServer | None = None
    # hold(): how many more caption requests are answered before the rest wait (None:
    # no hold), and how many wait now; a Condition so waiting tests and handlers wake.
    _answer_budget: int | None = None
    _held: int = 0
    _hold_changed: threading.Condition = field(default_factory=threading.Condition)

    # -- lifecycle -----------------------------------------------------------------
    def start(self) -> FakeRunware:
        handler = type("Handler", (_Handler,), {"fake": self})
        server = ThreadingHTTPServer((self.host, self.port), handler)
        server.request_queue_size = 256
        self._server = serve_in_background(server, "fake-runware")
        self.port = server.server_address[1]
        return self

    def stop(self) -> None:
        self.release()  # held handler threads answer (to a client that may be gone)
        stop_serving(self._server)
        self._server = None

    def __enter__(self) -> FakeRunware:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    # -- test controls ---------------------------------------------------------------
    def inject(self, *faults: Fault) -> None:
        """Apply these faults to the next requests, one request each, in order."""
        with self._lock:
            self._faults.extend(faults)

    def hold(self, answer_first: int = 0) -> None:
        """Answer ``answer_first`` more caption requests, then hold every later one
        (the request is received and recorded, its answer waits) until ``release``."""
        with self._hold_changed:
            self._answer_budget = answer_first
            self._hold_changed.notify_all()

    def release(self) -> None:
        """Answer the held requests, and every later one at once."""
        with self._hold_changed:
            self._answer_budget = None
            self._hold_changed.notify_all()

    @property
    def held(self) -> int:
        """How many caption requests are waiting for ``release`` now."""
        with self._hold_changed:
            return self._held

    def wait_held(self, count: int, timeout: float = 60.0) -> None:
        """Block until ``count`` caption requests are held (a generous timeout: only a
        client that never sends them runs into it)."""
        with self._hold_changed:
            if not self._hold_changed.wait_for(lambda: self._held >= count, timeout):
                raise AssertionError(f"{self._held} request(s) held, expected {count}")

    def _wait_if_held(self, request: RecordedRequest) -> None:
        tasks = request.tasks
        if not any(
            isinstance(t, dict) and t.get("taskType") in ("caption", "imageCaption") for t in tasks
        ):
            return  # only caption requests are held, never polls, uploads or key checks
        with self._hold_changed:
            if self._answer_budget is None:
                return
            if self._answer_budget > 0:
                self._answer_budget -= 1
                return
            request.held = True
            self._held += 1
            self._hold_changed.notify_all()
            self._hold_changed.wait_for(lambda: self._answer_budget is None)
            self._held -= 1
            self._hold_changed.notify_all()

    def add_remote_image(self, url: str, data: bytes) -> None:
        """Serve ``data`` when a task names ``url`` (the fake never leaves 127.0.0.1)."""
        self._remote[url] = data

    def caption_tasks(self) -> list[dict[str, Any]]:
        return [
            t
            for r in self.requests
            for t in r.tasks
            if t.get("taskType") in ("caption", "imageCaption")
        ]

    @property
    def bytes_received(self) -> int:
        return sum(len(r.body) for r in self.requests)

    # -- request processing ------------------------------------------------------------
    def _next_fault(self) -> Fault | None:
        with self._lock:
            return self._faults.popleft() if self._faults else None

    def _enter(self) -> None:
        with self._lock:
            self._active += 1
            self.max_concurrent = max(self.max_concurrent, self._active)

    def _leave(self) -> None:
        with self._lock:
            self._active -= 1

    def handle_tasks(self, tasks: list[Any]) -> tuple[int, dict[str, Any]]:
        data: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        seen: set[str] = set()
        for task in tasks:
            item, error = self._one_task(task, seen)
            if item is not None:
                data.append(item)
            if error is not None:
                errors.append(error)
        if self.reverse_results:
            data.reverse()
        body: dict[str, Any] = {"data": data}
        if errors:
            body["errors"] = errors
        status = 400 if errors and not data else 200
        return status, body

    def _one_task(
        self, task: Any, seen: set[str]
    ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        if not isinstance(task, dict):
            return None, _error("invalidTask", "Each task must be an object.", "task")
        task_type = task.get("taskType")
        task_uuid = task.get("taskUUID")
        if not _is_uuid4(task_uuid):
            return None, _error(
                "invalidTaskUUID", "taskUUID must be a UUID v4.", "taskUUID", task_type, task_uuid
            )
        assert isinstance(task_uuid, str)
        if task_uuid in seen:
            return None, _error(
                "duplicateTaskUUID", "taskUUID repeated.", "taskUUID", task_type, task_uuid
            )
        seen.add(task_uuid)
        if task_type in ("caption", "imageCaption"):
            return self._caption_task(task)
        if task_type == "getResponse":
            return self._get_response(task)
        if task_type == "imageUpload":
            return self._upload(task)
        return None, _error(
            "unsupportedTaskType",
            f"Unknown taskType {task_type!r}.",
            "taskType",
            task_type,
            task_uuid,
        )

    def _caption_task(
        self, task: dict[str, Any]
    ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        task_type, task_uuid = task["taskType"], task["taskUUID"]
        model = task.get("model", "runware:152@1" if task_type == "imageCaption" else None)
        if model not in MODELS:
            return None, _error(
                "invalidModel", f"Model {model!r} does not exist.", "model", task_type, task_uuid
            )
        prompt = task.get("prompt", "")
        if not isinstance(prompt, str) or len(prompt) > 3000:
            return None, _error(
                "invalidPrompt", "prompt must be text.", "prompt", task_type, task_uuid
            )
        source = (
            task.get("inputs", {}).get("image")
            if task_type == "caption"
            else task.get("inputImage")
        )
        parameter = "inputs.image" if task_type == "caption" else "inputImage"
        try:
            image = self._decode(source)
        except ValueError as exc:
            return None, _error(
                "invalidInputsImage" if task_type == "caption" else "invalidInputImage",
                f"Invalid value for {parameter} parameter: {exc}",
                parameter,
                task_type,
                task_uuid,
            )
        if self.task_fault is not None:
            fault = self.task_fault(task)
            if fault is not None:
                return None, {**fault, "taskType": task_type, "taskUUID": task_uuid}
        text = caption_for(image, model)
        if self.answer is not None:
            text = self.answer(task, text)
        result = {"taskType": task_type, "taskUUID": task_uuid, "text": text}
        if task.get("includeCost"):
            result["cost"] = cost_for(result["text"])
        if task.get("deliveryMethod") == "async":
            with self._lock:
                self._jobs[task_uuid] = _Job(task, time.monotonic() + self.async_delay, result)
            return {"taskType": task_type, "taskUUID": task_uuid}, None
        return result, None

    def _get_response(
        self, task: dict[str, Any]
    ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        with self._lock:
            job = self._jobs.get(task["taskUUID"])
        if job is None:
            return None, _error(
                "taskNotFound",
                "No task with this taskUUID.",
                "taskUUID",
                "getResponse",
                task["taskUUID"],
            )
        with self._lock:
            job.polls += 1
            polls = job.polls
        ready_on = self.async_ready_on_poll
        if (polls < ready_on) if ready_on is not None else (time.monotonic() < job.ready_at):
            return {
                "taskType": job.task["taskType"],
                "taskUUID": task["taskUUID"],
                "status": "processing",
            }, None
        assert job.result is not None
        return {**job.result, "status": "success"}, None

    def _upload(self, task: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        try:
            self._decode(task.get("image"))
        except ValueError as exc:
            return None, _error("invalidImage", str(exc), "image", "imageUpload", task["taskUUID"])
        image_uuid = str(uuid.uuid4())
        self._uploads[image_uuid] = _raw_bytes(task["image"], self._uploads, self._remote)
        return {
            "taskType": "imageUpload",
            "taskUUID": task["taskUUID"],
            "imageUUID": image_uuid,
            "imageURL": f"http://{self.host}:{self.port}/images/{image_uuid}.jpg",
        }, None

    def _decode(self, source: Any) -> Image.Image:
        data = _raw_bytes(source, self._uploads, self._remote)
        try:
            image = Image.open(io.BytesIO(data))
            image.load()
        except Exception as exc:
            raise ValueError(f"the image could not be decoded ({type(exc).__name__})") from exc
        if image.format not in ("JPEG", "PNG", "WEBP", "BMP", "GIF"):
            raise ValueError(f"unsupported image format {image.format}")
        return image


def _raw_bytes(source: Any, uploads: dict[str, bytes], remote: dict[str, bytes]) -> bytes:
    if not isinstance(source, str) or not source:
        raise ValueError("missing image")
    if source.startswith("data:"):
        header, _, payload = source.partition(",")
        if ";base64" not in header:
            raise ValueError("data URI must be base64")
        return _b64(payload)
    if source.startswith(("http://", "https://")):
        if source not in remote:
            raise ValueError("the URL could not be downloaded")
        return remote[source]
    if _is_uuid(source):
        if source not in uploads:
            raise ValueError("unknown image UUID")
        return uploads[source]
    return _b64(source)


def _b64(payload: str) -> bytes:
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("invalid base64") from exc


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _is_uuid4(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return False
    return parsed.version == 4 and str(parsed) == value.lower()


def _error(
    code: str,
    message: str,
    parameter: str,
    task_type: str | None = None,
    task_uuid: str | None = None,
) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message, "parameter": parameter}
    if task_type:
        error["taskType"] = task_type
    if task_uuid:
        error["taskUUID"] = task_uuid
    return error


def caption_for(image: Image.Image, model: str) -> str:
    """A deterministic caption that says what the fake actually saw (size, colour)."""
    small = image.convert("RGB").resize((1, 1), Image.Resampling.BOX)
    pixel = small.getpixel((0, 0))
    assert isinstance(pixel, tuple)
    color = min(
        COLOR_NAMES,
        key=lambda n: sum((a - b) ** 2 for a, b in zip(COLOR_NAMES[n], pixel, strict=False)),
    )
    shape = (
        "landscape"
        if image.width > image.height
        else "portrait"
        if image.height > image.width
        else "square"
    )
    digest = hashlib.sha256(image.tobytes()[:65536]).digest()
    first = SEED_SENTENCES[digest[0] % len(SEED_SENTENCES)]
    text = f"A {shape} {image.width}x{image.height} picture dominated by {color}. {first}"
    if model == "runware:152@2":
        text += " " + SEED_SENTENCES[digest[1] % len(SEED_SENTENCES)]
    return text


def cost_for(text: str) -> float:
    """The published price steps: longer captions cost more."""
    if len(text) < 220:
        return 0.0013
    if len(text) < 420:
        return 0.0019
    return 0.0026


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    fake: FakeRunware

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: tests assert on recorded requests instead

    def do_POST(self) -> None:
        fake = self.fake
        fake._enter()
        try:
            self._post(fake)
        finally:
            fake._leave()

    def do_GET(self) -> None:
        self._send(404, {"errors": [_error("notFound", "Use POST /v1.", "path")]})

    def _post(self, fake: FakeRunware) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        fault = fake._next_fault()
        try:
            tasks = json.loads(body)
        except ValueError:
            tasks = None
        recorded = RecordedRequest(
            self.path,
            dict(self.headers.items()),
            body,
            tasks if isinstance(tasks, list) else [],
            time.monotonic(),
        )
        fake.requests.append(recorded)
        fake._wait_if_held(recorded)
        if fault is not None and self._apply_fault(fault):
            return
        if fake.latency:
            time.sleep(fake.latency)
        if self.headers.get("Authorization", "") != f"Bearer {fake.api_key}":
            self._send(
                401,
                {
                    "errors": [
                        {
                            "code": "invalidApiKey",
                            "message": "Invalid API key.",
                            "parameter": "apiKey",
                            "taskType": "authentication",
                        }
                    ]
                },
            )
            return
        if not isinstance(tasks, list) or not tasks:
            self._send(
                400,
                {"errors": [_error("invalidRequestBody", "Body must be a JSON array.", "body")]},
            )
            return
        status, payload = fake.handle_tasks(tasks)
        self._send(status, payload)

    def _apply_fault(self, fault: Fault) -> bool:
        """True when the fault replaced the answer."""
        if fault.kind == "latency":
            time.sleep(fault.seconds)
            return False
        if fault.kind == "timeout":
            time.sleep(fault.seconds)
            self.close_connection = True
            return True
        if fault.kind == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return True
        if fault.kind == "malformed":
            self._send_raw(200, b'{"data": [{"taskType": "caption", "text": ')
            return True
        body = fault.body or {
            "errors": [_error(f"http{fault.status}", f"Injected HTTP {fault.status}.", "request")]
        }
        headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
        self._send(fault.status, body, headers)
        return True

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        self._send_raw(status, json.dumps(payload).encode("utf-8"), headers)

    def _send_raw(self, status: int, raw: bytes, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the fake Runware caption API.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--latency", type=float, default=0.5, help="seconds per request")
    parser.add_argument("--key", default="demo", help="the API key it accepts")
    args = parser.parse_args()
    fake = FakeRunware(api_key=args.key, latency=args.latency, port=args.port).start()
    print(f"Fake Runware API on {fake.url} (key {args.key!r}); Ctrl-C to stop.", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
