"""One long-lived ExifTool process (``-stay_open``), driven command by command.

Why a wrapper of our own instead of PyExifTool: the writer must survive ExifTool dying
or hanging mid-file (a clear per-file error, a fresh process for the next file), and
PyExifTool blocks forever on a process that exits or stops answering (its issue #81);
it also has no per-command deadline and cannot run one command while the caller does
other work. Here two reader threads collect stdout and stderr (portable: Windows pipes
cannot be ``select``-ed), each command ends with markers on both streams, and every
wait has a deadline after which the process is killed.

ExifTool in ``-stay_open`` mode does not exit when its argument pipe closes (it polls
the pipe every 10 ms), so a crashed app would leave it behind: on Linux the process is
tied to the thread that started it (``PR_SET_PDEATHSIG``), on Windows to the app's job
object; a normal exit closes it either way.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from desktop_app.i18n import Text, lazy_gettext
from desktop_app.metadata.errors import DiskFull, WriteError
from desktop_app.metadata.process_guard import child_setup, tie_to_app

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 120.0
_SIGXFSZ = int(getattr(signal, "SIGXFSZ", 25))
_CLOSE_GRACE_S = 2.0
_EOF = None


class ExifToolFailed(WriteError):
    """The ExifTool process died or stopped answering; it has been stopped."""

    code = "exiftool-failed"
    transient = True


@dataclass(frozen=True)
class CommandResult:
    """What one command printed, and ExifTool's exit status for it."""

    stdout: bytes
    stderr: str
    status: int

    @property
    def errors(self) -> list[str]:
        return [line[7:].strip() for line in self.stderr.splitlines() if line.startswith("Error:")]

    @property
    def warnings(self) -> list[str]:
        return [
            line[9:].strip() for line in self.stderr.splitlines() if line.startswith("Warning:")
        ]


class _Stream:
    """What one pipe delivers, read on a daemon thread in chunks into a queue (None at
    EOF); the reading side keeps what it has received but not used yet."""

    def __init__(self, pipe: object, name: str) -> None:
        self.chunks: queue.Queue[bytes | None] = queue.Queue()
        self.received = bytearray()  # touched by the waiting thread only
        fileno: Callable[[], int] = pipe.fileno  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self._pump, args=(fileno(),), name=name, daemon=True)
        self.thread.start()

    def _pump(self, fd: int) -> None:
        try:
            while chunk := os.read(fd, 1 << 16):
                self.chunks.put(chunk)
        except (OSError, ValueError):
            pass  # the pipe was closed under us: the process is gone
        finally:
            self.chunks.put(_EOF)


@dataclass
class Pending:
    """A command sent and not yet answered (see :meth:`ExifToolProcess.wait`)."""

    number: int
    deadline: float


class ExifToolProcess:
    """``exiftool -stay_open True -@ -``: one command at a time, with deadlines."""

    def __init__(self, command: Sequence[str], *, name: str = "exiftool") -> None:
        self.command = list(command)
        self.name = name
        self._process: subprocess.Popen[bytes] | None = None
        self._stdout: _Stream | None = None
        self._stderr: _Stream | None = None
        self._number = 0
        self._queue: deque[Pending] = deque()  # sent, not yet answered, in order
        # How long one command may take before the process counts as hung.
        self.timeout = DEFAULT_TIMEOUT_S
        self._owner = os.getpid()  # a forked child must leave its parent's process be

    # -- life cycle ----------------------------------------------------------------------
    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        if self.running:
            return
        if self._process is not None:
            self._discard()
        self._owner = os.getpid()
        process = subprocess.Popen(
            [*self.command, "-stay_open", "True", "-@", "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            **child_setup(),
        )
        tie_to_app(process)
        self._process = process
        self._stdout = _Stream(process.stdout, f"{self.name}-stdout")
        self._stderr = _Stream(process.stderr, f"{self.name}-stderr")
        self._queue.clear()

    def close(self) -> None:
        """Ask ExifTool to finish; kill it if it does not within a moment."""
        process = self._process
        if process is None or not self._mine():
            return
        if process.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                assert process.stdin is not None
                process.stdin.write(b"-stay_open\nFalse\n")
                process.stdin.flush()
            try:
                process.wait(_CLOSE_GRACE_S)
            except subprocess.TimeoutExpired:
                self.kill()
        self._discard()

    def kill(self) -> None:
        """Stop the process at once (a hang, or a test simulating a crash)."""
        process = self._process
        if process is not None and self._mine() and process.poll() is None:
            with contextlib.suppress(OSError):
                process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(_CLOSE_GRACE_S)

    def _mine(self) -> bool:
        return os.getpid() == self._owner

    def _discard(self) -> None:
        process, self._process = self._process, None
        self._queue.clear()
        if process is None or not self._mine():
            return
        for pipe in (process.stdin, process.stdout, process.stderr):
            with contextlib.suppress(OSError, ValueError):
                if pipe is not None:
                    pipe.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(_CLOSE_GRACE_S)

    # -- commands ------------------------------------------------------------------------
    def submit(
        self, args: Sequence[str], *, timeout: float | None = None, queued: bool = False
    ) -> Pending:
        """Send one command; its answer is collected by :meth:`wait`.

        ExifTool answers in order. ``queued``: the command follows the ones still
        running, and starts as soon as they end (no round trip through the app).
        Otherwise commands whose answers nobody collected (their caller failed before)
        are waited for first and their answers dropped.
        """
        if self._queue and not queued:
            with contextlib.suppress(ExifToolFailed):  # it restarts below
                self.wait(self._queue[-1])
        self.start()
        self._number += 1
        number = self._number
        lines = [*args, "-echo4", f"{{ready{number}:${{status}}}}", f"-execute{number}", ""]
        payload = "\n".join(_checked(arg) for arg in lines).encode("utf-8")
        process = self._process
        assert process is not None
        assert process.stdin is not None
        try:
            process.stdin.write(payload)
            process.stdin.flush()
        except (OSError, ValueError) as exc:
            self._fail_dead(
                lazy_gettext("it could not be sent a command ({error})", error=str(exc))
            )
        pending = Pending(number, time.monotonic() + (timeout or self.timeout))
        self._queue.append(pending)
        return pending

    def wait(self, pending: Pending) -> CommandResult:
        """The answer to ``pending`` (earlier ones uncollected are dropped); kills the
        process when it dies or runs late."""
        if pending not in self._queue:
            raise RuntimeError(f"{self.name}: not a command in flight")
        while True:
            head = self._queue[0]
            result = self._answer(head)
            self._queue.popleft()
            if head is pending:
                return result

    def _answer(self, pending: Pending) -> CommandResult:
        assert self._stdout is not None
        assert self._stderr is not None
        out, _ = self._collect(self._stdout, f"{{ready{pending.number}}}", pending.deadline)
        err, marker = self._collect(self._stderr, f"{{ready{pending.number}:", pending.deadline)
        status = _status_of(marker.decode("utf-8", "replace").strip())
        return CommandResult(out, err.decode("utf-8", "replace"), status)

    def execute(self, args: Sequence[str], *, timeout: float | None = None) -> CommandResult:
        return self.wait(self.submit(args, timeout=timeout))

    def _collect(self, stream: _Stream, marker: str, deadline: float) -> tuple[bytes, bytes]:
        """Everything before the line starting with ``marker``, and that line."""
        prefix = marker.encode("ascii")
        buffer = stream.received
        searched = 0
        while True:
            at = 0 if buffer.startswith(prefix) else buffer.find(b"\n" + prefix, searched)
            end = buffer.find(b"\n", at + 1) if at >= 0 else -1
            if end >= 0:
                start = at if at == 0 and buffer.startswith(prefix) else at + 1
                found, line = bytes(buffer[:start]), bytes(buffer[start : end + 1])
                del buffer[: end + 1]
                return found, line
            searched = max(len(buffer) - len(prefix) - 1, 0)
            remaining = deadline - time.monotonic()
            try:
                chunk = stream.chunks.get(timeout=max(remaining, 0.0))
            except queue.Empty:
                self._fail_hung()
            if chunk is _EOF:
                self._fail_dead(self._exit_description())
            assert chunk is not None
            buffer += chunk

    # -- failures ------------------------------------------------------------------------
    def _exit_description(self) -> Text:
        process = self._process
        code = None
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                code = process.wait(_CLOSE_GRACE_S)
        if code is not None and code < 0:
            with contextlib.suppress(ValueError):
                return lazy_gettext(
                    "it was ended by signal {signal}", signal=signal.Signals(-code).name
                )
        return lazy_gettext("it exited unexpectedly (status {code})", code=code)

    def _fail_hung(self) -> None:
        self.kill()
        self._discard()
        raise ExifToolFailed(
            lazy_gettext(
                "ExifTool stopped responding while working on this file, and was stopped."
            ),
            lazy_gettext(
                "The file was not changed; it will be retried with a fresh ExifTool process."
            ),
        )

    def _fail_dead(self, why: Text) -> None:
        tail = self._stderr_tail()
        size_limit = self._process is not None and self._process.poll() == -_SIGXFSZ
        self.kill()
        self._discard()
        if size_limit:  # the file would have been larger than this process may write
            raise DiskFull(
                lazy_gettext(
                    "Cannot write the file: the disk is full (or a size limit was reached)."
                ),
                lazy_gettext("Free some space and retry; the original file was not changed."),
                detail=tail,
            )
        raise ExifToolFailed(
            lazy_gettext("ExifTool stopped while working on this file: {why}.", why=why),
            lazy_gettext(
                "The file was not changed; it will be retried with a fresh ExifTool process."
            ),
            detail=tail,
        )

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return ""
        received = bytearray(self._stderr.received)
        with contextlib.suppress(queue.Empty):
            while (chunk := self._stderr.chunks.get_nowait()) is not None:
                received += chunk
        return bytes(received[-2000:]).decode("utf-8", "replace")


class InFlight:
    """A command running while the caller does other work; always collected.

    :func:`running` collects the answer on leaving its block even when the block
    raised, so the process is ready for the next command; a failure of the process
    itself is kept and raised by :meth:`result`.
    """

    def __init__(self, process: ExifToolProcess, pending: Pending) -> None:
        self._process = process
        self._pending = pending
        self._result: CommandResult | None = None
        self._error: ExifToolFailed | None = None
        self._settled = False

    @classmethod
    def start(
        cls, process: ExifToolProcess, args: Sequence[str], *, queued: bool = False
    ) -> InFlight:
        """Send ``args`` now; collect with :meth:`result` (or the next command does)."""
        return cls(process, process.submit(args, queued=queued))

    def settle(self) -> None:
        if self._settled:
            return
        self._settled = True
        try:
            self._result = self._process.wait(self._pending)
        except ExifToolFailed as error:
            self._error = error

    def result(self) -> CommandResult:
        self.settle()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


@contextlib.contextmanager
def running(
    process: ExifToolProcess, args: Sequence[str], *, timeout: float | None = None
) -> Iterator[InFlight]:
    """Run ``args`` on ``process`` during the ``with`` block; collected at its end."""
    flight = InFlight(process, process.submit(args, timeout=timeout))
    try:
        yield flight
    finally:
        flight.settle()


def _checked(arg: str) -> str:
    """An argument as one argfile line: line breaks would split it into two."""
    if "\n" in arg or "\r" in arg:
        raise ValueError("an ExifTool argument cannot contain a line break")
    return arg


def _status_of(line: str) -> int:
    """ExifTool's status from ``{readyN:STATUS}`` (12.10+); 0 when it is not there."""
    value = line.rsplit(":", 1)[-1].rstrip("}")
    try:
        return int(value)
    except ValueError:
        return 0
