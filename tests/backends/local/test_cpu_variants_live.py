"""The all-variants build on this machine: the worker loads the variant the app chose,
every variant this CPU runs captions, and an illegal instruction moves one level down.

Skipped where llama-cpp-python was built without run-time CPU variants (the README's
set-up builds them; an older cached wheel does not).
"""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest

from desktop_app.backends.base import CaptionResult
from desktop_app.backends.local.cpu_variants import (
    FORCE_ENV,
    choose_variant,
    core_library,
    llama_lib_dir,
    variant_libraries,
)
from desktop_app.backends.local.variant_probe import run_kernel_check
from desktop_app.backends.local.worker import probe_build
from tests.backends.local.helpers import local, png, request

pytestmark = pytest.mark.skipif(
    not variant_libraries(llama_lib_dir()),
    reason="llama-cpp-python here has its CPU code built in (no GGML_CPU_ALL_VARIANTS)",
)


def test_the_worker_loads_exactly_the_variant_the_app_chose() -> None:
    choice = choose_variant()
    assert choice.name
    assert choice.library in {str(path) for path in variant_libraries(llama_lib_dir()).values()}
    info = asyncio.run(probe_build())
    assert info.cpu_library == Path(choice.library).name
    assert info.cpu_variant == choice.summary
    assert info.cpu_variants == len(choice.checks)
    assert any(device.startswith("CPU") for device in info.devices)
    assert "CPU :" in info.system_info


def test_the_chosen_variant_computed_test_products_in_a_child() -> None:
    """Before a variant is trusted its matrix kernels multiply test matrices (every
    weight type, every buffer type) in a child process; here, for the choice."""
    choice = choose_variant()
    lib = llama_lib_dir()
    assert lib is not None
    checked = run_kernel_check(
        choice.name,
        Path(choice.library),
        lib / core_library("ggml-base"),
        lib / core_library("ggml"),
    )
    status, products = checked[f"work:{choice.name}"]
    assert status == "ok", checked
    assert products >= 4  # Q4_K, Q6_K, Q8_0 and F16 at least in the plain buffer
    for check in choice.checks:
        if "trapped in a test product" in check.note:
            assert not check.usable


def test_every_variant_this_cpu_runs_captions_with_a_q8_0_projector(
    tiny_models, monkeypatch
) -> None:
    """The K-quantized model and the Q8_0 projector on each usable variant: the kernels
    a caption needs (K-quants, Q8_0, F16, AMX where chosen) all execute."""
    pair = tiny_models["q8_0_projector"]
    monkeypatch.delenv(FORCE_ENV, raising=False)  # the app's own choice decides what runs
    usable = [check.name for check in choose_variant().checks if check.usable]
    assert "x64" in usable
    loaded = {}
    for name in usable:
        monkeypatch.setenv(FORCE_ENV, name)

        async def go(name: str = name):
            captioner = local(pair.model, pair.mmproj)
            try:
                [outcome] = await captioner.caption_batch([request(f"{name}.png", png())])
            finally:
                await captioner.aclose()
            return outcome, captioner.variant

        outcome, variant = asyncio.run(go())
        assert isinstance(outcome, CaptionResult), (name, outcome)
        loaded[name] = variant.library if variant else ""
    assert all(name in library for name, library in loaded.items()), loaded


def test_an_illegal_instruction_moves_to_the_next_variant_down(tiny_models, monkeypatch) -> None:
    """The safety net behind the probe: the image is captioned one level down, and that
    level is kept for the rest of the run."""
    monkeypatch.delenv(FORCE_ENV, raising=False)
    pair = tiny_models["q4_k_m"]
    first_choice = choose_variant()
    if not first_choice.fallback_names:
        pytest.skip("only one variant runs here")

    async def go():
        captioner = local(pair.model, pair.mmproj, max_tokens=3000)
        try:
            await captioner.check()
            worker = captioner._worker
            assert worker is not None
            task = asyncio.ensure_future(
                captioner.caption_batch([request("trapped", max_tokens=3000)])
            )
            while worker.in_flight < 1:
                await asyncio.sleep(0.01)
            assert worker.pid is not None
            os.kill(worker.pid, signal.SIGILL)  # as a trapping instruction would end it
            [outcome] = await task
            return outcome, captioner.variant
        finally:
            await captioner.aclose()

    outcome, variant = asyncio.run(go())
    assert isinstance(outcome, CaptionResult), outcome
    assert variant is not None
    assert variant.name == first_choice.fallback_names[0]
