"""The persistent job queue in the index: claims, priorities, retries, cancel, drop."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from desktop_app.backends.errors import ServiceBusy
from desktop_app.core.formats import ImageKind
from desktop_app.core.imaging import ImageDamaged
from desktop_app.core.jobqueue import BACKLOG_PRIORITY, USER_PRIORITY, JobQueue
from desktop_app.core.library import ImageState, Library, NewCaption
from desktop_app.core.scan import ImageFile


@pytest.fixture
def jobs(tmp_path: Path):
    library = Library(tmp_path / "lib.sqlite3")
    yield JobQueue(library)
    library.close()


def files(folder: Path, *names: str) -> list[ImageFile]:
    return [
        ImageFile(folder / name, ImageKind.RASTER, 10 + i, 1000 + i) for i, name in enumerate(names)
    ]


def test_claims_come_by_priority_then_age_and_skip_what_is_held(jobs: JobQueue) -> None:
    root = Path("/photos")
    jobs.add(files(root, "a.jpg", "b.jpg", "c.jpg"))
    [picked] = jobs.add(files(root / "sub", "d.jpg"), priority=USER_PRIORITY)
    claimed = jobs.claim(10, roots=[root])
    assert [f.path.name for f in claimed] == ["d.jpg", "a.jpg", "b.jpg", "c.jpg"]
    assert claimed[0] == ImageFile(root / "sub" / "d.jpg", ImageKind.RASTER, 10, 1000)
    a_id = jobs.library.image_by_path(root / "a.jpg").id
    assert [f.path.name for f in jobs.claim(2, roots=[root], exclude={picked, a_id})] == [
        "b.jpg",
        "c.jpg",
    ]


def test_claims_stay_inside_the_watched_folders_unless_a_user_asked(jobs: JobQueue) -> None:
    jobs.add(files(Path("/photos"), "a.jpg"))
    jobs.add(files(Path("/photos_old"), "b.jpg"))  # a sibling with the same prefix
    jobs.add(files(Path("/elsewhere"), "c.jpg"))
    jobs.add(files(Path("/elsewhere"), "d.jpg"), priority=USER_PRIORITY)
    names = [f.path.name for f in jobs.claim(10, roots=[Path("/photos")])]
    assert names == ["d.jpg", "a.jpg"]
    assert [f.path.name for f in jobs.claim(10, roots=[])] == ["d.jpg"]


def test_a_retry_waits_for_its_time(jobs: JobQueue) -> None:
    [image_id] = jobs.add(files(Path("/p"), "a.jpg"))
    later = time.time() + 60
    jobs.library.add_error(
        image_id,
        ServiceBusy("Busy."),
        stage="caption",
        state=ImageState.QUEUED,
        next_attempt_at=later,
    )
    assert jobs.claim(5, roots=[Path("/p")]) == []
    assert jobs.next_due(roots=[Path("/p")]) == pytest.approx(later)
    assert len(jobs.claim(5, roots=[Path("/p")], now=later + 1)) == 1
    assert jobs.library.image(image_id).attempts == 1


def test_enqueue_leaves_an_image_in_flight_alone(jobs: JobQueue) -> None:
    ids = jobs.add(files(Path("/p"), "a.jpg", "b.jpg"))
    jobs.library.set_state(ids[0], ImageState.CAPTIONING)
    assert jobs.enqueue(ids, priority=USER_PRIORITY) == 1
    assert jobs.library.image(ids[0]).state is ImageState.CAPTIONING
    assert jobs.library.image(ids[1]).priority == USER_PRIORITY


def test_cancel_marks_jobs_so_that_scans_leave_them_alone(jobs: JobQueue) -> None:
    root = Path("/p")
    ids = jobs.add(files(root, "a.jpg", "b.jpg", "c.jpg"))
    assert jobs.cancel([root / "a.jpg"]) == [root / "a.jpg"]
    assert jobs.cancel() == [root / "b.jpg", root / "c.jpg"]
    indexed = jobs.indexed_under(root)
    assert {r.state for r in indexed.values()} == {ImageState.NEW}
    assert all(r.cancelled and not r.wants_caption for r in indexed.values())
    assert jobs.library.last_error(ids[0]).code == "cancelled"
    jobs.enqueue([ids[0]])
    assert jobs.library.image(ids[0]).state is ImageState.QUEUED


def test_dropping_deleted_files(jobs: JobQueue) -> None:
    root = Path("/p")
    ids = jobs.add(files(root, "queued.jpg", "captioned.jpg", "held.jpg"))
    jobs.library.add_caption(ids[1], NewCaption("Kept."))
    dropped = jobs.drop(
        [root / "queued.jpg", root / "captioned.jpg", root / "held.jpg"], exclude={ids[2]}
    )
    assert dropped.jobs == [root / "queued.jpg"]
    assert dropped.forgotten == [root / "queued.jpg"]
    assert jobs.library.image(ids[0]) is None
    assert jobs.library.image(ids[1]).state is ImageState.DONE  # history kept for moves
    assert jobs.library.image(ids[2]).state is ImageState.QUEUED  # the run reports it


def test_what_a_scan_wants_to_queue(jobs: JobQueue) -> None:
    root = Path("/p")
    ids = jobs.library.upsert_many(
        [(root / n, 1, 1, "raster") for n in ("new.jpg", "imported.jpg", "failed.jpg")]
    )
    jobs.library.add_caption(ids[root / "imported.jpg"], NewCaption("Mine."), state=None)
    jobs.library.add_error(ids[root / "failed.jpg"], ImageDamaged("Bad."), stage="prepare")
    wants = {path.name: r.wants_caption for path, r in jobs.indexed_under(root).items()}
    assert wants == {"new.jpg": True, "imported.jpg": False, "failed.jpg": False}
    assert jobs.indexed_under(root)[root / "new.jpg"].same_file(1, 1)


def test_transient_failures_get_a_fresh_start(jobs: JobQueue) -> None:
    root = Path("/p")
    ids = jobs.add(files(root, "busy.jpg", "broken.jpg"))
    jobs.library.add_error(ids[0], ServiceBusy("Busy."), stage="caption")
    jobs.library.add_error(ids[1], ImageDamaged("Broken."), stage="prepare")
    assert jobs.requeue_transient_failures([root]) == 1
    assert jobs.library.image(ids[0]).state is ImageState.QUEUED
    assert jobs.library.image(ids[0]).attempts == 0
    assert jobs.library.image(ids[1]).state is ImageState.FAILED


def test_move_candidates_by_size(jobs: JobQueue) -> None:
    ids = jobs.add(files(Path("/p"), "a.jpg", "b.jpg"))
    jobs.library.set_hash(ids[0], "h")
    assert [r.path.name for r in jobs.with_sizes({10, 11, 99})] == ["a.jpg"]  # b has no hash
    assert BACKLOG_PRIORITY < USER_PRIORITY
