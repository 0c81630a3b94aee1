"""How fast each kind of stop ends the work in hand (run by hand).

    python -m tests.benchmarks.bench_stop                  # every row, 5 tries each
    python -m tests.benchmarks.bench_stop --repeat 3 --skip-local

The tests check what a stop keeps and abandons (tests/cli/test_caption_command.py,
tests/cli/test_watch_command.py, tests/backends/local/test_local_captioner.py,
tests/gui/folders/test_folder_loader.py); how long it takes is measured here, because a busy
machine stretches any duration a test could assert. Each row is timed from the moment
the stop is asked for to the moment the work is gone:

- ``caption``, Ctrl-C: a real CLI process on 30 photos; the fake cloud API answered 3
  requests and holds the next 2 for ever; SIGINT to process exit. Goal < 5 s.
- ``watch``, a second signal while the clean stop waits for a request the fake never
  answers: the second SIGTERM to process exit. Goal < 3 s.
- local backend, cancel mid-answer: the worker has spent 0.3 s of CPU on a long
  answer from the tiny random-weight model; ``task.cancel()`` to the cancelled task
  returning with the worker process gone. Goal < 1 s.
- opening a folder, cancel while the listing thread waits for the window (which never
  takes its batches): ``cancel()`` to the thread's end. Goal < 1 s.

The baseline, measured in the same run, is what a stop costs when it waits for the work
in flight instead: the clean ``watch`` stop with a request the fake answers 2 s after it
arrived (the cloud rows), and the same long local answer left to finish from the same
point (the local row).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tests.fakes.runware_server import FakeRunware
from tests.images import photo_folder
from tests.watching import png_bytes

ROOT = Path(__file__).resolve().parents[2]
LATENCY_S = 2.0  # the baseline request's answer time


def cli(home: Path, api: FakeRunware, *args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "FOLDER_CAPTIONER_HOME": str(home),
        "RUNWARE_API_URL": api.url,
        "RUNWARE_API_KEY": api.api_key,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "desktop_app", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def timed_exit(process: subprocess.Popen[str], sig: int) -> float:
    started = time.perf_counter()
    process.send_signal(sig)
    process.communicate(timeout=120)
    return time.perf_counter() - started


def read_until(process: subprocess.Popen[str], event: str) -> None:
    assert process.stdout is not None
    while json.loads(process.stdout.readline())["event"] != event:
        pass


def released(api: FakeRunware) -> None:
    api.release()
    while api.held:
        time.sleep(0.01)


# -- the cloud stops ------------------------------------------------------------------
def caption_ctrl_c(work: Path, api: FakeRunware, number: int) -> float:
    folder = work / f"ctrl-c-{number}"
    photo_folder(folder, 30)
    api.hold(answer_first=3)
    process = cli(work / f"home-c{number}", api, "caption", str(folder), "--json",
                  "--concurrency", "2", "--batch-size", "1")  # fmt: skip
    assert process.stdout is not None
    for _ in range(3):
        process.stdout.readline()
    api.wait_held(2)
    took = timed_exit(process, signal.SIGINT)
    released(api)
    return took


def watch_stop(work: Path, api: FakeRunware, number: int, *, second_signal: bool) -> float:
    folder = work / f"watch-{number}-{second_signal}"
    folder.mkdir()
    if second_signal:
        api.hold()
    home = work / f"home-w{number}-{second_signal}"
    process = cli(home, api, "watch", str(folder), "--settle", "0.3", "--json")
    (folder / "slow.png").write_bytes(png_bytes(number))
    read_until(process, "image_sent")
    if second_signal:
        api.wait_held(1)
        process.send_signal(signal.SIGTERM)
        read_until(process, "watch_stopping")
    took = timed_exit(process, signal.SIGTERM)
    released(api)
    return took


# -- the local backend ----------------------------------------------------------------
def local_stops(work: Path, repeat: int) -> tuple[list[float], list[float]]:
    """(cancel mid-answer, letting the same answer finish) for ``repeat`` tries."""
    from tests.backends.local.helpers import alive, local, request, worked_on_it
    from tests.fakes.tiny_models import tiny_pairs

    pair = tiny_pairs(work / "tiny")["f16"]
    tokens = 1000

    async def one(cancel: bool) -> float:
        captioner = local(pair.model, pair.mmproj, max_tokens=tokens)
        try:
            await captioner.check()
            pid = captioner.worker_pid
            assert pid is not None
            long = request("long", max_tokens=tokens, temperature=0.0)
            task = asyncio.create_task(captioner.caption_batch([long]))
            await worked_on_it(pid, 0.3)
            started = time.perf_counter()
            if cancel:
                task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                assert not alive(pid)
            return time.perf_counter() - started
        finally:
            await captioner.aclose()

    cancels = [asyncio.run(one(cancel=True)) for _ in range(repeat)]
    finishes = [asyncio.run(one(cancel=False)) for _ in range(repeat)]
    return cancels, finishes


# -- opening a folder -----------------------------------------------------------------
def folder_loader_cancels(work: Path, repeat: int) -> list[float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from desktop_app.gui.folders.folder_loader import BATCH, FolderLoader
    from desktop_app.metadata.registry import writer_set

    _app = QApplication.instance() or QApplication([])
    folder = work / "big-folder"
    folder.mkdir()
    for index in range(4 * BATCH):
        (folder / f"IMG_{index:05d}.jpg").touch()
    found = []
    for _ in range(repeat):
        loader = FolderLoader(None)
        sent = threading.Event()
        loader._batch_ready.connect(
            lambda *_batch, sent=sent: sent.set(), Qt.ConnectionType.DirectConnection
        )
        # The window never runs its event loop: after the first screen's rows the
        # thread waits for it to show them.
        loader.load(folder, recursive=False, readers=writer_set(["txt"]))
        assert sent.wait(60)
        time.sleep(0.225)  # settled into the wait for the window (mid-way between polls)
        started = time.perf_counter()
        loader.cancel()
        loader.wait(60)
        found.append(time.perf_counter() - started)
    return found


# -- the table ------------------------------------------------------------------------
def row(name: str, times: list[float], goal: str, baseline: list[float] | None) -> str:
    median = statistics.median(times)
    base = f"{statistics.median(baseline):.2f} s" if baseline else "n/a"
    ratio = f"{median / statistics.median(baseline):.3f}x" if baseline else ""
    return f"| {name} | {median:.3f} s | {max(times):.3f} s | {goal} | {base} | {ratio} |"


def tries(repeat: int, measure: Callable[[int], float]) -> list[float]:
    return [measure(number) for number in range(repeat)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-local", action="store_true", help="no local-model rows")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-stop-") as tmp, FakeRunware() as api:
        work = Path(tmp)
        ctrl_c = tries(args.repeat, lambda n: caption_ctrl_c(work, api, n))
        second = tries(args.repeat, lambda n: watch_stop(work, api, n, second_signal=True))
        api.latency = LATENCY_S
        clean = tries(args.repeat, lambda n: watch_stop(work, api, n, second_signal=False))
        api.latency = 0.0
        loader = folder_loader_cancels(work, args.repeat)
        local = None if args.skip_local else local_stops(work, max(1, args.repeat // 2))
    print(f"\n{args.repeat} tries per row; cloud answers in the baseline after {LATENCY_S} s\n")
    print("| stop | median | max | goal | baseline: waiting instead (median) | ratio |")
    print("| --- | ---: | ---: | --- | ---: | ---: |")
    print(row("`caption`, Ctrl-C, 2 requests in flight", ctrl_c, "< 5 s", clean))
    print(row("`watch`, second signal during the clean stop", second, "< 3 s", clean))
    print(row("`watch`, clean stop (the baseline)", clean, "", clean))
    if local is not None:
        cancels, finishes = local
        print(row("local backend, cancel mid-answer", cancels, "< 1 s", finishes))
    print(row("opening a folder, cancel while it waits", loader, "< 1 s", None))


if __name__ == "__main__":
    main()
