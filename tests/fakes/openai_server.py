"""A small fake OpenAI-compatible server on 127.0.0.1, for faults a real one won't make.

The ``openai`` backend is tested against llama-cpp-python's real server
(:mod:`tests.fakes.llama_server`); this fake adds what that server cannot be asked to
do on cue: busy answers (429 with ``Retry-After``, 503), unreadable replies, unknown
models, oversized images. Each answer is a real HTTP exchange.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes.serving import serve_in_background, stop_serving


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # a dict is sent as JSON, bytes as they are
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FakeOpenAI:
    models: tuple[str, ...] = ("qwen2.5vl:3b",)
    replies: deque[Reply] = field(default_factory=deque)  # consumed before normal answers
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers_seen: list[dict[str, str]] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_port}/v1"

    def queue(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def __enter__(self) -> FakeOpenAI:
        fake = self

        class Handler(_Handler):
            server_state = fake

        self._server = serve_in_background(
            ThreadingHTTPServer(("127.0.0.1", 0), Handler), "fake-openai"
        )
        return self

    def __exit__(self, *_exc: object) -> None:
        stop_serving(self._server)


class _Handler(BaseHTTPRequestHandler):
    server_state: FakeOpenAI
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        if self.path.endswith("/models"):
            data = [{"id": name, "object": "model"} for name in self.server_state.models]
            self._send(Reply(200, {"object": "list", "data": data}))
        else:
            self._send(Reply(404, {"error": {"message": "not found"}}))

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        state = self.server_state
        state.requests.append(body)
        state.headers_seen.append(dict(self.headers))
        if state.replies:
            self._send(state.replies.popleft())
            return
        if body.get("model") not in state.models:
            message = f"model '{body.get('model')}' not found"
            self._send(Reply(404, {"error": {"message": message, "type": "not_found"}}))
            return
        self._send(
            Reply(
                200,
                {
                    "id": "chatcmpl-1",
                    "object": "chat.completion",
                    "model": body["model"],
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": " A red test image. "},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 300, "completion_tokens": 6, "total_tokens": 306},
                    "timings": {"prompt_ms": 120.0, "predicted_ms": 60.0},
                },
            )
        )

    def _send(self, reply: Reply) -> None:
        data = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
