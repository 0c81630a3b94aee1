"""Crash safety: a process writing captions is killed with SIGKILL at random moments.

48 times a forked child writes captions (embedded into a JPEG, a PNG and a TIFF by
its own ExifTool processes; an XMP sidecar for a RAW; .txt files for all) in a random
order, until the parent kills it without warning. After every kill each original must
be either untouched or completely updated (all its caption fields agree, its image
data is unchanged), the start-up clean-up must leave no temp file behind, and the
child's ExifTool processes must be gone with it.

Each child first starts its ExifTool processes and writes once into a scratch copy,
then says it is ready: the kill window covers writes, not ExifTool's start-up. Most
kills land at a random moment (how long to wait is scaled to the machine's speed).
Where a random kill lands depends on how busy the machine is, so one kill in four
lands at a chosen step instead: the child stops just before or just after an image's
temp file replaces it and waits there to be killed. Those make sure, on any machine,
that kills land both mid-write and after completed writes.
"""

from __future__ import annotations

import os
import random
import re
import select
import signal
import sys
import time
from pathlib import Path

import pytest

from desktop_app.metadata.atomic import is_temp_file, remove_stray_temp_files
from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.embedded_fields import read_embedded
from desktop_app.metadata.exiftool_session import current_session
from desktop_app.metadata.exiv2_runtime import initialize
from desktop_app.metadata.registry import writer_set
from desktop_app.metadata.txt import TxtWriter
from desktop_app.metadata.xmp_sidecar import XmpSidecarWriter
from tests import exiftool
from tests.images import write_jpeg, write_png, write_tiff
from tests.metadata.image_data import raw_image_data
from tests.raw_files import write_raw

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs fork, SIGKILL, /proc"),
    exiftool.requires_exiftool,
]
# Each round starts a child and its ExifTool processes: fewer rounds than a pure
# Python writer could afford, a chosen step in every fourth.
ROUNDS = 48
ADAPT_AFTER = 6  # rounds without a completed write (or a kill mid-write)
READY_TIMEOUT_S = 120.0  # a child that cannot start ExifTool in this long is broken
CAPTION = re.compile(r"caption [\d.]+ [^\n]*🪁")


# The chosen steps: (stop before or after the replace, which image), one per round.
STEPS = [(when, image) for when in ("before", "after") for image in range(3)]
STEP_EVERY = 4  # every fourth round stops at a chosen step (12 of 48)


def _write_forever(images: list[Path], seed: int, ready: int, scratch: Path) -> None:
    """The child: start its ExifTool processes and write once into a scratch copy, say
    so (with the processes' ids), then write captions until killed (never returns
    normally). Each caption is new (the round is in it), so a completed write always
    changes the file."""
    writers = writer_set(["embedded", "txt"])
    session = current_session()
    writers.write(scratch, CaptionData("warming up"))
    os.write(ready, f"{session.writer.pid} {session.reader.pid}\n".encode())
    order = list(images)
    random.Random(seed).shuffle(order)
    for number in range(1_000_000):
        for image in order:
            text = f"caption {seed}.{number} über den Hafen 🪁"
            writers.write(image, CaptionData(text, ("kite",)))


def _stop_at_replace(image: Path, when: str, notify: int) -> None:
    """The child: just ``when`` (before/after) ``image`` is replaced by its temp file,
    tell the parent through ``notify`` and wait there to be killed."""
    replace = os.replace

    def stop_here() -> None:
        os.write(notify, b"!")
        while True:
            time.sleep(60)

    def replace_then_stop(source: object, target: object, *args: object) -> None:
        chosen = Path(str(target)).name == image.name
        if chosen and when == "before":
            stop_here()
        replace(source, target, *args)  # type: ignore[arg-type]
        if chosen and when == "after":
            stop_here()

    os.replace = replace_then_stop  # type: ignore[assignment]


def _check_image(image: Path, original: bytes, image_data: bytes) -> bool:
    """Untouched, or completely updated; returns whether it was updated."""
    current = image.read_bytes()
    if current == original:
        return False
    fields = read_embedded(image)
    assert fields.xmp is not None, image.name
    assert CAPTION.fullmatch(fields.xmp), (image.name, fields.xmp)
    assert fields.exif == fields.xmp, image.name
    if image.suffix in (".jpg", ".tif"):
        assert fields.iim == fields.xmp, image.name
    assert raw_image_data(image) == image_data, image.name
    return True


def _check_sidecars(images: list[Path], raw: Path) -> None:
    for image in images:
        found = TxtWriter().read(image)
        assert found is None or CAPTION.fullmatch(found.text), image.name
    sidecar = XmpSidecarWriter().read(raw)  # parses the whole packet
    assert sidecar is None or CAPTION.fullmatch(sidecar.text)


Step = tuple[str, Path]  # (stop "before" or "after" the replace, of which image)


def _kill_a_writer(
    files: list[Path], seed: int, step: Step | None, wait: float, scratch: Path
) -> None:
    """Fork a child that writes captions to ``files``; once it is ready, SIGKILL it
    after ``wait`` seconds, or, with a ``step``, once it has stopped there. Its ExifTool
    processes must end with it."""
    notice, notify = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child is killed
        try:
            os.close(notice)
            if step is not None:
                _stop_at_replace(step[1], step[0], notify)
            _write_forever(files, seed, notify, scratch)
        finally:
            os._exit(0)
    os.close(notify)
    helpers: list[int] = []
    try:
        helpers = _ready(notice)
        if step is None:
            time.sleep(wait)
        else:  # the child says when it is there; only a child that never gets there hangs
            assert select.select([notice], [], [], READY_TIMEOUT_S)[0], f"never reached {step}"
            assert os.read(notice, 1) == b"!"
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(notice)
    _wait_until_gone(helpers)


def _ready(notice: int) -> list[int]:
    """The child's ExifTool process ids, once it has started them and written once."""
    message = b""
    while not message.endswith(b"\n"):
        assert select.select([notice], [], [], READY_TIMEOUT_S)[0], "the child never got ready"
        byte = os.read(notice, 1)
        assert byte, "the child ended before it was ready"
        message += byte
    return [int(pid) for pid in message.split()]


def _wait_until_gone(pids: list[int]) -> None:
    """The kernel ends a killed writer's ExifTool processes (they are tied to it)."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while any(_alive(pid) for pid in pids):
        assert time.monotonic() < deadline, "ExifTool outlived the process that ran it"
        time.sleep(0.01)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"  # a zombie is gone
    except FileNotFoundError:
        return False


def _step_for(round_number: int, images: list[Path]) -> Step | None:
    if round_number % STEP_EVERY != STEP_EVERY - 1:
        return None
    when, index = STEPS[round_number // STEP_EVERY % len(STEPS)]
    return when, images[index]


def test_sigkill_at_random_moments_leaves_every_file_whole(tmp_path: Path) -> None:
    initialize()
    images = [
        write_jpeg(tmp_path / "photo.jpg", (1024, 768)),
        write_png(tmp_path / "scan.png", (320, 240)),
        write_tiff(tmp_path / "print.tif", (200, 150)),
    ]
    raw = write_raw(tmp_path / "IMG_0001.CR2")
    scratch = write_jpeg(tmp_path / "scratch" / "warm-up.jpg", (64, 48))
    raw_bytes = raw.read_bytes()
    image_data = {image: raw_image_data(image) for image in images}
    # How long one pass over the files takes here: kills land anywhere within it, so
    # the test hits every phase of a write on a fast machine and on a busy one.
    started = time.perf_counter()
    for image in [*images, raw]:
        writer_set(["embedded", "txt"]).write(image, CaptionData("caption 0 first 🪁"))
    one_pass = time.perf_counter() - started
    originals = {image: image.read_bytes() for image in images}
    rng = random.Random(20240501)
    updated, temps_found = 0, 0
    # The kill window follows the machine's speed: on a loaded machine a pass can take
    # much longer than the one measured above, so widen it while no write completes
    # and narrow it while no kill lands mid-write.
    window = 1.5 * one_pass + 0.005
    last_update, last_temp = 0, 0
    for round_number in range(ROUNDS):
        step = _step_for(round_number, images)
        _kill_a_writer([*images, raw], round_number, step, rng.uniform(0.0, window), scratch)
        changed = [i for i in images if _check_image(i, originals[i], image_data[i])]
        for image in changed:
            originals[image] = image.read_bytes()  # the new "untouched" state
        updated += len(changed)
        _check_sidecars(images, raw)
        assert raw.read_bytes() == raw_bytes
        removed = len(remove_stray_temp_files([tmp_path]))  # what start-up does
        temps_found += removed
        assert not [p for p in tmp_path.iterdir() if is_temp_file(p)]
        if step is not None and step[0] == "before":  # mid-write: a temp file, no change
            assert removed >= 1
            assert step[1] not in changed
        if step is not None and step[0] == "after":  # after the replace: the new caption
            assert step[1] in changed
        if changed:
            last_update = round_number
        if removed:
            last_temp = round_number
        if round_number - last_update >= ADAPT_AFTER:
            window, last_update = window * 1.5, round_number
        elif round_number - last_temp >= ADAPT_AFTER:
            window, last_temp = max(window / 1.5, 0.005), round_number
    # the kills landed both between writes and in the middle of them (the chosen steps
    # alone make 6 of each; random kills add to both)
    assert updated > 10, f"only {updated} writes completed before a kill"
    assert temps_found > 10, f"only {temps_found} kills landed mid-write"
