"""Settings of the local backend, with defaults measured on CPUs (shared/local-model.md).

The defaults that matter most for speed: images are downscaled to a pixel level before
they reach the model (the vision encoder's cost grows with every 28x28 cell, and
llama-cpp-python exposes no limit of its own), flash attention is on (2.6x faster
vision encoding on a CPU), threads are the physical cores (busy-waiting extra threads
slow a loaded machine down), and the context is sized from what one caption needs
instead of the model's 128k training length.
"""

from __future__ import annotations

import math
import os
import platform
import subprocess
from dataclasses import dataclass
from typing import Literal

BACKEND_ID = "local"
DEFAULT_MODEL = "qwen2.5-vl-3b"
VISION_CELL = 28  # Qwen2.5-VL: one vision token per 28x28 pixels

# Vision tokens per pixel level; the same names and numbers as core.imaging.PIXEL_LEVELS
# (backends may not import core; tests/backends/local/test_config.py checks they agree).
PIXEL_LEVEL_TOKENS: dict[str, int] = {
    "fast": 256,
    "balanced": 576,
    "detailed": 1280,
    "maximum": 4096,
}
PixelLevel = Literal["fast", "balanced", "detailed", "maximum"]
# The vision projector's weight type, for catalog models (and the pick among several
# projectors next to a model file). auto: Q8_0 where it is here or to be downloaded,
# else the F16 one already downloaded.
ProjectorChoice = Literal["auto", "q8_0", "f16"]
PROJECTOR_CHOICES: tuple[ProjectorChoice, ...] = ("auto", "q8_0", "f16")
# The chat template around the prompt (system message, role markers, vision markers).
TEMPLATE_TOKENS = 48
CONTEXT_STEP = 256


@dataclass(frozen=True)
class ImportedModel:
    """A GGUF pair the user brought (``folder-captioner models import``)."""

    name: str
    model: str
    mmproj: str


@dataclass(frozen=True)
class LocalConfig:
    """How to run a local model. Zero/None values mean "pick for this machine"."""

    model: str = DEFAULT_MODEL  # a catalog id (see 'folder-captioner models list') or a path
    mmproj: str = ""  # the vision projector; empty: the catalog's, or found next to the model
    # Which of the catalog's projectors: Q8_0 encodes an image faster than F16 on a CPU
    # for the same captions (README "Local backend"); F16 is the reference.
    vision_projector: ProjectorChoice = "auto"
    threads: int = 0  # 0: the physical cores
    gpu_layers: int | None = None  # None: all when the build can offload to a GPU, else 0
    flash_attn: bool = True
    context: int = 0  # 0: image tokens + prompt + max output tokens
    max_tokens: int = 256  # when the prompt preset sets none
    temperature: float = 0.2
    # CPU-friendly: 576 vision tokens (about 0.45 MP); raise it with a GPU.
    pixel_level: PixelLevel = "balanced"
    imported: tuple[ImportedModel, ...] = ()

    def __post_init__(self) -> None:
        if self.pixel_level not in PIXEL_LEVEL_TOKENS:
            raise ValueError(f"unknown pixel level {self.pixel_level!r}")
        if self.vision_projector not in PROJECTOR_CHOICES:
            raise ValueError(f"unknown vision projector type {self.vision_projector!r}")
        if self.threads < 0:
            raise ValueError("threads must be 0 (automatic) or more")
        if self.max_tokens < 1:
            raise ValueError("max_tokens must be at least 1")

    @property
    def max_pixels(self) -> int:
        return PIXEL_LEVEL_TOKENS[self.pixel_level] * VISION_CELL * VISION_CELL

    def imported_model(self, name: str) -> ImportedModel | None:
        return next((m for m in self.imported if m.name == name), None)


def physical_cores() -> int:
    """Physical cores this process may use: llama.cpp gains nothing from SMT siblings."""
    usable = _usable_cpus()
    cores = _linux_cores() or _macos_cores()
    if cores:
        return max(1, min(usable, cores))
    # Windows and others: x86 desktops mostly run two hardware threads per core.
    return max(1, usable // 2) if usable >= 4 else usable


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _linux_cores() -> int:
    """Distinct (package, core) pairs in /proc/cpuinfo; 0 where unavailable."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as info:
            text = info.read()
    except OSError:
        return 0
    pairs = set()
    for block in text.split("\n\n"):
        fields = {
            key.strip(): value.strip()
            for key, _, value in (line.partition(":") for line in block.splitlines())
        }
        if "core id" in fields:
            pairs.add((fields.get("physical id", "0"), fields["core id"]))
    return len(pairs)


def _macos_cores() -> int:
    if platform.system() != "Darwin":
        return 0
    try:
        out = subprocess.run(
            ["sysctl", "-n", "hw.physicalcpu"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        return int(out.stdout.strip())
    except (OSError, ValueError, subprocess.SubprocessError):
        return 0


def resolved_threads(config: LocalConfig) -> int:
    return config.threads or physical_cores()


def vision_token_bound(width: int, height: int) -> int:
    """The most tokens llama.cpp can make of this image (it rounds each side to 28 px)."""
    return math.ceil(width / VISION_CELL) * math.ceil(height / VISION_CELL)


def level_token_bound(max_pixels: int) -> int:
    """The most tokens an image within ``max_pixels`` can cost, rounding included."""
    tokens = max_pixels // (VISION_CELL * VISION_CELL)
    return tokens + 2 * math.isqrt(tokens) + 1


def context_size(vision_tokens: int, prompt_bytes: int, max_tokens: int) -> int:
    """Tokens one caption needs, rounded up: image + prompt + template + answer.

    A BPE token is at least one byte, so the prompt's UTF-8 length bounds its tokens.
    """
    needed = vision_tokens + prompt_bytes + TEMPLATE_TOKENS + max_tokens
    return math.ceil(needed / CONTEXT_STEP) * CONTEXT_STEP
