"""The app's side of the CPU checks: child processes that may die, and what that means.

Each check runs in a spawned child (:mod:`.isa_probe` for instructions and scores,
:mod:`.kernel_probe` for a variant's matrix kernels) that announces every step before
trying it. When the child dies, the step it was in is recorded as ``crashed`` with the
way it died, and the instruction check starts again without that step.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import wait
from pathlib import Path

from desktop_app.backends.local.isa_probe import kernel_child, probe_child
from desktop_app.i18n import gettext

PROBE_TIMEOUT_S = 60.0


def run_probe(
    libraries: dict[str, Path],
    known: dict[str, tuple[str, ...]],
    base: Path | None = None,
) -> dict[str, tuple[str, object]]:
    """Run the instruction check until it finishes; a step that kills it is recorded
    and skipped. ``known``: the instruction families of each variant name;
    ``base``: libggml-base, which the variants need and do not find by themselves."""
    results: dict[str, tuple[str, object]] = {}
    paths = {name: str(path) for name, path in libraries.items()}
    skip: list[str] = []
    for _attempt in range(len(libraries) + 16):
        args = (paths, known, skip, str(base or ""))
        finished, culprit, how = _one_child(probe_child, args, results)
        if finished or culprit is None:
            if not finished:
                results.setdefault("probe", ("error", how))
            break
        results[culprit] = ("crashed", how)
        skip.append(culprit)
    return results


def run_kernel_check(
    name: str, variant: Path, base: Path, ggml: Path
) -> dict[str, tuple[str, object]]:
    """Test products with ``variant`` as llama.cpp's CPU backend, in a child of its own:
    {"work:NAME": ("ok", products) | ("error", why) | ("crashed", how)}."""
    results: dict[str, tuple[str, object]] = {}
    item = f"work:{name}"
    args = (item, str(variant), str(base), str(ggml))
    finished, culprit, how = _one_child(kernel_child, args, results)
    if not finished and item not in results:
        results[item] = ("crashed", how) if culprit == item else ("error", how)
    return results


def _one_child(
    target: Callable[..., None], args: tuple[object, ...], results: dict[str, tuple[str, object]]
) -> tuple[bool, str | None, str]:
    """Run ``target(conn, *args)`` in a spawned child, collecting its reports in
    ``results``; (finished, the step it died in, how it died)."""
    context = multiprocessing.get_context("spawn")
    parent_end, child_end = context.Pipe(duplex=False)
    process = context.Process(
        target=target, args=(child_end, *args), name="fc-cpu-probe", daemon=True
    )
    process.start()
    child_end.close()
    running: str | None = None
    try:
        while True:
            if not wait([parent_end], PROBE_TIMEOUT_S):
                process.kill()
                process.join(5)
                waited = f"{PROBE_TIMEOUT_S:.0f}"
                return (
                    False,
                    running,
                    gettext("no answer within {seconds} s").format(seconds=waited),
                )
            try:
                status, item, value = parent_end.recv()
            except (EOFError, OSError):
                break
            if status == "done":
                return True, None, ""
            if status == "start":
                running = item
            else:
                results[item] = (status, value)
                running = None
        process.join(5)
        return False, running, _death(process.exitcode)
    finally:
        if process.is_alive():
            process.kill()
            process.join(5)
        parent_end.close()


def _death(exitcode: int | None) -> str:
    import signal

    if exitcode is not None and exitcode < 0:
        signum = -exitcode
        if signum == signal.SIGILL:
            return gettext("illegal instruction")
        return signal.Signals(signum).name if signum in signal.valid_signals() else str(signum)
    if exitcode is not None and exitcode & 0xFFFFFFFF == 0xC000001D:
        return gettext("illegal instruction")
    return gettext("exit status {code}").format(code=exitcode)
