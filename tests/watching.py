"""A real watch service on a temp folder, captioning through the fake cloud API.

Every test image gets its own pixel size (``tiny_png(path, n)``), and the fake API
captions what it decodes, so ``sizes_sent`` tells exactly which images reached the
server and how often: the duplicate count the tests assert on.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image

from desktop_app.backends.retry import RetryPolicy
from desktop_app.backends.runware import RunwareCaptioner, RunwareConfig
from desktop_app.core.imaging import PIXEL_LEVELS
from desktop_app.core.library import ImageRecord, Library
from desktop_app.core.pipeline import PromptChoice, RunOptions
from desktop_app.core.watch.fstype import WatchMode
from desktop_app.core.watch.service import RetrySchedule, WatchConfig, WatchService
from desktop_app.metadata.registry import writer_set
from tests.fakes.runware_server import DEFAULT_KEY, FakeRunware
from tests.images import noisy_image

PROMPT = PromptChoice("Write a concise caption.", preset="concise")
NO_HTTP_RETRY = RetryPolicy(max_retries=0, base_delay_s=0.01, jitter_s=0.0)


def size_for(index: int) -> tuple[int, int]:
    return 8 + index % 50, 8 + index // 50


def png_bytes(index: int) -> bytes:
    buffer = io.BytesIO()
    noisy_image(size_for(index), (index * 37 % 256, 90, 160), seed=index).save(buffer, "PNG")
    return buffer.getvalue()


def tiny_png(path: Path, index: int) -> Path:
    """A small PNG whose pixel size identifies it (``size_for(index)``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png_bytes(index))
    return path


def sizes_sent(api: FakeRunware) -> Counter[tuple[int, int]]:
    """How many caption tasks the server received per image size."""
    sizes: Counter[tuple[int, int]] = Counter()
    for task in api.caption_tasks():
        data = base64.b64decode(task["inputs"]["image"].split(",", 1)[1])
        with Image.open(io.BytesIO(data)) as image:
            sizes[image.size] += 1
    return sizes


def wait_for(predicate: Callable[[], object], timeout: float = 60.0, what: str = "") -> None:
    """Poll ``predicate`` until it holds. The timeout only decides when a hang is
    reported: generous, since a busy machine may take seconds for what takes
    milliseconds on an idle one, and a test must not fail for that."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")


class Recorder:
    """Events with the time they arrived; thread-safe."""

    def __init__(self) -> None:
        self.events: list[tuple[float, Any]] = []
        self.listeners: list[Callable[[Any], None]] = []  # called after recording
        self._lock = threading.Lock()

    def __call__(self, event: Any) -> None:
        with self._lock:
            self.events.append((time.time(), event))
        for listener in self.listeners:
            listener(event)

    def of(self, kind: type) -> list[Any]:
        with self._lock:
            return [event for _, event in self.events if isinstance(event, kind)]

    def times(self, kind: type) -> list[float]:
        with self._lock:
            return [at for at, event in self.events if isinstance(event, kind)]


class WatchHarness:
    def __init__(self, tmp_path: Path, api: FakeRunware, mode: WatchMode) -> None:
        self.tmp = tmp_path
        self.api = api
        self.mode = mode
        self.root = tmp_path / "watched"
        self.root.mkdir(parents=True, exist_ok=True)
        self.library = Library(tmp_path / "index" / "library.sqlite3")
        self.events = Recorder()
        self.service: WatchService | None = None

    def config(self, **changes: Any) -> WatchConfig:
        base = WatchConfig(
            (self.root,),
            mode=self.mode,
            settle_s=0.3,
            incomplete_timeout_s=2.0,
            poll_interval_s=0.1,
            root_check_s=0.1,
            rescan_interval_s=3600.0,
            stop_grace_s=5.0,
            blocked_retry_s=60.0,
            retry=RetrySchedule(max_attempts=4, base_delay_s=0.2, max_delay_s=1.0),
        )
        return dataclasses.replace(base, **changes)

    def start(self, *, key: str = DEFAULT_KEY, overwrite: bool = False, **changes: Any) -> None:
        captioner = RunwareCaptioner(
            RunwareConfig(api_url=self.api.url, batch_size=4, max_in_flight=4, retry=NO_HTTP_RETRY),
            key,
        )
        options = RunOptions(PROMPT, PIXEL_LEVELS["fast"], overwrite=overwrite, batch_linger_s=0.02)
        self.service = WatchService(
            self.config(**changes),
            captioner,
            writer_set(["txt"]),
            options,
            self.library,
            on_event=self.events,
        )
        self.service.start()

    @property
    def running(self) -> WatchService:
        assert self.service is not None
        return self.service

    def stop(self) -> None:
        if self.service is not None:
            self.service.stop(60)
            self.service = None

    def close(self) -> None:
        self.stop()
        self.library.close()

    def record(self, path: Path) -> ImageRecord | None:
        return self.library.image_by_path(path)

    def caption_count(self, path: Path) -> int:
        record = self.record(path)
        return len(self.library.history(record.id)) if record else 0

    def captions_per_image(self) -> Counter[str]:
        rows = self.library.rows(
            "SELECT i.path, COUNT(c.id) FROM images i JOIN captions c ON c.image_id = i.id "
            "GROUP BY i.id"
        )
        return Counter({row[0]: row[1] for row in rows})

    def wait_captioned(self, *paths: Path, timeout: float = 60.0) -> None:
        wait_for(
            lambda: all(p.with_suffix(".txt").exists() for p in paths),
            timeout,
            f"captions for {[p.name for p in paths]}",
        )

    def settle_down(self, timeout: float = 60.0) -> None:
        """Idle, then long enough that a late duplicate would have shown up."""
        assert self.running.wait_idle(timeout)
        time.sleep(0.5)
        assert self.running.wait_idle(timeout)
