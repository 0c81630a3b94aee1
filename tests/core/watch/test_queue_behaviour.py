"""The watch service's queue: priorities, retries, failures, cancel, restarts, stops."""

from __future__ import annotations

import asyncio
import os
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.events import ImageCaptioned, ImageFailed, ImageSent, ImageSkipped
from desktop_app.core.jobqueue import USER_PRIORITY
from desktop_app.core.library import ImageState
from desktop_app.core.watch.consumer import wait_for_event
from desktop_app.core.watch.events import (
    ImageQueued,
    JobDropped,
    QueueBlocked,
    QueueIdle,
    ScanFinished,
    WatchStopped,
    WatchStopping,
)
from desktop_app.core.watch.fstype import WatchMode
from desktop_app.core.watch.lock import AlreadyWatching
from tests.fakes.runware_server import FakeRunware, Fault
from tests.watching import WatchHarness, size_for, sizes_sent, tiny_png, wait_for


@pytest.fixture
def watch(tmp_path: Path, fake_api: FakeRunware) -> Iterator[WatchHarness]:
    harness = WatchHarness(tmp_path, fake_api, WatchMode.NATIVE)
    yield harness
    harness.close()


def queued(watch: WatchHarness, count: int) -> None:
    wait_for(lambda: len(watch.events.of(ImageQueued)) >= count, what=f"{count} jobs")


def test_user_picked_images_go_before_the_backlog(watch: WatchHarness) -> None:
    watch.start()
    watch.running.pause()
    backlog = [tiny_png(watch.root / f"b{i:02d}.png", i) for i in range(12)]
    queued(watch, 12)
    elsewhere = tiny_png(watch.tmp / "elsewhere" / "picked.png", 40)
    assert watch.running.enqueue([backlog[-1], elsewhere]) == 2
    watch.running.resume()
    watch.wait_captioned(*backlog, elsewhere)
    watch.settle_down()
    # Claims go by priority: the picked images are in the first claim, ahead of eleven
    # older backlog images (within a claim, whichever is prepared first is sent first).
    claim = watch.config().claim_size
    first_sent = [event.path for event in watch.events.of(ImageSent)[:claim]]
    assert {backlog[-1], elsewhere} <= set(first_sent)
    assert watch.record(elsewhere).priority == USER_PRIORITY
    assert set(sizes_sent(watch.api).values()) == {1}


def test_transient_failures_are_retried_with_backoff(watch: WatchHarness) -> None:
    watch.api.inject(Fault("status", status=503), Fault("status", status=503))
    watch.start()
    photo = tiny_png(watch.root / "busy.png", 5)
    watch.wait_captioned(photo)
    watch.settle_down()
    failures = watch.events.of(ImageFailed)
    assert len(failures) == 2
    assert all(f.retry_in_s is not None and f.retry_in_s > 0 for f in failures)
    assert failures[1].retry_in_s > failures[0].retry_in_s  # backoff grows
    record = watch.record(photo)
    assert record.state is ImageState.DONE
    assert [e.transient for e in watch.library.errors_for(record.id)] == [True, True]
    assert watch.caption_count(photo) == 1


def test_transient_failures_give_up_after_the_last_attempt(watch: WatchHarness) -> None:
    watch.api.inject(*[Fault("status", status=503)] * 3)
    watch.start(retry=watch.config().retry.__class__(max_attempts=3, base_delay_s=0.1))
    photo = tiny_png(watch.root / "down.png", 6)
    # Each failed attempt is recorded as failed before the queue schedules the retry,
    # so wait for the last attempt's event, not just for the state.
    wait_for(lambda: len(watch.events.of(ImageFailed)) == 3, what="three attempts")
    wait_for(lambda: watch.record(photo).state is ImageState.FAILED, what="given up")
    failures = watch.events.of(ImageFailed)
    assert [f.retry_in_s is None for f in failures] == [False, False, True]
    watch.stop()
    # The next start gives it a fresh set of attempts (the outage may be over).
    watch.start()
    watch.wait_captioned(photo)
    watch.settle_down()  # the .txt lands just before the index records the caption
    assert watch.record(photo).state is ImageState.DONE


def test_permanent_failures_are_recorded_with_the_reason(watch: WatchHarness) -> None:
    def refuse(task: dict) -> dict:
        return {"code": "invalidInputsImage", "message": "Cannot process.", "parameter": "x"}

    watch.api.task_fault = refuse
    watch.start()
    photo = tiny_png(watch.root / "refused.png", 7)
    damaged = watch.root / "damaged.jpg"
    damaged.write_bytes(b"\xff\xd8\xff\xe0 not really a photo")
    wait_for(lambda: len(watch.events.of(ImageFailed)) == 2, what="two failures")
    watch.settle_down()
    failures = {f.path.name: f for f in watch.events.of(ImageFailed)}
    assert "Cannot process." in failures["refused.png"].error.user_message()
    assert failures["damaged.jpg"].error.code in ("not-an-image", "image-damaged")
    assert all(f.retry_in_s is None for f in failures.values())
    for path in (photo, damaged):
        record = watch.record(path)
        assert record.state is ImageState.FAILED
        assert watch.library.last_error(record.id).message
    assert len(watch.api.caption_tasks()) == 1  # the damaged file never left the machine


def test_cancel_takes_jobs_out_and_scans_do_not_bring_them_back(watch: WatchHarness) -> None:
    watch.start()
    watch.running.pause()
    photos = [tiny_png(watch.root / f"c{i}.png", 8 + i) for i in range(3)]
    queued(watch, 3)
    assert watch.running.cancel() == 3
    assert {e.reason for e in watch.events.of(JobDropped)} == {"cancelled"}
    watch.running.resume()
    watch.stop()
    scans = len(watch.events.of(ScanFinished))
    watch.start()  # the start-up scan sees them unchanged: they stay cancelled
    wait_for(lambda: len(watch.events.of(ScanFinished)) > scans, what="the start-up scan")
    assert watch.running.wait_idle(60)
    assert not watch.api.caption_tasks()
    assert {watch.record(p).state for p in photos} == {ImageState.NEW}
    assert watch.library.last_error(watch.record(photos[0]).id).code == "cancelled"
    watch.running.enqueue([photos[0]])  # asked for explicitly: captioned
    watch.wait_captioned(photos[0])
    assert sizes_sent(watch.api) == {size_for(8): 1}


def test_a_restart_catches_up_with_what_arrived_meanwhile(watch: WatchHarness) -> None:
    earlier = tiny_png(watch.root / "earlier.png", 11)
    watch.start()
    watch.wait_captioned(earlier)
    watch.settle_down()
    watch.stop()
    arrived = [tiny_png(watch.root / "new" / f"n{i}.png", 12 + i) for i in range(3)]
    # What a crash leaves: an image 'captioning', and one an interrupted run left 'new'.
    crashed = tiny_png(watch.root / "crashed.png", 15)
    interrupted = tiny_png(watch.root / "interrupted.png", 16)
    ids = watch.library.upsert_many(
        [(p, p.stat().st_size, p.stat().st_mtime_ns, "raster") for p in (crashed, interrupted)]
    )
    watch.library.set_state(ids[crashed], ImageState.CAPTIONING)
    watch.start()
    watch.wait_captioned(*arrived, crashed, interrupted)
    watch.settle_down()
    assert set(sizes_sent(watch.api).values()) == {1}
    assert sum(sizes_sent(watch.api).values()) == 6
    assert set(watch.captions_per_image().values()) == {1}


def test_an_existing_caption_is_kept_and_a_touched_file_not_captioned_again(
    watch: WatchHarness,
) -> None:
    mine = tiny_png(watch.root / "mine.png", 17)
    mine.with_suffix(".txt").write_text("My own words.", encoding="utf-8")
    photo = tiny_png(watch.root / "photo.png", 18)
    watch.start()
    watch.wait_captioned(photo)
    watch.settle_down()
    os.utime(photo)  # edited elsewhere: new time, same caption file
    wait_for(lambda: len(watch.events.of(ImageSkipped)) == 2, what="the second skip")
    watch.settle_down()
    assert mine.with_suffix(".txt").read_text(encoding="utf-8") == "My own words."
    assert sizes_sent(watch.api) == {size_for(18): 1}
    assert watch.record(mine).state is ImageState.DONE


def test_overwrite_captions_a_changed_file_again(watch: WatchHarness) -> None:
    watch.start(overwrite=True)
    photo = tiny_png(watch.root / "photo.png", 19)
    watch.wait_captioned(photo)
    watch.settle_down()
    first = photo.with_suffix(".txt").read_text(encoding="utf-8")
    tiny_png(photo, 20)  # the photographer re-exported it
    wait_for(lambda: watch.caption_count(photo) == 2, what="the new caption")
    watch.settle_down()
    assert photo.with_suffix(".txt").read_text(encoding="utf-8") != first
    assert sizes_sent(watch.api) == Counter({size_for(19): 1, size_for(20): 1})


def test_stop_finishes_requests_in_flight_and_keeps_the_rest_queued(
    watch: WatchHarness,
) -> None:
    """Requests are held at the server until the stop is under way: what was in flight
    then (at most 4 requests x 4 images) is finished, the rest of the 24 stays queued."""
    count = 24
    watch.api.hold()
    watch.start(stop_grace_s=600.0)  # the answers come when the test says, not the clock
    photos = [tiny_png(watch.root / f"s{i:02d}.png", 21 + i) for i in range(count)]
    queued(watch, count)
    watch.api.wait_held(1)
    stopping = threading.Thread(target=watch.stop)
    stopping.start()
    wait_for(lambda: watch.events.of(WatchStopping), what="the stop to begin")
    watch.api.release()  # the requests in flight are answered during the stop
    stopping.join()
    done = {e.path for e in watch.events.of(ImageCaptioned)}
    sent = {e.path for e in watch.events.of(ImageSent)}
    assert sent
    assert sent == done
    assert len(done) <= 4 * 4 < count
    [stopped] = watch.events.of(WatchStopped)
    assert stopped.queued == count - len(done)
    states = Counter(watch.record(p).state for p in photos)
    assert states == {ImageState.DONE: len(done), ImageState.QUEUED: count - len(done)}
    watch.start()
    watch.wait_captioned(*photos)
    watch.settle_down()
    assert set(sizes_sent(watch.api).values()) == {1}
    assert sum(sizes_sent(watch.api).values()) == count


def test_a_rejected_key_blocks_the_queue_without_failing_images(watch: WatchHarness) -> None:
    watch.start(key="wrong")
    photo = tiny_png(watch.root / "p.png", 37)
    wait_for(lambda: watch.events.of(QueueBlocked), what="the blocked queue")
    [blocked] = watch.events.of(QueueBlocked)
    assert "The API key was rejected" in str(blocked.reason)
    assert watch.record(photo).state is ImageState.QUEUED
    assert not watch.events.of(ImageFailed)


def test_idle_is_reported_once_the_queue_is_empty(watch: WatchHarness) -> None:
    watch.start()
    photos = [tiny_png(watch.root / f"i{i}.png", 38 + i) for i in range(3)]
    wait_for(lambda: watch.events.of(QueueIdle), what="idle")
    [idle] = watch.events.of(QueueIdle)
    assert idle.counts.done == 3
    assert all(p.with_suffix(".txt").exists() for p in photos)


def test_one_watcher_per_library(watch: WatchHarness, tmp_path: Path) -> None:
    watch.start()
    other = WatchHarness(tmp_path, watch.api, WatchMode.NATIVE)  # same library file
    try:
        with pytest.raises(AlreadyWatching, match="already using this library"):
            other.start()
    finally:
        other.library.close()
    watch.stop()
    other = WatchHarness(tmp_path, watch.api, WatchMode.NATIVE)
    try:
        other.start()  # free again once the first one stopped
    finally:
        other.close()


def test_driving_the_service_from_its_own_callback_fails_loudly(watch: WatchHarness) -> None:
    problems: list[str] = []

    def pause_on_queue(event: object) -> None:
        if isinstance(event, ImageQueued):
            try:
                watch.running.pause()
            except RuntimeError as exc:
                problems.append(str(exc))

    watch.events.listeners.append(pause_on_queue)
    watch.start()
    photo = tiny_png(watch.root / "p.png", 39)
    watch.wait_captioned(photo)
    assert problems
    assert "cannot be driven from its own event callback" in problems[0]


def test_a_cancel_is_not_lost_when_the_event_comes_with_it() -> None:
    """Every loop of the watcher waits with wait_for_event; a stop cancels them. A cancel
    landing just as the event is set must still cancel (asyncio.wait_for, before Python
    3.12, returned normally instead, and the stop waited for that loop for ever)."""

    async def go() -> None:
        event = asyncio.Event()
        waiting = asyncio.create_task(wait_for_event(event, 60.0))
        await asyncio.sleep(0)  # it waits
        event.set()
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting

    asyncio.run(go())
