"""Helper processes that end with the app, even when the app is killed.

ExifTool in ``-stay_open`` mode keeps polling its closed argument pipe forever, so
an app killed without warning would leave its ExifTool processes behind. On Linux the
kernel ends them when the thread that started them ends (``PR_SET_PDEATHSIG``); on
Windows they join a job object that closes, killing them, when the app's process
ends. Elsewhere (macOS) a normal exit closes them; only a crash leaves an idle one.
They also run in a session of their own, so a Ctrl-C in the terminal reaches the app
(which finishes the file in hand) and not ExifTool in the middle of a write.
"""

from __future__ import annotations

import ctypes
import logging
import signal
import subprocess
import sys
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1


def _linux_death_signal() -> Callable[[], None] | None:
    """A function for the child, between fork and exec (resolved beforehand: the child
    must not import or allocate much there)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None

    def set_death_signal() -> None:
        prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)

    return set_death_signal


_DEATH_SIGNAL = _linux_death_signal() if sys.platform.startswith("linux") else None


def child_setup() -> dict[str, Any]:
    """Keyword arguments for ``subprocess.Popen`` of a helper process."""
    if sys.platform == "win32":
        flags = subprocess.CREATE_NO_WINDOW | subprocess.CREATE_NEW_PROCESS_GROUP
        return {"creationflags": flags}
    options: dict[str, Any] = {"start_new_session": True}
    if _DEATH_SIGNAL is not None:
        options["preexec_fn"] = _DEATH_SIGNAL
    return options


def tie_to_app(process: subprocess.Popen[bytes]) -> None:
    """Windows: put ``process`` in the app's kill-on-close job (elsewhere nothing)."""
    if sys.platform == "win32":  # pragma: no cover - Windows
        try:
            _WindowsJob.assign(process)
        except (OSError, AttributeError, ValueError) as exc:
            log.warning("could not tie helper process %s to the app: %s", process.pid, exc)


if sys.platform == "win32":  # pragma: no cover - Windows
    from ctypes import wintypes

    class _IoCounters(ctypes.Structure):
        _fields_ = [
            (name, ctypes.c_ulonglong)
            for name in (
                "ReadOperationCount",
                "WriteOperationCount",
                "OtherOperationCount",
                "ReadTransferCount",
                "WriteTransferCount",
                "OtherTransferCount",
            )
        ]

    class _BasicLimits(ctypes.Structure):
        _fields_ = [
            ("PerProcessUserTimeLimit", ctypes.c_longlong),
            ("PerJobUserTimeLimit", ctypes.c_longlong),
            ("LimitFlags", ctypes.c_uint32),
            ("MinimumWorkingSetSize", ctypes.c_size_t),
            ("MaximumWorkingSetSize", ctypes.c_size_t),
            ("ActiveProcessLimit", ctypes.c_uint32),
            ("Affinity", ctypes.c_size_t),
            ("PriorityClass", ctypes.c_uint32),
            ("SchedulingClass", ctypes.c_uint32),
        ]

    class _ExtendedLimits(ctypes.Structure):
        _fields_ = [
            ("BasicLimitInformation", _BasicLimits),
            ("IoInfo", _IoCounters),
            ("ProcessMemoryLimit", ctypes.c_size_t),
            ("JobMemoryLimit", ctypes.c_size_t),
            ("PeakProcessMemoryUsed", ctypes.c_size_t),
            ("PeakJobMemoryUsed", ctypes.c_size_t),
        ]

    class _WindowsJob:
        """One job object for the app's lifetime; the OS closes it when the app ends,
        and JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE ends every process in it."""

        handle: Any = None

        @classmethod
        def assign(cls, process: subprocess.Popen[bytes]) -> None:
            kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
            if cls.handle is None:
                job = kernel32.CreateJobObjectW(None, None)
                if not job:
                    raise OSError(ctypes.get_last_error(), "CreateJobObjectW failed")
                info = _ExtendedLimits()
                info.BasicLimitInformation.LimitFlags = 0x2000  # KILL_ON_JOB_CLOSE
                size = wintypes.DWORD(ctypes.sizeof(info))
                if not kernel32.SetInformationJobObject(job, 9, ctypes.byref(info), size):
                    raise OSError(ctypes.get_last_error(), "SetInformationJobObject failed")
                cls.handle = job
            handle = int(process._handle)  # type: ignore[attr-defined]
            if not kernel32.AssignProcessToJobObject(cls.handle, handle):
                raise OSError(ctypes.get_last_error(), "AssignProcessToJobObject failed")
