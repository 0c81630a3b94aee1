"""The window with a 100,000-image folder and a warm index (run by hand).

    python -m tests.benchmarks.bench_gui [--images 100000] [--skip-scroll]
    python -m tests.benchmarks.bench_gui --trace with    # a cold opening, as a timeline

Two folders of hard links (100,000 distinct files for the disk space of a few, and
every thumbnail still decodes a 24-MP JPEG); the index already knows every image and
its caption:
- "with EXIF thumbnails": 6000 x 4000 JPEGs carrying a camera's 160 x 120 EXIF
  thumbnail (black bars above and below, as Canon and Nikon write it);
- "without": the same photos with no embedded thumbnail at all, the worst case.
Measured in one run, offscreen, a 1400 x 860 window; "none cached" means a fresh,
empty thumbnail cache for that measurement:
- start to window shown (a fresh process; llama_cpp must not be imported): <= 1.5 s;
- opening a folder until every visible cell shows a picture: < 0.5 s with EXIF
  thumbnails, and no worse than today's path without;
- then until every visible cell shows its real thumbnail;
- scrolling from top to bottom, page by page: the longest gap of a 5 ms heartbeat
  timer, i.e. the longest time the event loop could not run: goal < 50 ms;
- peak RSS at the end: goal < 500 MB.
Baselines in the same run: today's path (embedded previews off: every cell waits for
its decoded thumbnail), and decoding thumbnails on the GUI thread the naive way
(full decode + resize), whose cost per visible screen and per thumbnail is shown.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
STARTUP_PROBE = """
import time, sys
t0 = time.perf_counter()
from desktop_app.gui.app import create_application
from desktop_app.gui.context import AppContext
from desktop_app.gui.main_window import MainWindow
app = create_application()
window = MainWindow(AppContext.create())
window.show()
app.processEvents()
print(f"{time.perf_counter() - t0:.3f} {'llama_cpp' in sys.modules}")
"""


def build_folder(folder: Path, count: int, *, exif_thumbnails: bool) -> Path:
    from tests.camera_jpegs import write_camera_jpeg

    folder.mkdir(parents=True)
    links_per_file = 60_000  # ext4 allows 65,000 links to one file
    sources = [
        write_camera_jpeg(
            folder.parent / f"{folder.name}-source{n}.jpg",
            (6000, 4000),
            seed=n,
            thumbnail=None if exif_thumbnails else b"",
        )
        for n in range(count // links_per_file + 1)
    ]
    for i in range(count):
        os.link(sources[i // links_per_file], folder / f"IMG_{i:06d}.jpg")
    return sources[0]


def warm_up_folder(tmp: Path, folders: list[Path], count: int = 24) -> Path:
    """A few links to each kind of photo, in a folder of their own."""
    folder = tmp / "warm-up"
    folder.mkdir()
    for n in range(count):
        os.link(folders[n % len(folders)] / f"IMG_{n // len(folders):06d}.jpg", folder / f"{n}.jpg")
    return folder


def warm_index(folder: Path, count: int) -> float:
    from desktop_app.core.library import CaptionSource, Library, NewCaption
    from desktop_app.core.paths import app_dirs
    from desktop_app.core.scan import iter_folder

    started = time.perf_counter()
    library = Library(app_dirs().library_file)
    images = list(iter_folder(folder, recursive=False))
    ids = library.upsert_many((i.path, i.size, i.mtime_ns, i.kind.value) for i in images)
    library.import_captions(
        (image_id, NewCaption(f"Caption number {image_id} of a harbour.", CaptionSource.IMPORTED))
        for image_id in ids.values()
    )
    library.close()
    assert len(ids) == count
    return time.perf_counter() - started


def startup_seconds() -> tuple[float, bool]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", STARTUP_PROBE], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    total = time.perf_counter() - started
    return total, out[1] == "True"


def naive_thumbnail_seconds(path: Path) -> float:
    started = time.perf_counter()
    with Image.open(path) as image:
        image.load()
        image.resize((256, 171), Image.Resampling.LANCZOS)
    return time.perf_counter() - started


@dataclass(frozen=True)
class Opening:
    """Seconds after opening a folder: until every visible cell shows a picture, until
    each shows its real thumbnail, until every row is in the model."""

    first_screen: float
    all_real: float
    listed: float


@dataclass(frozen=True)
class Scrolling:
    seconds: float
    longest_stall_ms: float


class WindowBench:
    """One window, in this process, opening folders and scrolling them."""

    def __init__(self, tmp: Path, images: int) -> None:
        from desktop_app.gui.app import GIL_SWITCH_INTERVAL_S, create_application
        from desktop_app.gui.context import AppContext
        from desktop_app.gui.main_window import MainWindow

        sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)  # as run_gui does
        self.tmp = tmp
        self.images = images
        self.app = create_application()
        self.ctx = AppContext.create()
        self.window = MainWindow(self.ctx)
        self.window.resize(1400, 860)
        self.window.show()
        self.app.processEvents()
        self.on_screen = 0

    def visible_paths(self) -> list[Path]:
        """The cells on screen, found by probing the viewport on the grid's pitch."""
        from PySide6.QtCore import QPoint

        from desktop_app.gui.grid.image_model import Roles

        grid = self.window.grid.view
        step = grid.gridSize()
        viewport = grid.viewport().rect()
        paths: list[Path] = []
        for y in range(step.height() // 2, viewport.height(), step.height()):
            for x in range(step.width() // 2, viewport.width(), step.width()):
                index = grid.indexAt(QPoint(x, y))
                if index.isValid():
                    paths.append(index.data(Roles.PATH))
        return paths

    def wait_until(self, condition: Callable[[], bool], timeout: float = 120.0) -> float:
        started = time.perf_counter()
        while not condition():
            self.app.processEvents()
            time.sleep(0.001)
            if time.perf_counter() - started > timeout:
                raise TimeoutError("gave up waiting")
        return time.perf_counter() - started

    def _screen(self, test: Callable[[Path], bool]) -> bool:
        paths = self.visible_paths()
        return bool(paths) and all(test(path) for path in paths)

    def _open(self, folder: Path) -> Opening:
        loader = self.window.grid.loader
        opened = time.perf_counter()
        self.window.folders.open(folder)
        self.wait_until(lambda: self._screen(loader.is_shown))
        first = time.perf_counter()
        self.on_screen = len(self.visible_paths())
        self.wait_until(lambda: self._screen(loader.is_real))
        real = time.perf_counter()
        self.wait_until(lambda: self.window.grid.model.rowCount() == self.images)
        listed = time.perf_counter()
        self.wait_until(lambda: self.window.grid.model.rows()[-1].caption != "")
        return Opening(first - opened, real - opened, listed - opened)

    def _cold_loader(self, previews: bool) -> Any:
        """The grid's thumbnail loader with an empty cache of its own and nothing in
        memory, embedded previews on or off."""
        from desktop_app.core.thumbnails import ThumbnailCache

        loader = self.window.grid.loader
        loader.cache = ThumbnailCache(Path(tempfile.mkdtemp(prefix="thumbnails-", dir=self.tmp)))
        loader.embedded_previews = previews
        loader.clear()
        return loader

    def open_cold(self, folder: Path, *, previews: bool) -> Opening:
        """Open ``folder`` with an empty thumbnail cache of its own."""
        self._cold_loader(previews)
        return self._open(folder)

    def trace_cold(self, folder: Path, *, previews: bool) -> list[str]:
        """A cold opening as a timeline: a line each time the rows in the model, the
        cells on screen, those showing a picture or the real thumbnail change, with the
        longest the event loop was away before it (how the first screen was found to
        wait for the last row)."""
        loader = self._cold_loader(previews)
        lines: list[str] = []
        last: tuple[int, ...] = ()
        opened = before = time.perf_counter()
        self.window.folders.open(folder)
        while time.perf_counter() - opened < 120:
            self.app.processEvents()
            now = time.perf_counter()
            paths = self.visible_paths()
            rows = self.window.grid.model.rowCount()
            state = (
                rows,
                len(paths),
                sum(loader.is_shown(p) for p in paths),
                sum(loader.is_real(p) for p in paths),
            )
            if state != last:
                lines.append(
                    f"{(now - opened) * 1000:7.0f} ms  rows {state[0]:>6}  on screen {state[1]:>3}"
                    f"  with a picture {state[2]:>3}  real {state[3]:>3}"
                    f"  (event loop away {(now - before) * 1000:.0f} ms)"
                )
                last = state
            if paths and state[3] == len(paths) and rows == self.images:
                break
            before = now
            time.sleep(0.001)
        return lines

    def warm_up(self, folder: Path) -> None:
        """Open a small folder once, so that no measured opening pays for the first
        decode in this process (decoder set-up, the thread pool's first threads)."""
        from desktop_app.core.thumbnails import ThumbnailCache

        loader = self.window.grid.loader
        loader.cache = ThumbnailCache(self.tmp / "thumbnails-warm-up")
        self.window.folders.open(folder)
        self.wait_until(lambda: self._screen(loader.is_real))
        self.window.folders.loader.wait()

    def open_warm(self, folder: Path, cache: Path) -> float:
        """Open ``folder`` with the thumbnail cache an earlier opening filled."""
        from desktop_app.core.thumbnails import ThumbnailCache

        loader = self.window.grid.loader
        loader.cache = ThumbnailCache(cache)
        loader.embedded_previews = True
        loader.clear()  # forget the decoded images; the disk cache stays
        return self._open(folder).first_screen

    def scroll_end_to_end(self) -> Scrolling:
        from PySide6.QtCore import QElapsedTimer, QTimer

        gaps: list[float] = []
        clock = QElapsedTimer()
        clock.start()
        last = [clock.elapsed()]

        def beat() -> None:
            now = clock.elapsed()
            gaps.append(now - last[0])
            last[0] = now

        heartbeat = QTimer()
        heartbeat.setInterval(5)
        heartbeat.timeout.connect(beat)
        heartbeat.start()
        bar = self.window.grid.view.verticalScrollBar()
        page = max(1, bar.pageStep())
        started = time.perf_counter()
        position = 0
        while position < bar.maximum():
            position = min(bar.maximum(), position + page)
            bar.setValue(position)
            deadline = time.perf_counter() + 0.016
            while time.perf_counter() < deadline:
                self.app.processEvents()
                time.sleep(0.001)
        heartbeat.stop()
        self.wait_until(lambda: self._screen(self.window.grid.loader.is_real))
        longest = max(gaps[1:]) if len(gaps) > 1 else 0.0
        return Scrolling(time.perf_counter() - started, longest)

    def close(self) -> None:
        self.window.close()
        self.ctx.close()


@dataclass(frozen=True)
class Results:
    images: int
    index_s: float
    on_screen: int
    start_s: float
    llama_loaded: bool
    cold: dict[str, list[Opening]]
    warm_s: list[float]
    scroll: dict[str, Scrolling]
    rss_mb: dict[str, float]
    naive_s: float


def _seconds(values: list[float]) -> str:
    return " / ".join(f"{value:.2f}" for value in values) + " s"


def print_table(r: Results) -> None:
    naive_screen = f"{r.naive_s * r.on_screen:.2f} s"
    runs = len(r.warm_s)
    print(
        f"{r.images:,} images (hard links to 6000x4000 JPEGs); index warmed in "
        f"{r.index_s:.1f} s; {r.on_screen} cells on the first screen; each opening in a "
        f"fresh process, {runs} runs (run 1 / run 2 ...)\n"
    )
    print("| measure | app | goal | today's path (same run) | naive (GUI thread) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(f"| start to window shown (new process) | {r.start_s:.2f} s | <= 1.5 s | | |")
    print(f"| llama_cpp imported at start | {'yes' if r.llama_loaded else 'no'} | no | | |")
    app, today = r.cold["app, with"], r.cold["today, with"]
    app_none, today_none = r.cold["app, without"], r.cold["today, without"]
    rows = [
        (
            "folder listed (all rows in the model)",
            [o.listed for o in app],
            "",
            [o.listed for o in today],
        ),
        (
            "first screen, none cached, EXIF thumbnails",
            [o.first_screen for o in app],
            "< 0.5 s",
            [o.first_screen for o in today],
        ),
        (
            "every visible cell refined to its real thumbnail",
            [o.all_real for o in app],
            "",
            [o.all_real for o in today],
        ),
        (
            "first screen, none cached, no embedded thumbnail (worst case)",
            [o.first_screen for o in app_none],
            "<= today",
            [o.first_screen for o in today_none],
        ),
    ]
    for name, values, goal, base in rows:
        naive = naive_screen if "screen" in name else ""
        print(f"| {name} | {_seconds(values)} | {goal} | {_seconds(base)} | {naive} |")
    print(f"| first screen, disk cache warm | {_seconds(r.warm_s)} | < 0.5 s | | {naive_screen} |")
    if r.scroll:
        app_scroll, today_scroll = r.scroll["app"], r.scroll["today"]
        print(
            f"| longest event-loop stall, scrolling end to end ({app_scroll.seconds:.0f} s, "
            f"today {today_scroll.seconds:.0f} s) | {app_scroll.longest_stall_ms:.0f} ms | "
            f"< 50 ms | {today_scroll.longest_stall_ms:.0f} ms | "
            f"{r.naive_s * 1000:.0f} ms per thumbnail |"
        )
    if r.rss_mb:
        print(
            f"| peak RSS (the scrolling process) | {r.rss_mb['app']:.0f} MB | < 500 MB | "
            f"{r.rss_mb['today']:.0f} MB | |"
        )


def child(spec: dict[str, Any]) -> dict[str, Any]:
    """One measurement in this (fresh) process: a warm-up opening, then ``spec``'s."""
    tmp = Path(spec["tmp"])
    bench = WindowBench(tmp, spec["images"])
    bench.warm_up(Path(spec["warm_up"]))
    folder = Path(spec["folder"])
    result: dict[str, Any] = {}
    if spec.get("trace"):
        result["timeline"] = bench.trace_cold(folder, previews=spec["previews"])
    elif spec["cache"]:
        result["warm_s"] = bench.open_warm(folder, Path(spec["cache"]))
    else:
        opening = bench.open_cold(folder, previews=spec["previews"])
        result.update(asdict(opening), cache=str(bench.window.grid.loader.cache.root))
    result["on_screen"] = bench.on_screen
    if spec["scroll"]:
        result.update(asdict(bench.scroll_end_to_end()))
        result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    bench.close()
    return result


def run_child(spec: dict[str, Any]) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "tests.benchmarks.bench_gui", "--child", json.dumps(spec)]
    out = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout
    answer: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return answer


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--images", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=2, help="each opening this many times")
    parser.add_argument("--skip-scroll", action="store_true", help="no scrolling row")
    parser.add_argument(
        "--trace",
        choices=["with", "without"],
        help="instead of the table: the timeline of one cold opening of the folder with "
        "(or without) EXIF thumbnails, by the app and by today's path",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return
    tmp = Path(tempfile.mkdtemp(prefix="fc-bench-gui-"))
    os.environ["FOLDER_CAPTIONER_HOME"] = str(tmp / "home")
    os.environ["XDG_CACHE_HOME"] = str(tmp / "cache")
    folders = {"with": tmp / "with-exif-thumbnails", "without": tmp / "without"}
    # The set-up runs in a child process: its 100,000 temporary objects must not count
    # in this process's peak memory, which measures the window alone.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        source = pool.submit(build_folder, folders["with"], args.images, exif_thumbnails=True)
        pool.submit(build_folder, folders["without"], args.images, exif_thumbnails=False).result()
        index_s = sum(
            pool.submit(warm_index, folder, args.images).result() for folder in folders.values()
        )
    base = {
        "tmp": str(tmp),
        "images": args.images,
        "scroll": False,
        "cache": None,
        "warm_up": str(warm_up_folder(tmp, list(folders.values()))),
    }
    if args.trace:
        for previews, who in ((True, "the app"), (False, "today's path")):
            spec = {**base, "folder": str(folders[args.trace]), "previews": previews}
            print(f"\n{who}, photos {args.trace} EXIF thumbnails, nothing cached:")
            print("\n".join(run_child({**spec, "trace": True})["timeline"]))
        return
    start_s, llama_loaded = startup_seconds()
    cold: dict[str, list[Opening]] = {}
    warm: list[float] = []
    on_screen = 0
    for _ in range(args.runs):
        for which, folder in folders.items():
            for previews, who in ((True, "app"), (False, "today")):
                spec = {**base, "folder": str(folder), "previews": previews}
                answer = run_child(spec)
                on_screen = answer["on_screen"]
                cold.setdefault(f"{who}, {which}", []).append(
                    Opening(answer["first_screen"], answer["all_real"], answer["listed"])
                )
                if previews and which == "with":
                    cache = answer["cache"]
        warm.append(run_child({**base, "folder": str(folders["with"]), "cache": cache})["warm_s"])
    scroll: dict[str, Scrolling] = {}
    rss_mb: dict[str, float] = {}
    if not args.skip_scroll:
        for previews, who in ((True, "app"), (False, "today")):
            spec = {**base, "folder": str(folders["with"]), "previews": previews, "scroll": True}
            answer = run_child(spec)
            scroll[who] = Scrolling(answer["seconds"], answer["longest_stall_ms"])
            rss_mb[who] = answer["rss_mb"]
    naive_s = naive_thumbnail_seconds(source.result())
    print_table(
        Results(
            args.images,
            index_s,
            on_screen,
            start_s,
            llama_loaded,
            cold,
            warm,
            scroll,
            rss_mb,
            naive_s,
        )
    )


if __name__ == "__main__":
    main()
