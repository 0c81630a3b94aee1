"""Running a fake HTTP server on a thread of its own, and stopping it (shared by the
fake cloud API, the fake OpenAI-compatible server and the fake Hugging Face hub)."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer


def serve_in_background(server: ThreadingHTTPServer, name: str) -> ThreadingHTTPServer:
    """Serve on a daemon thread (one daemon thread per request too), polling for
    shutdown every 50 ms so a test's teardown is quick."""
    server.daemon_threads = True
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=name, daemon=True
    ).start()
    return server


def stop_serving(server: ThreadingHTTPServer | None) -> None:
    if server is not None:
        server.shutdown()
        server.server_close()
