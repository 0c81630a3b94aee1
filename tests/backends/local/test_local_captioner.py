"""The local backend end to end: real images, a real worker process, real llama.cpp.

The models are random (tests/fakes/tiny_models.py), so the text is noise; the tests
assert on everything else: one worker serving many images, token counts, timings,
cancel, crashes and every kind of unusable model file.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.backends.base import (
    CaptionFailure,
    CaptionRequest,
    CaptionResult,
    EncodedImage,
)
from desktop_app.backends.local.config import vision_token_bound
from desktop_app.backends.local.cpu_variants import (
    FORCE_ENV,
    llama_lib_dir,
    plain_llama_env,
    variant_libraries,
)
from desktop_app.backends.local.errors import (
    GgufDamaged,
    InferenceFailed,
    LocalModelError,
    ModelFileMissing,
    ModelLoadFailed,
    ModelNotDownloaded,
    NotGgufFile,
    ProjectorMismatch,
    ProjectorMissing,
    WorkerCrashed,
)
from tests.backends.local.helpers import PROMPT, alive, jpeg, local, png, request, worked_on_it
from tests.fakes.tiny_models import TINY, write_projector, write_text_model


def test_one_worker_captions_many_images_with_usage_and_timings(tiny_models) -> None:
    pair = tiny_models["f16"]
    # With these seeds the random model answers the first image with stray UTF-8 bytes:
    # llama-cpp-python would then ignore max_tokens and fill the context (engine._Generation)
    sizes = [(448, 336), (224, 168), (1000, 700)]

    async def go():
        captioner = local(pair.model, pair.mmproj)
        try:
            summary = await captioner.check()
            pid = captioner.worker_pid
            outcomes = []
            for i, size in enumerate(sizes):
                outcomes += await captioner.caption_batch([request(f"{i}", jpeg(size, i))])
            return summary, pid, captioner.worker_pid, outcomes
        finally:
            await captioner.aclose()

    summary, pid_before, pid_after, outcomes = asyncio.run(go())
    assert summary.startswith(f"Loaded {pair.model.name}")
    assert "CPU, 1 thread, CPU backend " in summary or "CPU, 1 thread;" in summary
    assert pid_before == pid_after  # loaded once, served all three
    assert [o.request_id for o in outcomes] == ["0", "1", "2"]
    for outcome, size in zip(outcomes, sizes, strict=True):
        assert isinstance(outcome, CaptionResult), outcome
        assert outcome.backend == "local"
        assert outcome.model == pair.model.name
        assert isinstance(outcome.text, str)
        usage = outcome.usage
        assert usage["vision_tokens"] == vision_token_bound(*size)
        assert usage["prompt_tokens"] > usage["vision_tokens"] + 10  # template + prompt
        assert 1 <= usage["completion_tokens"] <= 12
        timings = outcome.timings
        for phase in ("encode_s", "prefill_s", "decode_s", "request_s"):
            assert timings[phase] > 0, phase
        assert timings["request_s"] >= timings["inference_s"]
        assert timings["inference_s"] >= timings["encode_s"] + timings["decode_s"]
        assert "load_s" not in timings  # check() loaded the model, not this request
    # more vision tokens, more encoding
    assert outcomes[2].timings["encode_s"] > outcomes[1].timings["encode_s"]


def test_k_quantized_pair_and_png_input(tiny_models) -> None:
    pair = tiny_models["q4_k_m"]

    async def go():
        captioner = local(pair.model)  # the projector is found next to the model
        try:
            return await captioner.caption_batch([request("p.png", png())])
        finally:
            await captioner.aclose()

    [result] = asyncio.run(go())
    assert isinstance(result, CaptionResult), result
    assert result.timings["load_s"] > 0  # the first request paid for loading
    assert result.usage["vision_tokens"] == vision_token_bound(280, 196)


DIRECT_CALL = """
import base64, json, sys, llama_cpp
from llama_cpp.llama_chat_format import Qwen25VLChatHandler
model, mmproj, image, prompt = sys.argv[1:5]
llm = llama_cpp.Llama(model_path=model, n_ctx=2048, n_threads=1, n_threads_batch=1,
    flash_attn=True, verbose=False, chat_handler=Qwen25VLChatHandler(clip_model_path=mmproj,
    verbose=False))
uri = "data:image/jpeg;base64," + base64.b64encode(open(image, "rb").read()).decode()
out = llm.create_chat_completion(messages=[{"role": "user", "content": [
    {"type": "image_url", "image_url": {"url": uri}}, {"type": "text", "text": prompt}]}],
    max_tokens=12, temperature=0.0)
print(json.dumps(out["choices"][0]["message"]["content"]))
"""


def test_the_timed_path_writes_what_a_direct_library_call_writes(tiny_models, tmp_path) -> None:
    """Splitting image evaluation to time it must not change what the model sees."""
    pair = tiny_models["f16"]
    image = jpeg((336, 252), seed=7)
    (tmp_path / "image.jpg").write_bytes(image.data)
    direct = subprocess.run(
        [
            sys.executable,
            "-c",
            DIRECT_CALL,
            str(pair.model),
            str(pair.mmproj),
            str(tmp_path / "image.jpg"),
            PROMPT,
        ],
        capture_output=True,
        text=True,
        check=True,
        # the CPU backend the worker runs (an all-variants build needs it named)
        env={**os.environ, "OMP_WAIT_POLICY": "passive", **plain_llama_env()},
    )
    expected = json.loads(direct.stdout.strip().splitlines()[-1]).strip()

    async def go():
        captioner = local(pair.model, pair.mmproj)
        try:
            return await captioner.caption_batch([request("x", image)])
        finally:
            await captioner.aclose()

    [result] = asyncio.run(go())
    assert isinstance(result, CaptionResult)
    assert result.text == expected


LONG = 3000


def long_request(name: str = "long") -> CaptionRequest:
    # greedy decoding of a random model repeats itself: 3000 tokens take about 15 s
    return request(name, max_tokens=LONG, temperature=0.0)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_cancel_kills_the_worker_at_once_and_the_next_job_starts_fresh(tiny_models) -> None:
    """The worker is killed in the middle of the job (not left to finish it: the next
    job gets a new process); how fast is a figure of tests/benchmarks/bench_stop.py."""
    pair = tiny_models["f16"]

    async def go():
        captioner = local(pair.model, pair.mmproj, max_tokens=LONG)
        try:
            await captioner.check()  # loaded with a context for the long answer
            first_pid = captioner.worker_pid
            assert first_pid is not None
            task = asyncio.create_task(captioner.caption_batch([long_request()]))
            await worked_on_it(first_pid, 0.3)  # of about 15 s of CPU the answer needs
            assert captioner.worker_pid == first_pid
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            gone = not alive(first_pid)
            [after] = await captioner.caption_batch([request("next")])
            return gone, first_pid, captioner.worker_pid, after
        finally:
            await captioner.aclose()

    gone, first_pid, second_pid, after = asyncio.run(go())
    assert gone
    assert second_pid != first_pid
    assert isinstance(after, CaptionResult)


def crash_during_caption(pair, *signals: int):
    """Caption while the worker gets ``signals`` (one per request); outcomes and pids."""

    async def go():
        captioner = local(pair.model, pair.mmproj, max_tokens=LONG)
        outcomes: list[object] = []
        pids: list[int | None] = []
        try:
            for number, signum in enumerate(signals):
                await captioner.check()
                pid = captioner.worker_pid
                pids.append(pid)
                task = asyncio.create_task(captioner.caption_batch([long_request(f"r{number}")]))
                await asyncio.sleep(0.5)
                assert pid is not None
                assert captioner.worker_pid == pid
                os.kill(pid, signum)
                try:
                    outcomes += await task
                except WorkerCrashed as error:
                    outcomes.append(error)
            [after] = await captioner.caption_batch([request("after")])
            outcomes.append(after)
            pids.append(captioner.worker_pid)
        finally:
            await captioner.aclose()
        return outcomes, pids

    return asyncio.run(go())


def test_a_killed_worker_fails_one_image_and_names_memory(tiny_models) -> None:
    outcomes, pids = crash_during_caption(tiny_models["f16"], signal.SIGKILL)
    failure, after = outcomes
    assert isinstance(failure, CaptionFailure)
    assert isinstance(failure.error, WorkerCrashed)
    assert not failure.error.stops_run
    assert "out of memory" in failure.error.user_message()
    assert "smaller model" in failure.error.user_message()
    assert isinstance(after, CaptionResult)
    assert pids[0] != pids[1]


def test_a_segfault_fails_the_image_and_twice_in_a_row_stops_the_run(tiny_models) -> None:
    outcomes, _pids = crash_during_caption(tiny_models["f16"], signal.SIGSEGV, signal.SIGSEGV)
    first, second, after = outcomes
    assert isinstance(first, CaptionFailure)
    assert "memory access fault" in first.error.user_message()
    assert isinstance(second, WorkerCrashed)  # raised: the run stops
    assert second.stops_run
    assert "2 times in a row" in second.user_message()
    assert isinstance(after, CaptionResult)  # a later job still gets a fresh worker


def test_an_illegal_instruction_stops_the_run_and_says_how_to_rebuild(
    tiny_models, monkeypatch
) -> None:
    """With no lower CPU level to fall back to (a build without variants, or one forced
    to a variant) an illegal instruction concerns every image: the run stops."""
    if variant_libraries(llama_lib_dir()):
        monkeypatch.setenv(FORCE_ENV, "x64")
    outcomes, _pids = crash_during_caption(tiny_models["q4_k_m"], signal.SIGILL)
    crash = outcomes[0]
    assert isinstance(crash, WorkerCrashed)
    assert crash.stops_run
    assert "illegal instruction" in crash.user_message()
    assert "-DGGML_NATIVE=OFF" in crash.user_message()


def test_a_bad_image_fails_alone(tiny_models) -> None:
    pair = tiny_models["f16"]
    broken = EncodedImage(b"not an image at all", "image/jpeg", 64, 64)

    async def go():
        captioner = local(pair.model, pair.mmproj)
        try:
            outcomes = await captioner.caption_batch([request("bad", broken), request("good")])
            return outcomes, captioner.worker_pid
        finally:
            await captioner.aclose()

    (bad, good), pid = asyncio.run(go())
    assert isinstance(bad, CaptionFailure)
    assert isinstance(bad.error, InferenceFailed)
    assert "could not caption this image" in bad.error.user_message()
    assert isinstance(good, CaptionResult)
    assert pid is not None


def test_the_context_grows_when_a_prompt_needs_more(tiny_models) -> None:
    pair = tiny_models["f16"]
    long_prompt = "Describe the image. " * 200  # about 4 KB

    async def go():
        captioner = local(pair.model, pair.mmproj)
        try:
            await captioner.check()
            small_pid = captioner.worker_pid
            [result] = await captioner.caption_batch([request("x", prompt=long_prompt)])
            return small_pid, captioner.worker_pid, result
        finally:
            await captioner.aclose()

    small_pid, big_pid, result = asyncio.run(go())
    assert small_pid != big_pid
    assert isinstance(result, CaptionResult), result
    assert result.usage["prompt_tokens"] > 800


# -- files that cannot be used: each a clear error that stops the run ------------------


def caption_error(model, mmproj="") -> Exception:
    async def go():
        captioner = local(model, mmproj)
        try:
            await captioner.caption_batch([request()])
        finally:
            await captioner.aclose()

    with pytest.raises(LocalModelError) as caught:
        asyncio.run(go())
    return caught.value


def test_missing_projector(tiny_models, tmp_path) -> None:
    model = shutil.copy(tiny_models["f16"].model, tmp_path / "model.gguf")
    error = caption_error(model)
    assert isinstance(error, ProjectorMissing)
    assert error.stops_run
    assert "--mmproj" in error.user_message()


def test_projector_of_another_model(tiny_models, tmp_path) -> None:
    import dataclasses

    other = write_projector(tmp_path / "mmproj-7b.gguf", dataclasses.replace(TINY, hidden=512))
    error = caption_error(tiny_models["f16"].model, other)
    assert isinstance(error, ProjectorMismatch)


def test_not_a_gguf_file(tiny_models, tmp_path) -> None:
    fake = tmp_path / "model.gguf"
    fake.write_bytes(b"PK\x03\x04 a zip file, perhaps safetensors")
    error = caption_error(fake, tiny_models["f16"].mmproj)
    assert isinstance(error, NotGgufFile)
    assert "not a GGUF model file" in error.user_message()


def test_a_truncated_gguf(tiny_models, tmp_path) -> None:
    data = tiny_models["q4_k_m"].model.read_bytes()
    cut = tmp_path / "model-Q4_K_M.gguf"
    cut.write_bytes(data[: len(data) * 3 // 4])
    error = caption_error(cut, tiny_models["q4_k_m"].mmproj)
    assert isinstance(error, GgufDamaged)
    assert "interrupted download" in error.user_message()


def test_a_model_llama_cpp_cannot_load(tmp_path, tiny_models) -> None:
    broken = write_text_model(tmp_path / "broken.gguf", omit=frozenset({"output_norm.weight"}))
    error = caption_error(broken, tiny_models["f16"].mmproj)
    assert isinstance(error, ModelLoadFailed)
    assert "could not load the model broken.gguf" in error.user_message()
    broken_projector = write_projector(
        tmp_path / "mmproj-broken.gguf", omit=frozenset({"mm.2.weight"})
    )
    error = caption_error(tiny_models["f16"].model, broken_projector)
    assert isinstance(error, ModelLoadFailed)
    assert "vision projector mmproj-broken.gguf" in error.user_message()


def test_missing_files_and_unknown_models_fail_at_creation(tmp_path) -> None:
    with pytest.raises(ModelFileMissing, match="does not exist"):
        local(tmp_path / "absent.gguf")
    with pytest.raises(ModelNotDownloaded, match=r"models download qwen2\.5-vl-3b"):
        local("3b")
    with pytest.raises(ModelNotDownloaded, match="neither a catalog model"):
        local("llava")
