"""How a dead worker is explained, and the build probe ``doctor`` uses."""

from __future__ import annotations

import asyncio
import signal

import pytest

from desktop_app.backends.local.worker import describe_exit, probe_build

ABORT_LOG = "llama.cpp/ggml/src/ggml.c:1234: GGML_ASSERT(ne % 32 == 0) failed\nAborted"


@pytest.mark.parametrize(
    ("exitcode", "words", "stops"),
    [
        (-signal.SIGILL, "illegal instruction", True),
        (0xC000001D, "illegal instruction", True),  # Windows STATUS_ILLEGAL_INSTRUCTION
        (-signal.SIGKILL, "out of memory", False),
        (-signal.SIGSEGV, "memory access fault", False),
        (0xC0000005, "memory access fault", False),  # Windows access violation
        (-signal.SIGBUS, "bus error", False),
        (-signal.SIGABRT, "GGML_ASSERT(ne % 32 == 0) failed", False),
        (-signal.SIGTERM, "signal SIGTERM", False),
        (3, "exit status 3", False),
    ],
)
def test_each_death_names_its_likely_cause(exitcode, words, stops) -> None:
    error = describe_exit(exitcode, ABORT_LOG, while_loading=False)
    assert words in error.user_message()
    assert error.stops_run is stops
    assert "while captioning this image" in error.user_message()
    assert str(exitcode) in error.detail


def test_a_crash_while_loading_stops_the_run() -> None:
    error = describe_exit(-signal.SIGSEGV, "", while_loading=True)
    assert error.stops_run
    assert "while loading the model" in error.user_message()


def test_illegal_instruction_says_how_to_rebuild() -> None:
    error = describe_exit(-signal.SIGILL, "", while_loading=True)
    assert 'CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_BACKEND_DL=ON -DGGML_CPU_ALL_VARIANTS=ON"' in (
        error.hint
    )
    assert "FOLDER_CAPTIONER_CPU_VARIANT" in error.hint


def test_the_build_is_probed_in_a_process_of_its_own() -> None:
    import sys

    info = asyncio.run(probe_build())
    assert info.llama_cpp_version.count(".") >= 2
    assert isinstance(info.gpu_offload, bool)
    assert "CPU" in info.system_info
    assert info.physical_cores >= 1
    assert "llama_cpp" not in sys.modules  # this process never loaded it


def test_a_library_that_does_not_load_is_named(tmp_path, monkeypatch) -> None:
    """A damaged install (here: llama-cpp-python pointed at a libllama.so that is not a
    library) ends the worker with a Python error; the message quotes it."""
    from desktop_app.backends.local.worker import WorkerDied

    (tmp_path / "libllama.so").write_bytes(b"not an ELF file")
    (tmp_path / "libmtmd.so").write_bytes(b"not an ELF file")
    monkeypatch.setenv("LLAMA_CPP_LIB_PATH", str(tmp_path))
    with pytest.raises(WorkerDied) as died:
        asyncio.run(probe_build())
    error = describe_exit(died.value.exitcode, died.value.log_tail, while_loading=True)
    assert "exited unexpectedly while loading the model" in error.user_message()
    assert "libllama.so" in error.user_message()
    assert "reinstall" in error.hint


def test_cancelling_the_probe_cancels_the_caller_and_ends_the_child() -> None:
    """A cancel reaches the caller and the child is killed. (The probe waits under
    asyncio.timeout, not asyncio.wait_for, which before Python 3.12 can swallow a cancel
    that lands as the reply arrives; that exact moment cannot be arranged from here.)"""
    import multiprocessing
    import time

    async def go() -> tuple[bool, list[object]]:
        before = set(multiprocessing.active_children())
        task = asyncio.create_task(probe_build(cpu_library=""))  # no variant checks
        deadline = time.monotonic() + 120  # only a hang fails here
        while not set(multiprocessing.active_children()) - before:
            assert not task.done(), "the probe finished before its child was seen"
            assert time.monotonic() < deadline, "the probe's child never started"
            await asyncio.sleep(0.01)
        cancelled = task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return cancelled, [p for p in multiprocessing.active_children() if p not in before]

    cancelled, left = asyncio.run(go())
    assert cancelled
    assert left == []  # the probe's child was killed and joined
