"""Start-up time of an installed app: from launching the program to the window painted.

The program prints ``folder-captioner: window shown`` on its first paint when
FOLDER_CAPTIONER_EXIT_AFTER_MS is set (desktop_app/gui/scripted_exit.py); the clock
runs in this process, from just before the launch to the moment that line arrives.

"Cold" runs first drop the installed files from the page cache (posix_fadvise
DONTNEED on each file: only the app's own files, nothing else on the machine), so the
program and its libraries come from disk as on a first start after a reboot; the
system's shared libraries (Qt's X11 and font stack, glibc) stay cached, as they would
on a running desktop. "Warm" runs follow each other, as when the app is reopened.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from installers.app_checks import EXIT_AFTER_ENV, SHOWN_LINE, clean_env
from installers.shell import BuildError


@dataclass(frozen=True)
class StartupTimes:
    platform: str
    first_s: float  # first start after installing: fresh settings, first-run screen
    cold_s: list[float]
    warm_s: list[float]

    @property
    def cold_median_s(self) -> float:
        return statistics.median(self.cold_s)

    @property
    def warm_median_s(self) -> float:
        return statistics.median(self.warm_s)


def evict_from_page_cache(folder: Path) -> int:
    """Ask the kernel to forget the cached pages of every file under folder."""
    count = 0
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
            count += 1
        finally:
            os.close(descriptor)
    return count


def time_to_window(program: Sequence[str], env: Mapping[str, str], timeout_s: float = 120) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(
        list(program),
        env=dict(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    shown_after: float | None = None
    output = []
    for line in process.stderr:
        output.append(line)
        if SHOWN_LINE in line:
            shown_after = time.perf_counter() - start
            break
    rest = process.communicate(timeout=timeout_s)[1]
    if shown_after is None or process.returncode != 0:
        raise BuildError(
            f"start-up timing: exit status {process.returncode}, window shown: "
            f"{shown_after is not None}\n{''.join(output)}{rest}"
        )
    return shown_after


def measure_startup(
    program: Sequence[str],
    installed: Path,
    home: Path,
    display: str | None,
    *,
    runs: int = 3,
) -> StartupTimes:
    platform = "xcb" if display else "offscreen"
    extra = {EXIT_AFTER_ENV: "0", "QT_QPA_PLATFORM": platform}
    if display:
        extra["DISPLAY"] = display
    env = clean_env(home, extra)
    evict_from_page_cache(installed)
    first = time_to_window(program, env)
    cold = []
    for _ in range(runs):
        evict_from_page_cache(installed)
        cold.append(time_to_window(program, env))
    warm = [time_to_window(program, env) for _ in range(runs)]
    return StartupTimes(platform, first, cold, warm)


@contextlib.contextmanager
def virtual_display() -> Iterator[str | None]:
    """An Xvfb server for the xcb checks, or None where there is none."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        print("Xvfb not found: the window is checked offscreen only", file=sys.stderr)
        yield None
        return
    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1440x900x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise BuildError("Xvfb did not start")
        yield f":{number}"
    finally:
        process.terminate()
        process.wait(10)
