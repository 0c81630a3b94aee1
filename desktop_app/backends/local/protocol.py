"""The messages between the app and its inference worker process: plain, picklable values.

Kept apart from the worker's code so both sides import the same definitions without
either importing llama_cpp.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class WorkerSpec:
    """Everything the worker needs to load a model once."""

    model: str
    mmproj: str
    n_ctx: int
    threads: int
    gpu_layers: int | None  # None: all when the build can offload, else 0
    flash_attn: bool
    log_path: str  # native logs (llama.cpp, ggml) go here, for crash reports
    # The CPU backend library to load (cpu_variants.VariantChoice.library); "" for a
    # build whose CPU code is built in.
    cpu_library: str = ""


@dataclass(frozen=True)
class CaptionJob:
    request_id: str
    image: bytes
    mime_type: str
    prompt: str
    max_tokens: int
    temperature: float
    seed: int | None = None
    # A JSON schema (as JSON text): the answer is decoded under the grammar made from
    # it, so it is valid JSON of that shape whatever the model would rather say.
    json_schema: str = ""


@dataclass(frozen=True)
class Loaded:
    """The worker's first message: the model is ready."""

    load_s: float
    n_ctx: int
    gpu_layers: int
    threads: int
    gpu_offload: bool
    system_info: str


@dataclass(frozen=True)
class JobDone:
    request_id: str
    text: str
    timings: dict[str, float] = field(default_factory=dict)
    usage: dict[str, int] = field(default_factory=dict)
    trace: JobTrace | None = None


@dataclass(frozen=True)
class JobTrace:
    """When the worker had this request, on its own clock (``time.perf_counter``).

    ``waited_s`` is how long the worker sat idle before this request reached it (since
    its previous answer, or since loading); ``next_queued`` says whether the next
    request was already waiting in the pipe when this one was answered: the app keeps
    the worker busy when both hold.
    """

    received: float
    finished: float
    waited_s: float
    next_queued: bool


@dataclass(frozen=True)
class WorkerFailure:
    """A Python-level failure inside the worker (native crashes end the process instead)."""

    request_id: str | None  # None: loading failed
    kind: str  # the exception type name
    message: str


@dataclass(frozen=True)
class BuildInfo:
    """What ``folder-captioner doctor`` reports about the llama.cpp build."""

    llama_cpp_version: str
    gpu_offload: bool
    system_info: str
    physical_cores: int
    devices: tuple[str, ...] = ()  # what ggml registered: "CPU: ...", "CUDA0: ..."
    cpu_library: str = ""  # the CPU backend file loaded; "" when built in
    cpu_variant: str = ""  # the app's choice (cpu_variants.VariantChoice.summary)
    cpu_reason: str = ""  # ... and why
    cpu_variants: int = 0  # how many variants the build carries


STOP = "stop"
