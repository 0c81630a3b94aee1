"""Inference itself: llama-cpp-python's Qwen2.5-VL chat handler, timed. Worker-only.

This is the one module that imports ``llama_cpp``; only the worker process imports it
(tests/test_architecture.py checks the app never does). Captioning goes through the
library's own ``Qwen25VLChatHandler`` path, so the app runs exactly what a direct
``Llama.create_chat_completion`` call runs, and the benchmark can compare the two. To
report where the time goes, the handler's mtmd binding module is wrapped: the one call
that encodes an image and feeds it to the model is split into its two halves (vision
encoder, then image prefill) and timed, and the text tokens it evaluates are counted.
"""

from __future__ import annotations

import ctypes
import json
import time
from pathlib import Path
from typing import Any

import llama_cpp
from llama_cpp import llama_chat_format, llama_grammar, mtmd_cpp
from llama_cpp._logger import llama_log_callback

from desktop_app.backends.local.config import physical_cores
from desktop_app.backends.local.ggml_backends import LoadedBackends, load_backends
from desktop_app.backends.local.protocol import BuildInfo, CaptionJob, JobDone, Loaded, WorkerSpec


def start_backends(cpu_library: str) -> LoadedBackends:
    """Load llama.cpp's backends before anything else asks it to (see ggml_backends).
    ``cpu_library``: the CPU variant the app chose (WorkerProcess.start fills it in)."""
    module: Any = llama_cpp.llama_cpp
    return load_backends(module._lib, Path(module._base_path), cpu_library)


def build_info(cpu_library: str = "") -> BuildInfo:
    backends = start_backends(cpu_library)
    return BuildInfo(
        llama_cpp_version=str(getattr(llama_cpp, "__version__", "unknown")),
        gpu_offload=bool(llama_cpp.llama_supports_gpu_offload()),
        system_info=llama_cpp.llama_print_system_info().decode("utf-8", "replace").strip(),
        physical_cores=physical_cores(),
        devices=backends.devices,
        cpu_library=backends.cpu_library,
    )


def quiet_native_logs() -> None:
    """mtmd ignores ``verbose=False`` and logs every image: route it through the same
    filter as llama.cpp's own log (errors only unless verbose)."""
    mtmd_cpp.mtmd_log_set(llama_log_callback, ctypes.c_void_p(0))
    mtmd_cpp.mtmd_helper_log_set(llama_log_callback, ctypes.c_void_p(0))


class _TimedMtmd:
    """The mtmd binding module, with image evaluation timed in two halves.

    ``mtmd_helper_eval_chunk_single`` on an image chunk is ``mtmd_encode_chunk`` +
    ``mtmd_helper_decode_image_chunk`` (llama.cpp's tools/mtmd/mtmd-helper.cpp); calling
    the halves ourselves changes nothing but lets each be timed.
    """

    def __init__(self, module: Any) -> None:
        self._module = module
        self.reset()

    def reset(self) -> None:
        self.encode_s = 0.0
        self.image_prefill_s = 0.0
        self.vision_tokens = 0
        self.text_tokens = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)

    def mtmd_input_chunk_get_tokens_text(self, chunk: Any, n_tokens_out: Any) -> Any:
        tokens = self._module.mtmd_input_chunk_get_tokens_text(chunk, n_tokens_out)
        self.text_tokens += int(n_tokens_out._obj.value)
        return tokens

    def mtmd_helper_eval_chunk_single(  # noqa: PLR0917 - the C function's signature
        self,
        ctx: Any,
        lctx: Any,
        chunk: Any,
        n_past: Any,
        seq_id: Any,
        n_batch: int,
        logits_last: bool,
        new_n_past: Any,
    ) -> int:
        m = self._module
        if m.mtmd_input_chunk_get_type(chunk) == m.MTMD_INPUT_CHUNK_TYPE_TEXT:
            return int(
                m.mtmd_helper_eval_chunk_single(
                    ctx, lctx, chunk, n_past, seq_id, n_batch, logits_last, new_n_past
                )
            )
        self.vision_tokens += int(m.mtmd_input_chunk_get_n_tokens(chunk))
        started = time.perf_counter()
        result = int(m.mtmd_encode_chunk(ctx, chunk))
        encoded = time.perf_counter()
        self.encode_s += encoded - started
        if result != 0:
            return result
        embeddings = m.mtmd_get_output_embd(ctx)
        result = int(
            m.mtmd_helper_decode_image_chunk(
                ctx,
                lctx,
                chunk,
                embeddings,
                n_past,
                seq_id,
                n_batch,
                new_n_past,
                _NO_CALLBACK(m),
                None,
            )
        )
        self.image_prefill_s += time.perf_counter() - encoded
        return result


class Engine:
    """One loaded model pair serving many captions."""

    def __init__(self, spec: WorkerSpec) -> None:
        started = time.perf_counter()
        self.backends = start_backends(spec.cpu_library)
        quiet_native_logs()
        self.gpu_offload = bool(llama_cpp.llama_supports_gpu_offload())
        gpu_layers = spec.gpu_layers
        if gpu_layers is None:
            gpu_layers = -1 if self.gpu_offload else 0
        self.handler = llama_chat_format.Qwen25VLChatHandler(
            clip_model_path=spec.mmproj, verbose=False
        )
        self.mtmd = _TimedMtmd(mtmd_cpp)
        self.handler._mtmd_cpp = self.mtmd  # type: ignore[assignment]  # a stand-in module
        self.llama = llama_cpp.Llama(
            model_path=spec.model,
            chat_handler=self.handler,
            n_ctx=spec.n_ctx,
            n_threads=spec.threads,
            n_threads_batch=spec.threads,
            n_gpu_layers=gpu_layers,
            flash_attn=spec.flash_attn,
            verbose=False,
        )
        # The handler loads the projector on first use; load it now so a broken
        # projector fails here and the first caption's timings are its own.
        self.handler._init_mtmd_context(self.llama)
        self.loaded = Loaded(
            load_s=time.perf_counter() - started,
            n_ctx=self.llama.n_ctx(),
            gpu_layers=gpu_layers,
            threads=spec.threads,
            gpu_offload=self.gpu_offload,
            system_info=llama_cpp.llama_print_system_info().decode("utf-8", "replace").strip(),
        )

    def caption(self, job: CaptionJob) -> JobDone:
        self.mtmd.reset()
        uri = f"data:{job.mime_type};base64,{_base64(job.image)}"
        messages: Any = [
            {
                "role": "user",
                "content": [
                    {"type": "image_url", "image_url": {"url": uri}},
                    {"type": "text", "text": job.prompt},
                ],
            }
        ]
        building = time.perf_counter()
        grammar = schema_grammar(job.json_schema) if job.json_schema else None
        grammar_s = time.perf_counter() - building
        started = time.perf_counter()
        generating = _Generation(self.llama, job.max_tokens)
        try:
            response: Any = self.llama.create_chat_completion(
                messages=messages,
                max_tokens=job.max_tokens,
                temperature=job.temperature,
                seed=job.seed,
                grammar=grammar,
            )
        finally:
            generating.restore()
        finished = time.perf_counter()
        text = str(response["choices"][0]["message"]["content"] or "")
        completion = int(response["usage"]["completion_tokens"])
        prompt_phase = (generating.started or finished) - started
        return JobDone(
            request_id=job.request_id,
            text=text.strip(),
            timings={
                "encode_s": self.mtmd.encode_s,
                "prefill_s": max(0.0, prompt_phase - self.mtmd.encode_s),
                "image_prefill_s": self.mtmd.image_prefill_s,
                "decode_s": finished - (generating.started or finished),
                "inference_s": finished - started,
                **({"grammar_s": grammar_s} if grammar is not None else {}),
            },
            usage={
                "vision_tokens": self.mtmd.vision_tokens,
                "prompt_tokens": self.mtmd.text_tokens + self.mtmd.vision_tokens,
                "completion_tokens": completion,
            },
        )


# llama-cpp-python's converter lets a JSON string hold raw control characters (U+0000
# to U+001F), which JSON forbids; llama.cpp's own converter excludes them. A model with
# nothing better to say (random weights, a confused real one) does emit them.
_LOOSE_CHAR = r'char ::= [^"\\] |'
_STRICT_CHAR = r'char ::= [^"\\\x7F\x00-\x1F] |'


def schema_gbnf(json_schema: str) -> str:
    """The GBNF grammar for a JSON schema, with strings held to what JSON allows.

    Made with the converter llama-cpp-python's ``response_format`` uses, but not through
    that path: it silently falls back to "any JSON" when a schema cannot be converted,
    and keeps the converter's over-permissive string rule.
    """
    order = list(json.loads(json_schema).get("properties", {}))
    gbnf = str(llama_grammar.json_schema_to_gbnf(json_schema, prop_order=order))
    if _LOOSE_CHAR in gbnf:
        gbnf = gbnf.replace(_LOOSE_CHAR, _STRICT_CHAR)
    elif "char ::=" in gbnf and "\\x00-\\x1F" not in gbnf:
        raise ValueError("this llama-cpp-python's JSON string rule is not the one expected")
    return gbnf


def schema_grammar(json_schema: str) -> Any:
    return llama_grammar.LlamaGrammar.from_string(schema_gbnf(json_schema), verbose=False)


class _Generation:
    """Wraps the handler's call to ``create_completion``: notes when generation starts,
    and enforces ``max_tokens``.

    llama-cpp-python skips its ``max_tokens`` check while the text so far ends in an
    incomplete UTF-8 sequence, so a model that keeps emitting stray bytes (random
    weights do; a real model can) generates until the context is full and the next
    decode fails. A stopping criterion, checked after every sampled token, caps it.
    """

    def __init__(self, llama: Any, max_tokens: int) -> None:
        self._llama = llama
        self.started: float | None = None
        self._sampled = 0
        original = llama.create_completion

        def capped(_input_ids: Any, _logits: Any) -> bool:
            self._sampled += 1
            return self._sampled > max_tokens

        def timed(*args: Any, **kwargs: Any) -> Any:
            self.started = time.perf_counter()
            kwargs["stopping_criteria"] = llama_cpp.StoppingCriteriaList([capped])
            return original(*args, **kwargs)

        llama.create_completion = timed

    def restore(self) -> None:
        del self._llama.create_completion  # back to the class's method


def _base64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode("ascii")


def _NO_CALLBACK(module: Any) -> Any:
    """A NULL post-decode callback (ctypes wants a typed null function pointer)."""
    return module.mtmd_helper_post_decode_callback()
