"""The intake's rules, fed notices directly (no observer): moves, deletions, folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop_app.core.hashing import content_hash
from desktop_app.core.jobqueue import JobQueue
from desktop_app.core.library import ImageState, Library, NewCaption
from desktop_app.core.watch.events import ImageMoved, JobDropped
from desktop_app.core.watch.fstype import WatchMode
from desktop_app.core.watch.intake import Intake
from desktop_app.core.watch.observers import Deleted, FolderGone, Moved
from desktop_app.core.watch.roots import Roots
from desktop_app.core.watch.settle import Settler
from tests.watching import tiny_png


class Clock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def setup(tmp_path: Path):
    root = tmp_path / "watched"
    root.mkdir()
    library = Library(tmp_path / "lib.sqlite3")
    events: list[object] = []
    clock = Clock()
    roots = Roots([root], mode=WatchMode.NATIVE, poll_interval_s=1.0, sink=lambda n: None)
    intake = Intake(JobQueue(library), Settler(0.5, clock=clock), roots, events.append, frozenset)
    yield root, intake, events, clock
    library.close()


def settle(intake: Intake, clock: Clock) -> None:
    intake.tick()
    clock.now += 1.0
    intake.tick()


def test_a_reported_move_of_another_file_does_not_carry_history(setup) -> None:
    root, intake, events, clock = setup
    old = tiny_png(root / "old.png", 1)
    intake.settler.touch(old)
    settle(intake, clock)
    record = intake.jobs.library.image_by_path(old)
    intake.jobs.library.add_caption(record.id, NewCaption("Old picture."))
    old.unlink()
    new = tiny_png(root / "new.png", 2)  # may even reuse the inode number
    intake.notices.put(Moved(old, new))
    settle(intake, clock)
    assert not [e for e in events if isinstance(e, ImageMoved)]
    fresh = intake.jobs.library.image_by_path(new)
    assert fresh.id != record.id
    assert fresh.state is ImageState.QUEUED
    assert intake.jobs.library.current_caption(fresh.id) is None


def test_a_real_rename_keeps_the_record(setup) -> None:
    root, intake, events, clock = setup
    old = tiny_png(root / "old.png", 3)
    intake.settler.touch(old)
    settle(intake, clock)
    image_id = intake.jobs.library.image_by_path(old).id
    new = old.rename(root / "new.png")
    intake.notices.put(Moved(old, new))
    settle(intake, clock)
    assert intake.jobs.library.image_by_path(new).id == image_id
    assert [e for e in events if isinstance(e, ImageMoved)] == [ImageMoved(old, new)]


def test_a_file_moved_in_from_outside_is_recognised_by_its_content(setup, tmp_path) -> None:
    root, intake, events, clock = setup
    photo = tiny_png(root / "a" / "p.png", 4)
    intake.settler.touch(photo)
    settle(intake, clock)
    record = intake.jobs.library.image_by_path(photo)
    intake.jobs.library.set_hash(record.id, content_hash(photo))
    intake.jobs.library.add_caption(record.id, NewCaption("Kept."))
    outside = shutil.move(photo, tmp_path / "p.png")
    intake.notices.put(Deleted(photo))  # moved out: a deletion...
    settle(intake, clock)
    back = root / "b" / "p.png"
    back.parent.mkdir()
    shutil.move(outside, back)  # ...and back in, elsewhere
    intake.settler.touch(back)
    settle(intake, clock)
    moved = intake.jobs.library.image_by_path(back)
    assert moved.id == record.id
    assert intake.jobs.library.current_caption(moved.id).text == "Kept."
    assert [e for e in events if isinstance(e, ImageMoved)] == [ImageMoved(photo, back)]


def test_a_subfolder_that_goes_drops_its_jobs_but_a_vanished_root_does_not(setup) -> None:
    root, intake, events, clock = setup
    inner = tiny_png(root / "sub" / "a.png", 5)
    top = tiny_png(root / "b.png", 6)
    for path in (inner, top):
        intake.settler.touch(path)
    settle(intake, clock)
    shutil.rmtree(root / "sub")
    intake.notices.put(FolderGone(root / "sub"))
    intake.tick()
    assert [e.path for e in events if isinstance(e, JobDropped)] == [inner]
    root.rename(root.with_name("away"))
    intake.notices.put(FolderGone(root))
    intake.tick()
    assert intake.jobs.library.image_by_path(top).state is ImageState.QUEUED
