"""Why a worker process died, in words: from its exit status and its last log lines.

Native code dies in ways Python cannot catch, and each way has a likely cause and a
thing to do about it (README, "Local models"). Windows reports a crash as an NTSTATUS
exit code instead of a signal.
"""

from __future__ import annotations

import signal

from desktop_app.backends.local.errors import WorkerCrashed
from desktop_app.i18n import lazy_gettext

# The portable build: every CPU level, the best chosen at run time (README "GPU builds").
PORTABLE_CMAKE_ARGS = "-DGGML_NATIVE=OFF -DGGML_BACKEND_DL=ON -DGGML_CPU_ALL_VARIANTS=ON"
REBUILD_COMMAND = (
    f'CMAKE_ARGS="{PORTABLE_CMAKE_ARGS}" pip install --force-reinstall --no-cache-dir '
    "llama-cpp-python"
)
REBUILD_HINT = lazy_gettext(
    "Reinstall llama-cpp-python built for every CPU (or unset {variable} if it is set): {command}",
    variable="FOLDER_CAPTIONER_CPU_VARIANT",
    command=REBUILD_COMMAND,
)
# Windows reports a crash as an NTSTATUS exit code instead of a signal.
_WINDOWS_ILLEGAL_INSTRUCTION = 0xC000001D
_WINDOWS_ACCESS_VIOLATION = 0xC0000005
_WINDOWS_STACK_OVERFLOW = 0xC00000FD
_WINDOWS_FAST_FAIL = 0xC0000409  # abort() and failed assertions


def is_illegal_instruction(exitcode: int | None) -> bool:
    """The process ran an instruction this CPU (or its OS, or VM) does not allow."""
    if exitcode is None:
        return False
    return exitcode == -signal.SIGILL or exitcode & 0xFFFFFFFF == _WINDOWS_ILLEGAL_INSTRUCTION


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
