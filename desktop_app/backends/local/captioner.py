"""The local captioner: the Captioner protocol over one worker process.

A local model serves one image at a time (``batch_size`` is 1), but two requests are in
flight so the next image waits in the worker's pipe while the current one runs. The
worker is started on first use and kept for the run; its context is sized from
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

from desktop_app.backends.base import (
    CaptionFailure,
    CaptionOutcome,
    CaptionRequest,
    ImageLimits,
    SecretSource,
    caption_result,
)
from desktop_app.backends.local.config import (
    BACKEND_ID,
    LocalConfig,
    context_size,
    level_token_bound,
    resolved_threads,
    vision_token_bound,
)
from desktop_app.backends.local.cpu_variants import (
    FORCE_ENV,
    VARIANT_FEATURES,
    UnknownCpuVariant,
    VariantChoice,
    choose_variant,
)
from desktop_app.backends.local.errors import (
    InferenceFailed,
    ModelLoadFailed,
    WorkerCrashed,
)
from desktop_app.backends.local.model_choice import ModelChoice, choose_model
from desktop_app.backends.local.pairs import ModelPair, check_pair, require_projector
from desktop_app.backends.local.protocol import (
    CaptionJob,
    JobDone,
    JobTrace,
    Loaded,
    WorkerFailure,
    WorkerSpec,
)
from desktop_app.backends.local.worker import (
    LoadFailed,
    WorkerDied,
    WorkerProcess,
    describe_exit,
    is_illegal_instruction,
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


class LocalCaptioner:
    """Captions with a local GGUF pair through a worker process.

    Two requests may be in flight: the worker runs one while the next waits in its pipe,
    so it never sits idle while the app writes a caption or prepares an image.
    """

    backend_id = BACKEND_ID
    batch_size = 1
    max_in_flight = 2

    def __init__(self, config: LocalConfig, choice: ModelChoice) -> None:
        self._config = config
        self._choice = choice
        self._pair: ModelPair | None = None
        self._worker: WorkerProcess | None = None
        self._fresh_load_s: float | None = None
        self._crashes_in_a_row = 0
        self._start_lock = asyncio.Lock()
        self._bad_variants: frozenset[str] = frozenset()
        self.variant: VariantChoice | None = None  # the CPU backend of the last worker
        self.traces: list[tuple[str, JobTrace]] = []  # every answer's worker trace
        self.events: list[tuple[str, str]] = []  # every worker's WorkerProcess.events

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
        if self.variant is not None and self.variant.name:
            where = gettext("{where}, CPU backend {variant}").format(
                where=where, variant=self.variant.summary
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
        return [await self._caption_one(request) for request in requests]

    async def aclose(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            self.traces.extend(worker.traces)
            self.events.extend(worker.events)
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
        job = CaptionJob(
            request.request_id,
            request.image.data,
            request.image.mime_type,
            prompt,
            max_tokens,
            temperature,
            json_schema=schema_text(request.output),
        )
        n_ctx = self._context_for(len(prompt.encode("utf-8")), max_tokens, image_tokens)
        reply = await self._run(job, n_ctx)
        if isinstance(reply, CaptionFailure):
            return reply
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
        if reply.trace is not None:
            timings["worker_wait_s"] = reply.trace.waited_s
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

    async def _run(self, job: CaptionJob, n_ctx: int) -> JobDone | WorkerFailure | CaptionFailure:
        """One job on a worker; a fresh worker takes over from one that died.

        A request that was only queued behind the crash is simply sent again; one that
        died of an illegal instruction is retried on the next CPU variant down.
        """
        for _attempt in range(1 + len(VARIANT_FEATURES) + CRASHES_BEFORE_STOPPING):
            worker = await self._ensure_worker(n_ctx)
            try:
                return await worker.run(job)
            except WorkerDied as died:
                self._forget(worker)
                if not died.ran:
                    continue
                if self._lower_variant_after(died):
                    continue
                return CaptionFailure(job.request_id, self._crash_error(died))
        return CaptionFailure(
            job.request_id,
            InferenceFailed(
                lazy_gettext("The local model kept restarting; this image was given up."),
                lazy_gettext(
                    "Run 'folder-captioner doctor' to see which CPU backend it uses; the "
                    "next image starts a fresh model."
                ),
            ),
        )

    def _lower_variant_after(self, died: WorkerDied) -> bool:
        """After an illegal instruction, leave out the variant that trapped, if any."""
        variant = self.variant
        if not is_illegal_instruction(died.exitcode) or variant is None or not variant.name:
            return False
        if not variant.fallback_names:
            return False
        self._bad_variants |= {variant.name}
        log.warning(
            "llama.cpp's %s CPU backend died with an illegal instruction; using %s",
            variant.name,
            variant.fallback_names[0],
        )
        return True

    def _forget(self, worker: WorkerProcess) -> None:
        if self._worker is worker:
            self.traces.extend(worker.traces)
            self.events.extend(worker.events)
            self._worker = None
        worker.kill()

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
        async with self._start_lock:
            worker = self._worker
            if worker is not None and worker.alive and worker.spec.n_ctx >= n_ctx:
                return worker
            if worker is not None:
                if worker.alive:
                    log.info("restarting the local model with a context of %s tokens", n_ctx)
                    await worker.idle()  # the requests in flight finish first
                await self.aclose()
            return await self._start_worker(n_ctx)

    async def _start_worker(self, n_ctx: int) -> WorkerProcess:
        pair = await self._checked_pair()
        excluded = self._bad_variants
        try:
            self.variant = await asyncio.to_thread(choose_variant, None, excluded)
        except UnknownCpuVariant as error:
            raise ModelLoadFailed(
                lazy_gettext(
                    "{variable}={value} names no CPU backend of this llama.cpp build; it has: "
                    "{variants}.",
                    variable=FORCE_ENV,
                    value=error.forced,
                    variants=", ".join(error.available),
                ),
                lazy_gettext("Unset the variable or fix the name."),
            ) from None
        spec = WorkerSpec(
            model=str(pair.model),
            mmproj=str(pair.mmproj),
            n_ctx=n_ctx,
            threads=resolved_threads(self._config),
            gpu_layers=self._config.gpu_layers,
            flash_attn=self._config.flash_attn,
            log_path=new_log_path(),
            cpu_library=self.variant.library,
        )
        try:
            self._worker = await WorkerProcess.start(spec)
        except WorkerDied as died:
            if self._lower_variant_after(died):
                return await self._start_worker(n_ctx)
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
                lambda: check_pair(
                    choice.model, require_projector(choice.model, choice.mmproj, choice.prefer)
                )
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
