"""llama-cpp-python's own OpenAI-compatible server, serving a tiny model on 127.0.0.1.

A real server for the ``openai`` backend's tests: ``python -m llama_cpp.server`` (the
package's ``server`` extra) with the Qwen2.5-VL chat format and the model's projector,
in a subprocess.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from desktop_app.backends.local.cpu_variants import plain_llama_env
from tests.fakes.tiny_models import ModelPair

MODEL_ALIAS = "tiny-qwen2.5-vl"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LlamaServer:
    """``with LlamaServer(pair, api_key) as server: server.base_url``."""

    def __init__(self, pair: ModelPair, api_key: str | None = None, log: Path | None = None):
        self.pair = pair
        self.api_key = api_key
        self.port = free_port()
        self.log = log
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> LlamaServer:
        command = [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model", str(self.pair.model),
            "--clip_model_path", str(self.pair.mmproj),
            "--chat_format", "qwen2.5-vl",
            "--model_alias", MODEL_ALIAS,
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--n_ctx", "4096",
            "--n_threads", "1",
            "--n_threads_batch", "1",
            "--verbose", "false",
        ]  # fmt: skip
        if self.api_key:
            command += ["--api_key", self.api_key]
        output = self.log.open("wb") if self.log else subprocess.DEVNULL
        # llama.cpp's own loader does not look in llama_cpp/lib: name the CPU backend
        env = {**os.environ, "OMP_WAIT_POLICY": "passive", **plain_llama_env()}
        self._process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env)
        self._wait_until_ready()
        return self

    def _wait_until_ready(self, timeout_s: float = 120.0) -> None:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited with {self._process.returncode}")
            try:
                if httpx.get(f"{self.base_url}/models", headers=headers, timeout=1).is_success:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("llama_cpp.server did not start in time")

    def __exit__(self, *_exc: object) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
