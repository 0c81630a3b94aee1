"""Ctrl-C and SIGTERM that take effect at once, whichever thread the kernel gives them to.

Python runs signal handlers on the main thread only, when that thread next runs Python
code. A signal sent to the process may be delivered to any of its threads, and when it
reaches a worker while the main thread sleeps (an event loop waiting for a slow answer,
a join), the handler waits for that sleep to end: a Ctrl-C ignored for as long as a
server takes to answer or a local model thinks. These helpers keep the main thread
where a signal wakes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
from typing import Any


def cancel_on_ctrl_c(task: asyncio.Task[Any]) -> None:
    """Ctrl-C cancels ``task`` (call on the running loop, in the main thread).

    ``asyncio.run`` handles Ctrl-C with a plain signal handler; the loop's own signal
    handling wakes the loop through its self-pipe, whichever thread the signal reached.
    A second Ctrl-C raises KeyboardInterrupt as usual. Where the loop has no signal
    handling (Windows) or this is not the main thread, nothing changes.
    """
    loop = asyncio.get_running_loop()

    def first_ctrl_c() -> None:
        loop.remove_signal_handler(signal.SIGINT)  # back to KeyboardInterrupt
        task.cancel()

    with contextlib.suppress(NotImplementedError, RuntimeError):
        loop.add_signal_handler(signal.SIGINT, first_ctrl_c)


def join_waking(thread: threading.Thread, every_s: float = 0.25) -> None:
    """``thread.join()`` in short waits: a signal handler (raising KeyboardInterrupt for
    a second Ctrl-C) runs within ``every_s``, even when the signal reached another
    thread, where a plain join would hold it until the thread ends."""
    while thread.is_alive():
        thread.join(every_s)
