"""Shared by the local backend tests: images, requests and running a captioner."""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from PIL import Image

from desktop_app.backends.base import CaptionRequest, EncodedImage
from desktop_app.backends.local.captioner import LocalCaptioner, create
from desktop_app.backends.local.config import LocalConfig
from tests.images import noisy_image

T = TypeVar("T")
PROMPT = "Write a concise caption for this image."


def jpeg(size: tuple[int, int] = (448, 336), seed: int = 0) -> EncodedImage:
    buffer = io.BytesIO()
    noisy_image(size, (200, 40, 40), seed).save(buffer, "JPEG", quality=90)
    return EncodedImage(buffer.getvalue(), "image/jpeg", *size)


def png(size: tuple[int, int] = (280, 196)) -> EncodedImage:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(buffer, "PNG")
    return EncodedImage(buffer.getvalue(), "image/png", *size)


def request(
    name: str = "a.jpg",
    image: EncodedImage | None = None,
    *,
    prompt: str = PROMPT,
    max_tokens: int = 12,
    temperature: float = 0.0,
) -> CaptionRequest:
    return CaptionRequest(name, image or jpeg(), prompt, max_tokens, temperature)


def local(model: Path | str, mmproj: Path | str = "", **changes: Any) -> LocalCaptioner:
    return create(LocalConfig(model=str(model), mmproj=str(mmproj), threads=1, **changes), None)  # type: ignore[arg-type]


def run(make: Callable[[], Awaitable[T]]) -> T:
    return asyncio.run(make())  # type: ignore[arg-type]


def alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used so far (Linux: /proc/PID/stat, utime + stime)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def worked_on_it(pid: int, cpu_s: float) -> None:
    """Until the (otherwise idle) worker has spent ``cpu_s`` of CPU time on the job: a
    point well into the work on any machine, where a fixed wait is not on a busy one."""
    start = cpu_seconds(pid)
    while cpu_seconds(pid) - start < cpu_s:
        await asyncio.sleep(0.02)
