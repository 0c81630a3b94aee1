"""Only finished files are taken: stable size and time, and complete."""

from __future__ import annotations

import os
from pathlib import Path

from desktop_app.core.formats import ImageKind
from desktop_app.core.watch.settle import Settler, is_candidate, looks_complete
from tests.images import write_jpeg, write_png


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_candidates_are_images_with_ordinary_names() -> None:
    assert is_candidate(Path("/x/IMG_0001.JPG"))
    assert is_candidate(Path("/x/raw/DSC_1.NEF"))
    for name in ["a.jpg.part", "a.jpg.crdownload", "a.tmp", "a.jpg~", ".a.jpg",
                 ".fc-tmp-0a1b-a.jpg", "~$a.jpg", "a.txt", "a.xmp", "notes.pdf"]:  # fmt: skip
        assert not is_candidate(Path("/x") / name), name


def test_complete_and_truncated_files(tmp_path: Path) -> None:
    jpeg = write_jpeg(tmp_path / "a.jpg", (200, 150))
    png = write_png(tmp_path / "b.png", (50, 40))
    assert looks_complete(jpeg, ImageKind.RASTER)
    assert looks_complete(png, ImageKind.RASTER)
    data = jpeg.read_bytes()
    jpeg.write_bytes(data[: len(data) // 2])
    assert not looks_complete(jpeg, ImageKind.RASTER)
    png.write_bytes(png.read_bytes()[:-20])
    assert not looks_complete(png, ImageKind.RASTER)
    (tmp_path / "c.jpg").write_bytes(b"")
    assert not looks_complete(tmp_path / "c.jpg", ImageKind.RASTER)
    (tmp_path / "d.jpg").write_bytes(data + b"\0" * 100)  # padding after the end marker
    assert looks_complete(tmp_path / "d.jpg", ImageKind.RASTER)


def test_a_file_is_taken_once_stable_for_the_settle_time(tmp_path: Path) -> None:
    clock = Clock()
    settler = Settler(2.0, clock=clock)
    photo = write_jpeg(tmp_path / "a.jpg", (64, 48))
    assert settler.touch(photo)
    assert not settler.touch(photo)  # already detected
    clock.now += 1.9
    assert settler.check() == []
    clock.now += 0.2
    [ready] = settler.check()
    assert (ready.path, ready.size) == (photo, photo.stat().st_size)
    assert len(settler) == 0


def test_a_growing_file_waits(tmp_path: Path) -> None:
    clock = Clock()
    settler = Settler(1.0, clock=clock)
    data = write_jpeg(tmp_path / "src.jpg", (300, 200)).read_bytes()
    target = tmp_path / "a.jpg"
    target.write_bytes(data[:1000])
    settler.touch(target)
    for end in (3000, 6000, len(data)):
        clock.now += 5.0
        assert settler.check() == []  # size changed since the last look
        with open(target, "ab") as out:
            out.write(data[target.stat().st_size : end])
    clock.now += 5.0
    assert settler.check() == []  # the last append is seen now: the settle time restarts
    clock.now += 0.9
    assert settler.check() == []
    clock.now += 0.2
    assert [r.path for r in settler.check()] == [target]


def test_a_stalled_copy_is_held_back_by_the_completeness_check(tmp_path: Path) -> None:
    clock = Clock()
    settler = Settler(1.0, give_up_s=30.0, clock=clock)
    data = write_jpeg(tmp_path / "src.jpg", (300, 200)).read_bytes()
    target = tmp_path / "a.jpg"
    target.write_bytes(data[: len(data) // 2])
    settler.touch(target)
    clock.now += 5.0  # stable for longer than the settle time, but half a JPEG
    assert settler.check() == []
    target.write_bytes(data)
    clock.now += 1.0
    assert settler.check() == []  # changed: settle again
    clock.now += 1.1
    assert [r.path for r in settler.check()] == [target]


def test_an_incomplete_file_is_passed_on_after_the_give_up_time(tmp_path: Path) -> None:
    clock = Clock()
    settler = Settler(1.0, give_up_s=10.0, clock=clock)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff not a photo at all")
    settler.touch(broken)
    clock.now += 9.0
    assert settler.check() == []
    clock.now += 1.5
    assert [r.path for r in settler.check()] == [broken]  # the pipeline says what is wrong


def test_events_restart_the_settle_time_and_deletions_are_forgotten(tmp_path: Path) -> None:
    clock = Clock()
    settler = Settler(1.0, clock=clock)
    photo = write_png(tmp_path / "sub" / "a.png")
    other = write_png(tmp_path / "b.png")
    settler.touch(photo)
    settler.touch(other)
    clock.now += 0.9
    settler.touch(photo)  # still being written (same size, coarse mtime)
    clock.now += 0.2
    assert [r.path for r in settler.check()] == [other]
    os.remove(photo)
    clock.now += 2.0
    assert settler.check() == []
    assert len(settler) == 0
    settler.touch(write_png(tmp_path / "sub" / "c.png"))
    assert settler.forget_under(tmp_path / "sub") == [tmp_path / "sub" / "c.png"]
    assert not settler.touch(tmp_path / "missing.png")
