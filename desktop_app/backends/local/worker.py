"""The inference worker process, and the app's side of it.

Native code can die in ways Python cannot catch: a segmentation fault, an illegal
instruction (a build for a newer CPU, or AMX on a VM that advertises but faults on
it), the kernel's out-of-memory killer. So the model lives in a separate process,
started with the ``spawn`` method (the same on Linux, macOS and Windows, and what works
in a frozen PyInstaller build with ``multiprocessing.freeze_support()``). The app talks
to it over a pipe; when the process dies its exit status says how, and
:func:`describe_exit` turns that into a message naming the likely cause. Cancelling a
request kills the process at once: there is nothing to wait for.

The worker's native output (llama.cpp's and ggml's logs, an assertion message before an
abort) goes to a log file whose end is attached to a crash report.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import tempfile
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from desktop_app.backends.local.errors import WorkerCrashed
from desktop_app.backends.local.protocol import (
    STOP,
    BuildInfo,
    CaptionJob,
    JobDone,
    Loaded,
    WorkerFailure,
    WorkerSpec,
)
from desktop_app.i18n import lazy_gettext

log = logging.getLogger(__name__)
LOG_TAIL_BYTES = 4000
_DIED = object()
REBUILD_HINT = (
    'Reinstall llama-cpp-python built for any CPU: CMAKE_ARGS="-DGGML_NATIVE=OFF" '
    "pip install --force-reinstall --no-cache-dir llama-cpp-python"
)
# Windows reports a crash as an NTSTATUS exit code instead of a signal.
_WINDOWS_ILLEGAL_INSTRUCTION = 0xC000001D
_WINDOWS_ACCESS_VIOLATION = 0xC0000005
_WINDOWS_STACK_OVERFLOW = 0xC00000FD
_WINDOWS_FAST_FAIL = 0xC0000409  # abort() and failed assertions


# -- inside the worker -----------------------------------------------------------------


def _send_native_output_to(log_path: str) -> None:
    """Point file descriptors 1 and 2 at the log file, for C code and Python alike."""
    handle = open(log_path, "a", buffering=1, encoding="utf-8", errors="replace")  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, OSError):
            stream.flush()
    os.dup2(handle.fileno(), 1)
    os.dup2(handle.fileno(), 2)
    sys.stdout = sys.stderr = handle


def worker_main(conn: Connection, spec: WorkerSpec) -> None:
    """The worker's life: load once, then caption until told to stop or orphaned."""
    _send_native_output_to(spec.log_path)
    try:
        from desktop_app.backends.local.engine import Engine

        engine = Engine(spec)
    except Exception as exc:  # noqa: BLE001 - reported to the app, which explains it
        conn.send(WorkerFailure(None, type(exc).__name__, str(exc)))
        return
    conn.send(engine.loaded)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the app went away
        if message == STOP:
            return
        try:
            reply: JobDone | WorkerFailure = engine.caption(message)
        except Exception as exc:  # noqa: BLE001 - one request failed, the worker goes on
            reply = WorkerFailure(message.request_id, type(exc).__name__, str(exc))
        conn.send(reply)


def probe_main(conn: Connection, log_path: str) -> None:
    """Report the llama.cpp build (for ``doctor``) from a process of its own."""
    _send_native_output_to(log_path)
    from desktop_app.backends.local.engine import build_info

    conn.send(build_info())


# -- in the app ----------------------------------------------------------------------------


class WorkerDied(Exception):
    def __init__(self, exitcode: int | None, log_tail: str) -> None:
        super().__init__(f"worker exited with {exitcode}")
        self.exitcode = exitcode
        self.log_tail = log_tail


class WorkerProcess:
    """One running worker; use from one asyncio task at a time."""

    def __init__(self, spec: WorkerSpec, process: BaseProcess, conn: Connection) -> None:
        self.spec = spec
        self._process = process
        self._conn = conn
        self.loaded: Loaded | None = None

    @classmethod
    async def start(cls, spec: WorkerSpec) -> WorkerProcess:
        """Spawn a worker; returns once it has loaded the model (or raises WorkerDied)."""
        context = multiprocessing.get_context("spawn")
        parent_end, child_end = context.Pipe()
        process = context.Process(
            target=worker_main, args=(child_end, spec), name="fc-llama-worker", daemon=True
        )
        await asyncio.to_thread(process.start)
        child_end.close()
        worker = cls(spec, process, parent_end)
        reply = await worker._receive()
        if isinstance(reply, WorkerFailure):
            worker.kill()
            raise LoadFailed(reply)
        assert isinstance(reply, Loaded)
        worker.loaded = reply
        return worker

    @property
    def pid(self) -> int | None:
        return self._process.pid

    @property
    def alive(self) -> bool:
        return self._process.is_alive()

    async def run(self, job: CaptionJob) -> JobDone | WorkerFailure:
        with contextlib.suppress(OSError, ValueError):  # if it died, _receive says how
            self._conn.send(job)
        reply = await self._receive()
        assert isinstance(reply, JobDone | WorkerFailure)
        return reply

    async def _receive(self) -> Any:
        try:
            reply = await asyncio.to_thread(_wait_reply, self._conn, self._process.sentinel)
        except asyncio.CancelledError:
            self.kill()  # immediate: the model has nothing worth finishing
            raise
        if reply is _DIED:
            await asyncio.to_thread(self._process.join, 5)
            tail = read_log_tail(Path(self.spec.log_path))
            self.kill()
            raise WorkerDied(self._process.exitcode, tail)
        return reply

    def kill(self) -> None:
        """Stop the process now and clean up; safe to call twice."""
        if self._process.is_alive():
            self._process.kill()
            self._process.join(5)
        self._conn.close()
        Path(self.spec.log_path).unlink(missing_ok=True)

    async def stop(self, timeout_s: float = 3.0) -> None:
        """Ask the worker to exit, then make sure it did."""
        if self._process.is_alive():
            with contextlib.suppress(OSError, ValueError):
                self._conn.send(STOP)
            await asyncio.to_thread(self._process.join, timeout_s)
        self.kill()


class LoadFailed(Exception):
    def __init__(self, failure: WorkerFailure) -> None:
        super().__init__(failure.message)
        self.failure = failure


def _wait_reply(conn: Connection, sentinel: int) -> Any:
    ready = multiprocessing.connection.wait([conn, sentinel])
    if conn in ready:
        try:
            return conn.recv()
        except (EOFError, OSError):
            pass
    return _DIED


def new_log_path() -> str:
    handle, path = tempfile.mkstemp(prefix="folder-captioner-llama-", suffix=".log")
    os.close(handle)
    return path


def read_log_tail(path: Path, limit: int = LOG_TAIL_BYTES) -> str:
    try:
        with path.open("rb") as handle:
            handle.seek(max(0, path.stat().st_size - limit))
            return handle.read().decode("utf-8", "replace").strip()
    except OSError:
        return ""


def _last_error_line(log_tail: str) -> str:
    for line in reversed(log_tail.splitlines()):
        if any(word in line for word in ("GGML_ASSERT", "error", "Error", "failed", "abort")):
            return line.strip()[:300]
    return ""


def describe_exit(exitcode: int | None, log_tail: str, *, while_loading: bool) -> WorkerCrashed:
    """The user-facing explanation of a worker that died, from how it died."""
    detail = f"exit status {exitcode}; last output:\n{log_tail[-1500:]}"
    if while_loading:
        when = lazy_gettext("while loading the model")
    else:
        when = lazy_gettext("while captioning this image")
    signum = -exitcode if exitcode is not None and exitcode < 0 else None
    code = exitcode & 0xFFFFFFFF if exitcode is not None and exitcode > 0 else None
    if signum == signal.SIGILL or code == _WINDOWS_ILLEGAL_INSTRUCTION:
        return WorkerCrashed(
            lazy_gettext(
                "The local model crashed {when} with an illegal instruction: this llama.cpp "
                "build uses a CPU instruction this processor (or its virtual machine) does not "
                "support.",
                when=when,
            ),
            REBUILD_HINT,
            detail=detail,
            stops_run=True,
        )
    if signum == getattr(signal, "SIGKILL", None):
        return WorkerCrashed(
            lazy_gettext(
                "The local model was killed {when}, most likely because the computer ran out of "
                "memory.",
                when=when,
            ),
            lazy_gettext(
                "Close other programs, or use a smaller model (3B), a lower pixel level (fast) "
                "or fewer GPU layers. The next image starts a fresh model."
            ),
            detail=detail,
            stops_run=while_loading,
        )
    if signum == signal.SIGSEGV or code in (_WINDOWS_ACCESS_VIOLATION, _WINDOWS_STACK_OVERFLOW):
        return WorkerCrashed(
            lazy_gettext(
                "The local model crashed {when} (a memory access fault inside llama.cpp).",
                when=when,
            ),
            lazy_gettext(
                "A damaged model file or a llama.cpp bug can cause this: re-download the model "
                "or update llama-cpp-python if it keeps happening. The next image starts a "
                "fresh model."
            ),
            detail=detail,
            stops_run=while_loading,
        )
    if signum == getattr(signal, "SIGBUS", None):
        return WorkerCrashed(
            lazy_gettext("The model file became unreadable {when} (a bus error).", when=when),
            lazy_gettext(
                "Do not move, replace or re-download the model while captioning, and check the "
                "disk it is on."
            ),
            detail=detail,
            stops_run=while_loading,
        )
    if signum == signal.SIGABRT or code == _WINDOWS_FAST_FAIL:
        said = _last_error_line(log_tail)
        if said:
            stopped = lazy_gettext(
                "llama.cpp stopped on an internal check {when} ({message}).",
                when=when,
                message=said,
            )
        else:
            stopped = lazy_gettext("llama.cpp stopped on an internal check {when}.", when=when)
        return WorkerCrashed(
            stopped,
            lazy_gettext(
                "The model files may not suit this llama.cpp version: update llama-cpp-python "
                "or use the catalog's model files."
            ),
            detail=detail,
            stops_run=while_loading,
        )
    if signum is not None:
        name = signal.Signals(signum).name if signum in signal.valid_signals() else str(signum)
        return WorkerCrashed(
            lazy_gettext(
                "The local model process was stopped by signal {name} {when}.", name=name, when=when
            ),
            lazy_gettext(
                "Something outside the app ended it; the next image starts a fresh model."
            ),
            detail=detail,
            stops_run=while_loading,
        )
    said = _last_error_line(log_tail)
    if said:
        exited = lazy_gettext(
            "The local model process exited unexpectedly {when} (exit status {code}): {message}.",
            when=when,
            code=exitcode,
            message=said.rstrip("."),
        )
    else:
        exited = lazy_gettext(
            "The local model process exited unexpectedly {when} (exit status {code}).",
            when=when,
            code=exitcode,
        )
    return WorkerCrashed(
        exited,
        lazy_gettext(
            "If this keeps happening, reinstall the app or llama-cpp-python (the error above "
            "names the file that failed). The next image starts a fresh model."
        ),
        detail=detail,
        stops_run=while_loading,
    )


async def probe_build(timeout_s: float = 60.0) -> BuildInfo:
    """The llama.cpp build's facts, from a short-lived worker (the app never loads it)."""
    context = multiprocessing.get_context("spawn")
    parent_end, child_end = context.Pipe()
    log_path = new_log_path()
    process = context.Process(target=probe_main, args=(child_end, log_path), daemon=True)
    await asyncio.to_thread(process.start)
    child_end.close()
    try:
        reply = await asyncio.wait_for(
            asyncio.to_thread(_wait_reply, parent_end, process.sentinel), timeout_s
        )
        if reply is _DIED:
            await asyncio.to_thread(process.join, 5)
            raise WorkerDied(process.exitcode, read_log_tail(Path(log_path)))
        assert isinstance(reply, BuildInfo)
        return reply
    finally:
        if process.is_alive():
            process.kill()
        await asyncio.to_thread(process.join, 5)
        parent_end.close()
        Path(log_path).unlink(missing_ok=True)
