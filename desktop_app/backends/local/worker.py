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
import dataclasses
import logging
import multiprocessing
import multiprocessing.connection
import os
import sys
import tempfile
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from desktop_app.backends.local.cpu_variants import choose_variant
from desktop_app.backends.local.crashes import (
    REBUILD_HINT,
    describe_exit,
    is_illegal_instruction,
)
from desktop_app.backends.local.protocol import (
    STOP,
    BuildInfo,
    CaptionJob,
    JobDone,
    JobTrace,
    Loaded,
    WorkerFailure,
    WorkerSpec,
)

__all__ = [
    "REBUILD_HINT",
    "LoadFailed",
    "WorkerDied",
    "WorkerProcess",
    "describe_exit",
    "is_illegal_instruction",
    "new_log_path",
    "probe_build",
]
log = logging.getLogger(__name__)
LOG_TAIL_BYTES = 4000
_DIED = object()
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
    """The worker's life: load once, then caption until told to stop or orphaned.

    Requests are answered in the order they arrive. The app sends the next one while
    this one runs, so it waits in the pipe and the worker goes straight on to it; each
    answer carries a trace of how long the worker waited for its request.
    """
    _send_native_output_to(spec.log_path)
    try:
        from desktop_app.backends.local.engine import Engine

        engine = Engine(spec)
    except Exception as exc:  # noqa: BLE001 - reported to the app, which explains it
        conn.send(WorkerFailure(None, type(exc).__name__, str(exc)))
        return
    conn.send(engine.loaded)
    idle_since = time.perf_counter()
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the app went away
        if message == STOP:
            return
        received = time.perf_counter()
        try:
            reply: JobDone | WorkerFailure = engine.caption(message)
        except Exception as exc:  # noqa: BLE001 - one request failed, the worker goes on
            reply = WorkerFailure(message.request_id, type(exc).__name__, str(exc))
        if isinstance(reply, JobDone):
            finished = time.perf_counter()
            trace = JobTrace(received, finished, received - idle_since, conn.poll())
            reply = dataclasses.replace(reply, trace=trace)
        conn.send(reply)
        idle_since = time.perf_counter()


def probe_main(conn: Connection, log_path: str, cpu_library: str = "") -> None:
    """Report the llama.cpp build (for ``doctor``) from a process of its own."""
    _send_native_output_to(log_path)
    from desktop_app.backends.local.engine import build_info

    conn.send(build_info(cpu_library))


# -- in the app ----------------------------------------------------------------------------


class WorkerDied(Exception):
    """The worker process ended. ``ran``: this request was the one it was working on
    (False: it was only queued behind it, and can be sent to a fresh worker)."""

    def __init__(self, exitcode: int | None, log_tail: str, *, ran: bool = True) -> None:
        super().__init__(f"worker exited with {exitcode}")
        self.exitcode = exitcode
        self.log_tail = log_tail
        self.ran = ran


class WorkerProcess:
    """One running worker, serving several requests in flight (answered in order).

    Requests are written to the pipe by one sender thread as soon as they are given, so
    the next one waits in the pipe while the worker runs the current one; one reader
    hands each answer to its request. If the process dies, the oldest request in
    flight is the one it was running; the others never started.
    """

    def __init__(self, spec: WorkerSpec, process: BaseProcess, conn: Connection) -> None:
        self.spec = spec
        self._process = process
        self._conn = conn
        self.loaded: Loaded | None = None
        self._pending: dict[str, asyncio.Future[JobDone | WorkerFailure]] = {}
        self._order: deque[str] = deque()
        self._sender = ThreadPoolExecutor(1, thread_name_prefix="fc-llama-send")
        self._reader: asyncio.Task[None] | None = None
        self.traces: list[tuple[str, JobTrace]] = []  # (request id, trace), in order
        # ("sent" | "answered", request id) as the app saw them, in order: shows that a
        # request went to the worker before the previous answer came back.
        self.events: list[tuple[str, str]] = []

    @classmethod
    async def start(cls, spec: WorkerSpec) -> WorkerProcess:
        """Spawn a worker; returns once it has loaded the model (or raises WorkerDied).

        A spec without a CPU backend gets the app's choice for this machine: the worker
        (a daemon process) cannot start the check processes itself.
        """
        if not spec.cpu_library:
            choice = await asyncio.to_thread(choose_variant)
            spec = dataclasses.replace(spec, cpu_library=choice.library)
        context = multiprocessing.get_context("spawn")
        parent_end, child_end = context.Pipe()
        process = context.Process(
            target=worker_main, args=(child_end, spec), name="fc-llama-worker", daemon=True
        )
        await asyncio.to_thread(process.start)
        child_end.close()
        worker = cls(spec, process, parent_end)
        try:
            reply = await worker._receive()
        except asyncio.CancelledError:
            worker.kill()
            raise
        if isinstance(reply, WorkerFailure):
            worker.kill()
            raise LoadFailed(reply)
        assert isinstance(reply, Loaded)
        worker.loaded = reply
        worker._reader = asyncio.create_task(worker._read_answers())
        return worker

    @property
    def pid(self) -> int | None:
        return self._process.pid

    @property
    def alive(self) -> bool:
        return self._process.is_alive()

    @property
    def in_flight(self) -> int:
        return len(self._pending)

    async def run(self, job: CaptionJob) -> JobDone | WorkerFailure:
        """Send ``job`` (behind those in flight) and wait for its answer."""
        if self._reader is not None and self._reader.done():  # the worker is gone
            raise WorkerDied(self._process.exitcode, "", ran=False)
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[JobDone | WorkerFailure] = loop.create_future()
        self._pending[job.request_id] = answer
        self._order.append(job.request_id)
        self.events.append(("sent", job.request_id))
        loop.run_in_executor(self._sender, self._send, job)
        try:
            return await answer
        except asyncio.CancelledError:
            self.kill()  # immediate: the model has nothing worth finishing
            raise

    def _send(self, job: CaptionJob) -> None:
        with contextlib.suppress(OSError, ValueError):  # if it died, the reader says how
            self._conn.send(job)

    async def idle(self) -> None:
        """Wait until no request is in flight (answers still arrive meanwhile)."""
        while self._pending:
            await asyncio.wait(list(self._pending.values()))

    async def _read_answers(self) -> None:
        try:
            while True:
                reply = await self._receive()
                future = self._pending.pop(reply.request_id, None)
                with contextlib.suppress(ValueError):
                    self._order.remove(reply.request_id)
                self.events.append(("answered", reply.request_id))
                if isinstance(reply, JobDone) and reply.trace is not None:
                    self.traces.append((reply.request_id, reply.trace))
                if future is not None and not future.done():
                    future.set_result(reply)
        except WorkerDied as died:
            self._fail_pending(died)
        except (asyncio.CancelledError, OSError, EOFError):
            self._fail_pending(WorkerDied(self._process.exitcode, ""))

    def _fail_pending(self, died: WorkerDied) -> None:
        """The oldest request was running; those behind it never started."""
        for position, request_id in enumerate(self._order):
            future = self._pending.pop(request_id, None)
            if future is not None and not future.done():
                future.set_exception(WorkerDied(died.exitcode, died.log_tail, ran=position == 0))
        self._order.clear()

    async def _receive(self) -> Any:
        reply = await asyncio.to_thread(_wait_reply, self._conn, self._process.sentinel)
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
        self._sender.shutdown(wait=False, cancel_futures=True)
        Path(self.spec.log_path).unlink(missing_ok=True)

    async def stop(self, timeout_s: float = 3.0) -> None:
        """Ask the worker to exit once its requests are answered, then make sure it did."""
        if self._process.is_alive():
            loop = asyncio.get_running_loop()
            with contextlib.suppress(RuntimeError):  # the sender is already shut down
                await loop.run_in_executor(self._sender, self._send_stop)
            await asyncio.to_thread(self._process.join, timeout_s)
        self.kill()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)

    def _send_stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._conn.send(STOP)


class LoadFailed(Exception):
    def __init__(self, failure: WorkerFailure) -> None:
        super().__init__(failure.message)
        self.failure = failure


def _wait_reply(conn: Connection, sentinel: int) -> Any:
    try:
        ready = multiprocessing.connection.wait([conn, sentinel])
        if conn in ready:
            return conn.recv()
    except (EOFError, OSError, ValueError):  # closed, or the worker went away
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


async def probe_build(cpu_library: str | None = None, timeout_s: float = 60.0) -> BuildInfo:
    """The llama.cpp build's facts, from a short-lived worker (the app never loads it),
    with the CPU backend loaded as captioning would: ``cpu_library``, or the variant the
    app chooses for this machine (what it is and why are part of the answer)."""
    choice = None
    if cpu_library is None:
        choice = await asyncio.to_thread(choose_variant)
        cpu_library = choice.library
    info = await _probe_worker(cpu_library, timeout_s)
    if choice is None:
        return info
    return dataclasses.replace(
        info,
        cpu_variant=choice.summary,
        cpu_reason=choice.reason,
        cpu_variants=len(choice.checks),
    )


async def _probe_worker(cpu_library: str, timeout_s: float) -> BuildInfo:
    context = multiprocessing.get_context("spawn")
    parent_end, child_end = context.Pipe()
    log_path = new_log_path()
    process = context.Process(
        target=probe_main, args=(child_end, log_path, cpu_library), daemon=True
    )
    await asyncio.to_thread(process.start)
    child_end.close()
    try:
        # Not asyncio.wait_for: before Python 3.12 it swallows a cancel that lands as
        # the reply arrives, and the caller then goes on as if it had not been cancelled.
        async with asyncio.timeout(timeout_s):
            reply = await asyncio.to_thread(_wait_reply, parent_end, process.sentinel)
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
