"""The local captioner: the Captioner protocol over one worker process.

A local model serves one image at a time (``batch_size`` and ``max_in_flight`` are 1).
The worker is started on first use and kept for the run; its context is sized from
the pixel level, the prompt and the longest answer, and grown (by restarting the
worker) only if a request needs more. A crash fails the image it happened on and the
next image gets a fresh worker; a crash that repeats, or that comes from the CPU
itself, stops the run instead of reloading the model for every image.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.backends.base import (
    CaptionFailure,
    CaptionOutcome,
    CaptionRequest,
    ImageLimits,
    SecretSource,
    caption_result,
)
from desktop_app.backends.local.catalog import find_entry, looks_like_path
from desktop_app.backends.local.config import (
    BACKEND_ID,
    LocalConfig,
    context_size,
    level_token_bound,
    resolved_threads,
    vision_token_bound,
)
from desktop_app.backends.local.errors import (
    InferenceFailed,
    ModelFileMissing,
    ModelLoadFailed,
    ModelNotDownloaded,
    WorkerCrashed,
)
from desktop_app.backends.local.manager import ModelManager
from desktop_app.backends.local.pairs import ModelPair, check_pair, require_projector
from desktop_app.backends.local.protocol import CaptionJob, JobDone, Loaded, WorkerSpec
from desktop_app.backends.local.worker import (
    LoadFailed,
    WorkerDied,
    WorkerProcess,
    describe_exit,
    new_log_path,
)
from desktop_app.backends.structured import (
    OutputSchema,
    answer_token_limit,
    prompt_with_instructions,
)
from desktop_app.i18n import gettext, lazy_gettext, ngettext

log = logging.getLogger(__name__)
CRASHES_BEFORE_STOPPING = 2
# check() loads the model before any prompt is known: room for a prompt this long.
CHECK_PROMPT_BYTES = 256


@dataclass(frozen=True)
class ModelChoice:
    """Where a configured model's files are, before they are checked."""

    name: str  # what results record as the model: a catalog id or a file name
    model: Path
    mmproj: str  # empty: look next to the model


def choose_model(config: LocalConfig, manager: ModelManager | None = None) -> ModelChoice:
    """Catalog id, imported name or path -> files. Reads only the local disk."""
    name = config.model.strip()
    imported = config.imported_model(name)
    if imported is not None:
        return ModelChoice(name, Path(imported.model), config.mmproj or imported.mmproj)
    entry = None if looks_like_path(name) else find_entry(name)
    if entry is not None:
        model, mmproj = (manager or ModelManager()).resolve(entry.model_id)
        return ModelChoice(entry.model_id, model, config.mmproj or str(mmproj))
    path = Path(name).expanduser()
    if not looks_like_path(name) and not path.exists():
        raise ModelNotDownloaded(
            lazy_gettext(
                "'{name}' is neither a catalog model nor an existing .gguf file.", name=name
            ),
            lazy_gettext("See 'folder-captioner models list', or give the path of a GGUF model."),
        )
    if not path.is_file():
        raise ModelFileMissing(
            lazy_gettext("The model file {path} does not exist.", path=path),
            lazy_gettext(
                "Check the path, or download one with 'folder-captioner models download'."
            ),
        )
    return ModelChoice(path.name, path, config.mmproj)


class LocalCaptioner:
    """Captions with a local GGUF pair through a worker process."""

    backend_id = BACKEND_ID
    batch_size = 1
    max_in_flight = 1

    def __init__(self, config: LocalConfig, choice: ModelChoice) -> None:
        self._config = config
        self._choice = choice
        self._pair: ModelPair | None = None
        self._worker: WorkerProcess | None = None
        self._fresh_load_s: float | None = None
        self._crashes_in_a_row = 0
        self._lock = asyncio.Lock()

    @property
    def model(self) -> str:
        return self._choice.name

    @property
    def image_limits(self) -> ImageLimits:
        return ImageLimits(max_pixels=self._config.max_pixels)

    @property
    def worker_info(self) -> Loaded | None:
        """What the running worker loaded (context, threads, GPU layers), if one runs."""
        return self._worker.loaded if self._worker is not None else None

    @property
    def worker_pid(self) -> int | None:
        """The worker's process id while one runs (tests and diagnostics)."""
        return self._worker.pid if self._worker is not None else None

    # -- protocol --------------------------------------------------------------------
    async def check(self) -> str:
        async with self._lock:
            worker = await self._ensure_worker(
                self._context_for(CHECK_PROMPT_BYTES, self._config.max_tokens)
            )
        self._fresh_load_s = None  # reported here, not with the next caption
        loaded, pair = worker.loaded, self._pair
        assert loaded is not None
        assert pair is not None
        if loaded.gpu_layers:
            where = ngettext(
                "GPU offload, {n} layer", "GPU offload, {n} layers", loaded.gpu_layers
            ).format(n=loaded.gpu_layers)
        else:
            where = ngettext("CPU, {n} thread", "CPU, {n} threads", loaded.threads).format(
                n=loaded.threads
            )
        return gettext(
            "Loaded {model} ({size} GB) in {seconds} s on {where}; context {tokens} tokens."
        ).format(
            model=self.model,
            size=f"{pair.size_bytes / 1e9:.2f}",
            seconds=f"{loaded.load_s:.1f}",
            where=where,
            tokens=loaded.n_ctx,
        )

    async def caption_batch(self, requests: Sequence[CaptionRequest]) -> list[CaptionOutcome]:
        outcomes: list[CaptionOutcome] = []
        for request in requests:
            async with self._lock:
                outcomes.append(await self._caption_one(request))
        return outcomes

    async def aclose(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            await worker.stop()

    # -- one request -----------------------------------------------------------------
    async def _caption_one(self, request: CaptionRequest) -> CaptionOutcome:
        started = time.perf_counter()
        max_tokens = answer_token_limit(
            request.output, request.max_tokens or self._config.max_tokens
        )
        temperature = (
            request.temperature if request.temperature is not None else self._config.temperature
        )
        prompt = prompt_with_instructions(request.prompt, request.output, constrained=True)
        image_tokens = vision_token_bound(request.image.width, request.image.height)
        try:
            worker = await self._ensure_worker(
                self._context_for(len(prompt.encode("utf-8")), max_tokens, image_tokens)
            )
            job = CaptionJob(
                request.request_id,
                request.image.data,
                request.image.mime_type,
                prompt,
                max_tokens,
                temperature,
                json_schema=schema_text(request.output),
            )
            reply = await worker.run(job)
        except WorkerDied as died:
            self._worker = None
            return CaptionFailure(request.request_id, self._crash_error(died))
        if not isinstance(reply, JobDone):
            return CaptionFailure(
                request.request_id,
                InferenceFailed(
                    lazy_gettext(
                        "llama.cpp could not caption this image: {message}", message=reply.message
                    ),
                    lazy_gettext(
                        "Other images are not affected; if the context is full, raise the local "
                        "context setting or lower max tokens."
                    ),
                    detail=reply.kind,
                ),
            )
        self._crashes_in_a_row = 0
        timings = dict(reply.timings)
        timings["request_s"] = time.perf_counter() - started
        if self._fresh_load_s is not None:
            timings["load_s"], self._fresh_load_s = self._fresh_load_s, None
        return caption_result(
            request,
            reply.text,
            backend=BACKEND_ID,
            model=self.model,
            timings=timings,
            usage=reply.usage,
        )

    def _crash_error(self, died: WorkerDied) -> WorkerCrashed:
        self._crashes_in_a_row += 1
        error = describe_exit(died.exitcode, died.log_tail, while_loading=False)
        if self._crashes_in_a_row >= CRASHES_BEFORE_STOPPING and not error.stops_run:
            error = WorkerCrashed(
                lazy_gettext(
                    "{message} It happened {crashes_in_a_row} times in a row, so the run stops "
                    "here.",
                    message=error.message_text,
                    crashes_in_a_row=self._crashes_in_a_row,
                ),
                error.hint,
                detail=error.detail,
                stops_run=True,
            )
        if error.stops_run:
            raise error
        log.warning("local model worker died (%s); the next image starts a fresh one", died)
        return error

    # -- the worker --------------------------------------------------------------------
    def _context_for(self, prompt_bytes: int, max_tokens: int, image_tokens: int = 0) -> int:
        """The configured context, else enough for the pixel level (or this image)."""
        if self._config.context:
            return self._config.context
        vision = max(level_token_bound(self._config.max_pixels), image_tokens)
        return context_size(vision, prompt_bytes, max_tokens)

    async def _ensure_worker(self, n_ctx: int) -> WorkerProcess:
        """A running worker whose context holds ``n_ctx`` tokens (restarted to grow)."""
        worker = self._worker
        if worker is not None and worker.alive and worker.spec.n_ctx >= n_ctx:
            return worker
        if worker is not None:
            if worker.alive:
                log.info("restarting the local model with a context of %s tokens", n_ctx)
            await self.aclose()
        pair = await self._checked_pair()
        spec = WorkerSpec(
            model=str(pair.model),
            mmproj=str(pair.mmproj),
            n_ctx=n_ctx,
            threads=resolved_threads(self._config),
            gpu_layers=self._config.gpu_layers,
            flash_attn=self._config.flash_attn,
            log_path=new_log_path(),
        )
        try:
            self._worker = await WorkerProcess.start(spec)
        except WorkerDied as died:
            raise describe_exit(died.exitcode, died.log_tail, while_loading=True) from None
        except LoadFailed as failed:
            raise _load_error(pair, failed) from None
        assert self._worker.loaded is not None
        self._fresh_load_s = self._worker.loaded.load_s
        return self._worker

    async def _checked_pair(self) -> ModelPair:
        if self._pair is None:
            choice = self._choice
            self._pair = await asyncio.to_thread(
                lambda: check_pair(choice.model, require_projector(choice.model, choice.mmproj))
            )
        return self._pair


def schema_text(schema: OutputSchema | None) -> str:
    return json.dumps(schema.json_schema(), ensure_ascii=False) if schema is not None else ""


def _load_error(pair: ModelPair, failed: LoadFailed) -> ModelLoadFailed:
    message = failed.failure.message
    if "mtmd" in message or "clip" in message.lower():
        said = lazy_gettext(
            "llama.cpp could not load the vision projector {name}: {message}",
            name=pair.mmproj.name,
            message=message,
        )
    else:
        said = lazy_gettext(
            "llama.cpp could not load the model {name}: {message}",
            name=pair.model.name,
            message=message,
        )
    return ModelLoadFailed(
        said,
        lazy_gettext(
            "The file may be damaged or made for a newer llama.cpp: re-download it, or update "
            "llama-cpp-python."
        ),
        detail=failed.failure.kind,
    )


def create(config: LocalConfig, secrets: SecretSource) -> LocalCaptioner:
    """Registry factory: find the files now (a quick disk check), load them on first use."""
    del secrets  # a local model needs no key
    return LocalCaptioner(config, choose_model(config))
