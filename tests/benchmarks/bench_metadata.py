"""Time to embed one caption in a 24-megapixel JPEG, against ExifTool (run by hand).

    python -m tests.benchmarks.bench_metadata            # 15 rounds
    python -m tests.benchmarks.bench_metadata --rounds 30 --size 6000x4000

Each round copies a pristine 24-MP JPEG (with camera-like EXIF) three times, then times:
- the app's embedded writer: XMP dc:description + dc:subject, EXIF ImageDescription,
  IPTC Caption-Abstract + Keywords + CodedCharacterSet, through the whole safe-write
  procedure (ExifTool writes a temp copy while a second ExifTool process dumps the
  original; then ExifTool's full dump and exiv2 read the copy, its image data is
  compared with the original's, it is fsynced, checked against the original's stamp,
  atomically replaces the original, and the folder is fsynced);
- ExifTool in ``-stay_open`` mode writing the same fields with ``-overwrite_original``
  (its start-up paid once, as the app pays it): the baseline, goal <= 1.5x;
- ExifTool as one process per file (how it is run by hand and by most scripts), for
  reference.
The order alternates between rounds. Reported: the median time each write takes,
and (Linux) the mean CPU time it costs, its ExifTool processes included, which a machine
busy with other work changes far less than the elapsed time.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.embedded import EmbeddedWriter
from desktop_app.metadata.exiftool_session import current_session
from desktop_app.metadata.exiv2_runtime import initialize
from tests.images import noisy_image

CAPTION = CaptionData(
    "A red kite hangs over the harbour at dusk while gulls circle the fishing boats; "
    "café lights come on along the quay — 夕暮れの港 🌅.",
    ("kite", "harbour", "dusk", "Hafen"),
)


def exiftool_args(path: Path) -> list[str]:
    text = CAPTION.text
    keywords = [f"-XMP-dc:Subject={k}" for k in CAPTION.keywords]
    keywords += [f"-IPTC:Keywords={k}" for k in CAPTION.keywords]
    return [
        "-overwrite_original",
        "-charset",
        "iptc=UTF8",
        "-IPTC:CodedCharacterSet=UTF8",
        f"-XMP-dc:Description={text}",
        f"-EXIF:ImageDescription={text}",
        f"-IPTC:Caption-Abstract={text}",
        *keywords,
        str(path),
    ]


def make_photo(path: Path, size: tuple[int, int]) -> None:
    exif = Image.Exif()
    exif[0x010F] = "Folder Captioner"  # Make
    exif[0x0110] = "Benchmark Camera"  # Model
    exif[0x0132] = "2024:05:01 18:42:07"  # DateTime
    exif[0x0131] = "bench_metadata"  # Software
    noisy_image(size, (180, 70, 50)).save(path, "JPEG", quality=92, exif=exif.tobytes())


class StayOpenExiftool:
    """One exiftool process answering commands on stdin (``-stay_open True -@ -``)."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            ["exiftool", "-stay_open", "True", "-@", "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def run(self, args: list[str]) -> None:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write("\n".join(args) + "\n-execute\n")
        self.process.stdin.flush()
        while not self.process.stdout.readline().startswith("{ready}"):
            pass

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("-stay_open\nFalse\n")
        self.process.stdin.close()
        self.process.wait()


def _process_cpu(pid: int | None) -> float:
    """CPU seconds a running process has used so far (Linux; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_of(pids: Callable[[], list[int | None]]) -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (
        time.process_time()
        + sum(_process_cpu(pid) for pid in pids())
        + children.ru_utime
        + children.ru_stime
    )


def timed(
    action: Callable[[Path], object], path: Path, pids: Callable[[], list[int | None]]
) -> tuple[float, float]:
    """(elapsed, CPU) seconds of one write."""
    cpu, start = _cpu_of(pids), time.perf_counter()
    action(path)
    return time.perf_counter() - start, _cpu_of(pids) - cpu


def run_exiftool(path: Path) -> None:
    subprocess.run(["exiftool", "-q", *exiftool_args(path)], check=True)


def _app_pids() -> list[int | None]:
    session = current_session()
    return [session.writer.pid, session.reader.pid]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--size", default="6000x4000", help="WIDTHxHEIGHT")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    if shutil.which("exiftool") is None:
        raise SystemExit("exiftool is needed: apt-get install libimage-exiftool-perl")
    initialize()
    writer = EmbeddedWriter()
    batch = StayOpenExiftool()
    actions: dict[str, Callable[[Path], object]] = {
        "app": lambda path: writer.write(path, CAPTION),
        "stay_open": lambda path: batch.run(exiftool_args(path)),
        "exiftool": run_exiftool,
    }
    pids: dict[str, Callable[[], list[int | None]]] = {
        "app": _app_pids,
        "stay_open": lambda: [batch.process.pid],
        "exiftool": list,
    }
    times: dict[str, list[float]] = {name: [] for name in actions}
    cpu: dict[str, list[float]] = {name: [] for name in actions}
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        folder = Path(tmp)
        pristine = folder / "pristine.jpg"
        make_photo(pristine, (width, height))
        size = pristine.stat().st_size
        for warm_up in ("app", "stay_open"):  # start both tools' processes first
            shutil.copyfile(pristine, folder / "warm.jpg")
            actions[warm_up](folder / "warm.jpg")
        for round_number in range(args.rounds):
            copies = {name: folder / f"{name}.jpg" for name in times}
            for copy in copies.values():
                shutil.copyfile(pristine, copy)
            order = list(actions) if round_number % 2 == 0 else list(reversed(actions))
            for name in order:
                elapsed, used = timed(actions[name], copies[name], pids[name])
                times[name].append(elapsed)
                cpu[name].append(used)
        batch.close()
    app, stay, tool = (statistics.median(times[n]) * 1000 for n in times)
    # CPU time is counted in clock ticks (10 ms): the mean of many rounds is finer
    app_cpu, stay_cpu, tool_cpu = (statistics.mean(cpu[n]) * 1000 for n in cpu)
    print(f"{args.rounds} rounds, {width} x {height} JPEG of {size / 1e6:.1f} MB\n")
    print("| writer | ms per caption | vs -stay_open | CPU ms per caption | vs -stay_open |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(
        f"| ExifTool -stay_open, -overwrite_original (baseline) | {stay:.0f} | 1.00x | "
        f"{stay_cpu:.0f} | 1.00x |"
    )
    print(
        f"| folder-captioner embedded: ExifTool + two-reader check + fsync | {app:.0f} | "
        f"**{app / stay:.2f}x** (goal <= 1.5x) | {app_cpu:.0f} | {app_cpu / stay_cpu:.2f}x |"
    )
    print(
        f"| ExifTool, one process per file (reference) | {tool:.0f} | {tool / stay:.2f}x | "
        f"{tool_cpu:.0f} | {tool_cpu / stay_cpu:.2f}x |"
    )


if __name__ == "__main__":
    main()
