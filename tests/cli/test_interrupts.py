"""A Ctrl-C that the kernel hands to a worker thread still takes effect at once.

Each case runs in a child process (the signal must not reach pytest): a helper thread
sends SIGINT to itself, the way the kernel may deliver a Ctrl-C to any thread, while
the main thread sleeps for a minute in an event loop or a join. Without the helpers the
signal waits for that minute; the child says which came first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The pause lets the main thread fall asleep first; where it does not (a very busy
# machine), the signal is handled at once anyway: a test can only pass by it.
SIGNAL_FROM_A_WORKER = """
import signal, threading, time
def send():
    time.sleep(0.5)
    signal.pthread_kill(threading.get_ident(), signal.SIGINT)
worker = threading.Thread(target=send)
"""

LOOP = (
    SIGNAL_FROM_A_WORKER
    + """
import asyncio
from desktop_app.cli.interrupts import cancel_on_ctrl_c

async def main():
    cancel_on_ctrl_c(asyncio.current_task())
    worker.start()
    await asyncio.sleep(60)  # nothing else wakes the loop

try:
    asyncio.run(main())
    print("slept the whole minute")
except asyncio.CancelledError:
    print("cancelled")
"""
)

JOIN = (
    SIGNAL_FROM_A_WORKER
    + """
import time
from desktop_app.cli.interrupts import join_waking

done = threading.Event()
slow = threading.Thread(target=lambda: (time.sleep(60), done.set()), daemon=True)
slow.start()
try:
    worker.start()
    join_waking(slow)
    print("joined after the minute")
except KeyboardInterrupt:
    print("interrupted" if not done.is_set() else "interrupted after the minute")
"""
)


def run_child(script: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    return result.stdout.strip() + result.stderr[-2000:]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals to a thread")
def test_ctrl_c_on_a_worker_thread_cancels_the_run_while_the_loop_sleeps() -> None:
    assert run_child(LOOP) == "cancelled"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals to a thread")
def test_a_second_signal_on_a_worker_thread_interrupts_a_join() -> None:
    assert run_child(JOIN) == "interrupted"
