"""ExifTool as a long-lived process: it dies, hangs, is missing or too old, and every
case is a clear per-file error with the original untouched and the next write working.

The crash is real: the test kills the thread's ExifTool writer process with SIGKILL
while it writes a large file (or while it holds the command); the hang is real too:
the process is stopped (SIGSTOP) and the write gives up after its deadline.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from desktop_app.metadata.atomic import is_temp_file
from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.embedded import EmbeddedWriter
from desktop_app.metadata.embedded_fields import read_embedded
from desktop_app.metadata.exiftool_install import EXIFTOOL_ENV, ExifToolMissing, find_exiftool
from desktop_app.metadata.exiftool_process import ExifToolFailed
from desktop_app.metadata.exiftool_session import current_session
from desktop_app.metadata.registry import writer_set
from tests import exiftool
from tests.images import write_jpeg, write_tiff
from tests.metadata.image_data import raw_image_data

pytestmark = [
    exiftool.requires_exiftool,
    pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL and SIGSTOP"),
]
WRITER = EmbeddedWriter()
ATTEMPTS = 20  # a kill that lands after the write finished is tried again
GENEROUS_S = 120.0  # only a hang takes this long


def _temp_files(folder: Path) -> list[Path]:
    return [path for path in folder.iterdir() if is_temp_file(path)]


def _kill_when_writing(folder: Path, pid: int, done: threading.Event) -> None:
    """Freeze the writer as soon as its temp copy appears, then kill it."""
    deadline = time.monotonic() + GENEROUS_S
    while not done.is_set() and time.monotonic() < deadline:
        if _temp_files(folder):
            os.kill(pid, signal.SIGSTOP)  # it cannot finish the write now
            os.kill(pid, signal.SIGKILL)
            return
        time.sleep(0.0005)


def test_exiftool_killed_mid_write_is_a_clear_error_and_restarts(tmp_path: Path) -> None:
    image = write_tiff(tmp_path / "scan.tif", (4000, 3000))  # 36 MB: a write takes a while
    session = current_session()
    failures: list[ExifToolFailed] = []
    for attempt in range(ATTEMPTS):
        original, image_data = image.read_bytes(), raw_image_data(image)
        session.writer.start()  # (again after a kill)
        writer_pid = session.writer.pid
        assert writer_pid is not None
        done = threading.Event()
        killer = threading.Thread(target=_kill_when_writing, args=(tmp_path, writer_pid, done))
        killer.start()
        try:
            WRITER.write(image, CaptionData(f"Attempt {attempt}"))
        except ExifToolFailed as error:
            failures.append(error)
        finally:
            done.set()
            killer.join()
        if failures:
            assert image.read_bytes() == original  # untouched
            break
        assert read_embedded(image).xmp == f"Attempt {attempt}"  # or completely written
        assert raw_image_data(image) == image_data
    assert failures, f"no kill landed mid-write in {ATTEMPTS} attempts"
    failure = failures[0]
    assert "ExifTool stopped while working on this file" in failure.message
    assert "SIGKILL" in failure.message
    assert "not changed" in failure.hint
    assert failure.transient  # the pipeline retries it
    assert not _temp_files(tmp_path)
    WRITER.write(image, CaptionData("After the crash"))  # a fresh process
    assert session.writer.pid != writer_pid
    assert read_embedded(image).xmp == "After the crash"


def test_exiftool_killed_holding_the_command_leaves_the_file_untouched(tmp_path: Path) -> None:
    image = write_jpeg(tmp_path / "IMG_0001.jpg", (320, 240))
    original = image.read_bytes()
    writer = current_session().writer
    writer.start()
    assert writer.pid is not None
    os.kill(writer.pid, signal.SIGSTOP)  # it will never read the command
    killer = threading.Timer(0.05, os.kill, (writer.pid, signal.SIGKILL))
    killer.start()
    with pytest.raises(ExifToolFailed, match="SIGKILL"):
        WRITER.write(image, CaptionData("Never written"))
    killer.join()
    assert image.read_bytes() == original
    assert not _temp_files(tmp_path)
    WRITER.write(image, CaptionData("Written by a fresh process"))
    assert read_embedded(image).xmp == "Written by a fresh process"


def test_a_hung_exiftool_is_stopped_after_its_deadline(tmp_path: Path) -> None:
    image = write_jpeg(tmp_path / "IMG_0002.jpg", (320, 240))
    original = image.read_bytes()
    writer = current_session().writer
    writer.start()
    hung = writer.pid
    assert hung is not None
    writer.timeout = 1.0
    os.kill(hung, signal.SIGSTOP)
    try:
        with pytest.raises(ExifToolFailed, match="stopped responding") as caught:
            WRITER.write(image, CaptionData("Never written"))
    finally:
        writer.timeout = GENEROUS_S
    assert "not changed" in caught.value.hint
    assert image.read_bytes() == original
    assert not _temp_files(tmp_path)
    with pytest.raises(ProcessLookupError):  # the hung process was ended, not left behind
        _wait_for_exit(hung)
    WRITER.write(image, CaptionData("Written by a fresh process"))
    assert read_embedded(image).xmp == "Written by a fresh process"


def _wait_for_exit(pid: int) -> None:
    """Raises ProcessLookupError once ``pid`` is gone (reaped by its parent)."""
    deadline = time.monotonic() + GENEROUS_S
    while time.monotonic() < deadline:
        os.kill(pid, 0)
        time.sleep(0.01)


def _in_a_new_thread(function, *args):
    """Writers keep one ExifTool session per thread: a new thread looks it up anew."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = function(*args)
        except Exception as error:
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]


def test_without_exiftool_embedding_fails_clearly_and_sidecars_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(EXIFTOOL_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # no exiftool on it
    image = write_jpeg(tmp_path / "IMG_0003.jpg", (320, 240))
    original = image.read_bytes()
    report = _in_a_new_thread(writer_set(["embedded", "txt", "xmp"]).write, image, CaptionData("x"))
    assert report.written == [image.with_suffix(".txt")]  # .txt still written
    (writer_id, error), *_ = report.failures
    assert writer_id == "embedded"
    assert isinstance(error, ExifToolMissing)
    assert "ExifTool" in error.message
    assert "not installed" in error.message
    assert "libimage-exiftool-perl" in error.hint
    assert image.read_bytes() == original
    with pytest.raises(ExifToolMissing):
        find_exiftool()


def test_a_too_old_exiftool_is_named_with_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "exiftool"  # stands in for an old release: it only answers -ver
    old.write_text("#!/bin/sh\necho 10.80\n")
    old.chmod(0o755)
    monkeypatch.setenv(EXIFTOOL_ENV, str(old))
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    image = write_jpeg(tmp_path / "IMG_0004.jpg", (320, 240))
    with pytest.raises(ExifToolMissing) as caught:
        _in_a_new_thread(WRITER.write, image, CaptionData("x"))
    assert "10.80" in caught.value.message
    assert "too old" in caught.value.message
    assert "12.15" in caught.value.message
    assert "libimage-exiftool-perl" in caught.value.hint


def test_each_thread_has_its_own_exiftool_and_it_ends_with_the_thread(tmp_path: Path) -> None:
    """Threads of any kind (a Qt pool's too) keep their own processes; one thread ending
    leaves the others' alone, and its own processes go with it."""
    image = write_jpeg(tmp_path / "IMG_0005.jpg", (320, 240))
    mine = current_session()
    WRITER.write(image, CaptionData("From the main thread"))
    pids: list[int | None] = []

    def elsewhere() -> None:
        session = current_session()
        assert session is not mine
        WRITER.write(image, CaptionData("From another thread"))
        pids.extend([session.writer.pid, session.reader.pid])

    _in_a_new_thread(elsewhere)
    for pid in pids:
        assert pid is not None
        with pytest.raises(ProcessLookupError):
            _wait_for_exit(pid)  # ended with its thread (the kernel's doing, on Linux)
    WRITER.write(image, CaptionData("The main thread's process still works"))
    assert current_session() is mine
    assert read_embedded(image).xmp == "The main thread's process still works"
