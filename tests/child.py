"""Run a function in a forked child, optionally as an unprivileged user or with a
file-size limit: real read-only and disk-full conditions, even when tests run as root."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import resource
import signal
import traceback
from collections.abc import Callable
from typing import Any

NOBODY = 65534


def _child(
    conn: Any, fn: Callable[..., Any], args: tuple[Any, ...], user: int | None, fsize: int | None
) -> None:
    try:
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of dying
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
        if user is not None:
            os.setgid(user)
            os.setuid(user)
        conn.send(("ok", fn(*args)))
    except BaseException as exc:
        try:
            conn.send(("error", pickle.dumps(exc)))
        except Exception:
            conn.send(("text", traceback.format_exc()))


def run_in_child(
    fn: Callable[..., Any], *args: Any, user: int | None = None, fsize: int | None = None
) -> Any:
    """``fn(*args)`` in a child; its exception is re-raised here."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()
    process = context.Process(target=_child, args=(child, fn, args, user, fsize))
    process.start()
    kind, payload = parent.recv()
    process.join()
    if kind == "ok":
        return payload
    if kind == "error":
        raise pickle.loads(payload)
    raise RuntimeError(payload)


def unprivileged_user() -> int | None:
    """The user to drop to so that permissions apply (None when not root)."""
    return NOBODY if os.geteuid() == 0 else None
