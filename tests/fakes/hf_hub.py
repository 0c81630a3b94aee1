"""A fake Hugging Face Hub on 127.0.0.1: the requests huggingface_hub really makes.

Read from huggingface_hub 2.4's ``file_download``: ``HEAD {endpoint}/{repo}/resolve/
{revision}/{file}`` answered, for a large (LFS) file, with a redirect whose headers carry
``X-Repo-Commit``, ``X-Linked-Etag`` (the SHA-256) and ``X-Linked-Size``; then ``GET`` of
the redirect target, with ``Range: bytes=N-`` when resuming. Point ``HF_ENDPOINT`` (or the
manager's ``endpoint``) at :attr:`FakeHub.url`.

Faults for tests: a transfer cut after N bytes (the connection drops mid-body), GETs
refused with 503 for a while, and a file served with damaged bytes under its true digest.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.fakes.serving import serve_in_background, stop_serving


@dataclass(frozen=True)
class HubFile:
    repo_id: str
    revision: str
    filename: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Recorded:
    method: str
    path: str
    range: str | None


@dataclass
class FakeHub:
    files: list[HubFile] = field(default_factory=list)
    cut_after: dict[str, int] = field(default_factory=dict)  # filename -> bytes, once
    refuse_after_cut: int = 0  # after a cut, this many GETs answer 503 (the hub is away)
    refuse_gets: int = 0  # this many GETs answer 503
    corrupt: set[str] = field(default_factory=set)  # filenames served with damaged bytes
    requests: list[Recorded] = field(default_factory=list)
    bytes_sent: dict[str, int] = field(default_factory=dict)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_port}"

    def add(self, repo_id: str, revision: str, filename: str, data: bytes) -> HubFile:
        hub_file = HubFile(repo_id, revision, filename, data)
        self.files.append(hub_file)
        return hub_file

    def find(self, repo_id: str, revision: str, filename: str) -> HubFile | None:
        return next(
            (
                f
                for f in self.files
                if (f.repo_id, f.revision, f.filename) == (repo_id, revision, filename)
            ),
            None,
        )

    def by_sha(self, sha: str) -> HubFile | None:
        return next((f for f in self.files if f.sha256 == sha), None)

    def gets(self, filename: str) -> list[Recorded]:
        sha = next(f.sha256 for f in self.files if f.filename == filename)
        return [r for r in self.requests if r.method == "GET" and sha in r.path]

    def __enter__(self) -> FakeHub:
        hub = self

        class Handler(_Handler):
            fake = hub

        self._server = serve_in_background(_QuietServer(("127.0.0.1", 0), Handler), "fake-hub")
        return self

    def __exit__(self, *_exc: object) -> None:
        stop_serving(self._server)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up (a cancelled download) is not an error here."""


_RESOLVE = re.compile(r"^/(?P<repo>[^/]+/[^/]+)/resolve/(?P<rev>[^/]+)/(?P<file>.+)$")
_CDN = re.compile(r"^/cdn/(?P<sha>[0-9a-f]{64})$")
_RANGE = re.compile(r"^bytes=(\d+)-$")


class _Handler(BaseHTTPRequestHandler):
    fake: FakeHub
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def _record(self) -> None:
        with self.fake._lock:
            self.fake.requests.append(Recorded(self.command, self.path, self.headers.get("Range")))

    def do_HEAD(self) -> None:
        self._record()
        self._answer(body=False)

    def do_GET(self) -> None:
        self._record()
        self._answer(body=True)

    def _answer(self, *, body: bool) -> None:
        path = self.path.split("?", 1)[0]
        if match := _RESOLVE.match(path):
            hub_file = self.fake.find(match["repo"], match["rev"], match["file"])
            if hub_file is None:
                self._status(404, {"X-Error-Code": "EntryNotFound"})
                return
            # Large files live on a CDN: redirect, with the file's metadata on the redirect.
            self._status(302, {**_metadata(hub_file), "Location": f"/cdn/{hub_file.sha256}"})
            return
        if match := _CDN.match(path):
            hub_file = self.fake.by_sha(match["sha"])
            if hub_file is None:
                self._status(404, {})
                return
            if body and self._refused():
                self._status(503, {})
                return
            self._send_file(hub_file, body)
            return
        self._status(404, {})

    def _refused(self) -> bool:
        with self.fake._lock:
            if self.fake.refuse_gets > 0:
                self.fake.refuse_gets -= 1
                return True
        return False

    def _send_file(self, hub_file: HubFile, body: bool) -> None:
        data = hub_file.data
        if hub_file.filename in self.fake.corrupt:
            data = bytes(b ^ 0x5A for b in data[:64]) + data[64:]
        start = 0
        wanted = _RANGE.match(self.headers.get("Range", "") or "")
        if wanted:
            start = int(wanted.group(1))
        part = data[start:]
        headers = {**_metadata(hub_file), "Content-Length": str(len(part))}
        if wanted:
            headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
        self.send_response(206 if wanted else 200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        if not body:
            return
        with self.fake._lock:
            cut = self.fake.cut_after.pop(hub_file.filename, None)
            if cut is not None:
                self.fake.refuse_gets += self.fake.refuse_after_cut
        if cut is not None:
            part = part[:cut]
        self.wfile.write(part)
        self.wfile.flush()
        with self.fake._lock:
            sent = self.fake.bytes_sent.get(hub_file.filename, 0)
            self.fake.bytes_sent[hub_file.filename] = sent + len(part)
        if cut is not None:
            self.close_connection = True
            self.connection.shutdown(2)

    def _status(self, code: int, headers: dict[str, str]) -> None:
        self.send_response(code)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()


def _metadata(hub_file: HubFile) -> dict[str, str]:
    return {
        "X-Repo-Commit": hub_file.revision,
        "X-Linked-Etag": f'"{hub_file.sha256}"',
        "X-Linked-Size": str(len(hub_file.data)),
        "ETag": f'"{hub_file.sha256}"',
    }
