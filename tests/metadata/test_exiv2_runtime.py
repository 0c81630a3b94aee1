"""libexiv2 set-up: one initialisation, and its warnings collected per thread."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from desktop_app.errors import CaptionerError
from desktop_app.metadata.embedded_fields import read_embedded
from desktop_app.metadata.exiv2_runtime import collect_warnings, data_loss_warnings, initialize
from tests.images import write_jpeg
from tests.raw_files import write_raw


def test_initialize_is_idempotent_and_safe_from_threads() -> None:
    threads = [threading.Thread(target=initialize) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    initialize()


def test_harmless_warnings_do_not_count_as_data_loss() -> None:
    harmless = "Directory Canon: Next pointer is out of bounds; ignored."
    lossy = "Offset of directory Thumbnail, entry 0x0000 is out of bounds; truncating the entry"
    assert data_loss_warnings([harmless, lossy]) == [lossy]


def test_warnings_are_collected_for_the_calling_thread_only(tmp_path: Path) -> None:
    damaged = write_raw(tmp_path / "damaged.dng")
    data = bytearray(damaged.read_bytes())
    data[-40:] = b"\xff" * 40  # the last IFD's entries now point nowhere
    damaged.write_bytes(bytes(data))
    clean = write_jpeg(tmp_path / "clean.jpg", (32, 32))
    other_thread: list[str] = []

    def read_damaged() -> None:
        with collect_warnings() as messages, contextlib.suppress(CaptionerError):
            read_embedded(damaged)  # only the warnings matter here
        other_thread.extend(messages)

    with collect_warnings() as mine:
        worker = threading.Thread(target=read_damaged)
        worker.start()
        read_embedded(clean)
        worker.join()
    assert mine == []
    assert other_thread
