"""The contract every caption writer passes (add new writers to WRITERS).

Each case is a writer id and a function that makes a fresh image for it. The suite
checks what users rely on: captions read back exactly (non-ASCII included), an existing
caption is replaced, the image itself is untouched by sidecar writers, no temp file is
left behind, and read-only and disk-full conditions give a clear error with the
original intact.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop_app.metadata.atomic import TEMP_PREFIX
from desktop_app.metadata.base import CaptionData, CaptionWriter, WriteOptions
from desktop_app.metadata.errors import DiskFull, ReadOnlyLocation, WriteError
from desktop_app.metadata.registry import get_writer_spec
from tests.child import run_in_child, unprivileged_user
from tests.images import write_jpeg, write_png

ImageMaker = Callable[[Path], Path]

WRITERS: list[tuple[str, ImageMaker]] = [
    ("txt", lambda folder: write_jpeg(folder / "IMG_0001.jpg", (96, 64))),
    ("txt", lambda folder: write_png(folder / "scan.png", (64, 64))),
]

TEXTS = [
    "A red kite over the harbour at dusk.",
    "Café crème, façade à Montréal; Grüße aus Köln.",
    "夕暮れの港に赤い凧。海鸥在飞。",
    "Sunset 🌅 with gulls 🐦 and a kite 🪁.",
]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder every user can reach (pytest's own tmp dirs are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="fc-contract-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=WRITERS, ids=[f"{w}-{i}" for i, (w, _) in enumerate(WRITERS)])
def case(request, open_folder: Path) -> tuple[CaptionWriter, Path]:
    writer_id, make = request.param
    image = make(open_folder)
    return get_writer_spec(writer_id).factory(WriteOptions()), image


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.mark.parametrize("text", TEXTS)
def test_caption_reads_back_exactly(case, text: str) -> None:
    writer, image = case
    assert writer.read(image) is None
    target = writer.write(image, CaptionData(text))
    assert target == writer.target(image)
    existing = writer.read(image)
    assert existing is not None
    assert existing.text == text
    assert existing.source == writer.writer_id


def test_existing_caption_is_replaced_and_no_temp_file_remains(case) -> None:
    writer, image = case
    writer.write(image, CaptionData("First."))
    writer.write(image, CaptionData("Second."))
    assert writer.read(image).text == "Second."
    assert not [n for n in files_in(image.parent) if n.startswith(TEMP_PREFIX)]


def test_sidecar_writers_never_touch_the_image(case) -> None:
    writer, image = case
    if writer.target(image) == image:
        pytest.skip("embedded writers check image data separately")
    before = sha(image), image.stat().st_mtime_ns
    writer.write(image, CaptionData("Untouched image."))
    assert (sha(image), image.stat().st_mtime_ns) == before


def test_read_only_folder_gives_a_clear_error(case) -> None:
    writer, image = case
    writer.write(image, CaptionData("Before."))
    target = writer.target(image)
    before = {p.name: sha(p) for p in image.parent.iterdir()}
    for path in image.parent.iterdir():
        path.chmod(0o444)
    image.parent.chmod(0o555)
    try:
        with pytest.raises(ReadOnlyLocation) as caught:
            run_in_child(writer.write, image, CaptionData("After."), user=unprivileged_user())
    finally:
        image.parent.chmod(0o777)
    assert "read-only" in caught.value.user_message()
    assert {p.name: sha(p) for p in image.parent.iterdir()} == before
    assert writer.read(image).text == "Before."
    assert target.exists()


def test_disk_full_gives_a_clear_error_and_keeps_the_original(case) -> None:
    writer, image = case
    writer.write(image, CaptionData("Before."))
    before = {p.name: sha(p) for p in image.parent.iterdir()}
    huge = "x" * (image.stat().st_size + 200_000)
    with pytest.raises(WriteError) as caught:
        run_in_child(
            writer.write, image, CaptionData(huge), fsize=100_000 + image.stat().st_size // 2
        )
    assert isinstance(caught.value, DiskFull)
    assert "disk is full" in caught.value.user_message()
    assert {p.name: sha(p) for p in image.parent.iterdir()} == before


def test_file_changed_by_another_program_is_not_overwritten(case, monkeypatch) -> None:
    writer, image = case
    writer.write(image, CaptionData("Mine."))
    target = writer.target(image)
    from desktop_app.metadata import atomic

    real_finish = atomic._finish_replace

    def someone_else_writes(temp, dest, **kwargs):
        with open(dest, "ab") as handle:
            handle.write(b" ")
        os.utime(dest, ns=(1, 1))
        return real_finish(temp, dest, **kwargs)

    monkeypatch.setattr(atomic, "_finish_replace", someone_else_writes)
    with pytest.raises(WriteError, match="changed by another program"):
        writer.write(image, CaptionData("Theirs changed meanwhile."))
    assert target.exists()
    assert not [n for n in files_in(image.parent) if n.startswith(TEMP_PREFIX)]
