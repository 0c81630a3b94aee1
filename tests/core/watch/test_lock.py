"""One watcher per library, and a killed watcher never blocks the next one."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core.watch.lock import AlreadyWatching, WatchLock

HOLD = """
import sys, time
from pathlib import Path
from desktop_app.core.watch.lock import WatchLock
lock = WatchLock(Path(sys.argv[1]))
lock.acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_a_second_lock_is_refused_until_the_first_is_released(tmp_path: Path) -> None:
    first = WatchLock(tmp_path / "library.sqlite3")
    first.acquire()
    with pytest.raises(AlreadyWatching, match=r"Another watcher \(process \d+\)"):
        WatchLock(tmp_path / "library.sqlite3").acquire()
    first.release()
    with WatchLock(tmp_path / "library.sqlite3"):
        pass


def test_a_killed_holder_frees_the_lock(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[3]
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path / "library.sqlite3")],
        stdout=subprocess.PIPE,
        text=True,
        env={"PYTHONPATH": str(root)},
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(AlreadyWatching, match=f"process {holder.pid}"):
        WatchLock(tmp_path / "library.sqlite3").acquire()
    holder.send_signal(signal.SIGKILL)
    holder.wait(60)
    with WatchLock(tmp_path / "library.sqlite3"):
        pass
