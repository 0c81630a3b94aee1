"""Caption runs end to end: real images, the fake API over HTTP, real files, the index."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from desktop_app.backends.retry import RetryPolicy
from desktop_app.backends.runware import RunwareCaptioner, RunwareConfig
from desktop_app.core.events import (
    ImageCaptioned,
    ImageFailed,
    ImageSent,
    ImageSkipped,
    RunEvent,
    RunFinished,
    RunStarted,
    RunSummary,
)
from desktop_app.core.imaging import PIXEL_LEVELS
from desktop_app.core.library import CaptionSource, ImageState, Library
from desktop_app.core.pipeline import CaptionPipeline, PromptChoice, RunOptions
from desktop_app.core.scan import scan_paths
from desktop_app.metadata.registry import writer_set
from tests.fakes.runware_server import DEFAULT_KEY, FakeRunware
from tests.images import photo_folder, write_jpeg, write_png

FAST = RetryPolicy(max_retries=2, base_delay_s=0.01, jitter_s=0.0)
PROMPT = PromptChoice("Write a concise caption.", preset="concise")


class Recorder:
    def __init__(self) -> None:
        self.events: list[RunEvent] = []
        self.threads: set[str] = set()

    def __call__(self, event: RunEvent) -> None:
        self.events.append(event)
        self.threads.add(threading.current_thread().name)

    def of(self, kind: type) -> list:
        return [e for e in self.events if isinstance(e, kind)]


def run(
    api: FakeRunware,
    folder: Path,
    library: Library | None = None,
    *,
    key: str = DEFAULT_KEY,
    overwrite: bool = False,
    batch_size: int = 4,
    max_in_flight: int = 4,
    max_source_pixels: int | None = None,
) -> tuple[RunSummary, Recorder]:
    config = RunwareConfig(
        api_url=api.url, batch_size=batch_size, max_in_flight=max_in_flight, retry=FAST
    )
    options = RunOptions(PROMPT, PIXEL_LEVELS["detailed"], overwrite=overwrite)
    if max_source_pixels:
        options = RunOptions(PROMPT, PIXEL_LEVELS["detailed"], max_source_pixels=max_source_pixels)
    recorder = Recorder()
    captioner = RunwareCaptioner(config, key)
    pipeline = CaptionPipeline(
        captioner, writer_set(["txt"]), options, library=library, on_event=recorder
    )
    images = scan_paths([folder], recursive=True).images

    async def go() -> RunSummary:
        try:
            return await pipeline.run(images)
        finally:
            await captioner.aclose()

    return asyncio.run(go()), recorder


@pytest.fixture
def library(tmp_path: Path):
    lib = Library(tmp_path / "index" / "library.sqlite3")
    yield lib
    lib.close()


def test_folder_is_captioned_written_and_remembered(fake_api, tmp_path, library) -> None:
    photos = photo_folder(tmp_path / "photos", 5)
    summary, recorder = run(fake_api, tmp_path / "photos", library)
    assert summary.captioned == 5
    assert summary.all_succeeded
    assert summary.cost == pytest.approx(5 * 0.0013)
    for photo in photos:
        text = photo.with_suffix(".txt").read_text(encoding="utf-8")
        assert text.startswith("A landscape")
        record = library.image_by_path(photo)
        assert record is not None
        assert record.state is ImageState.DONE
        assert record.content_hash
        caption = library.current_caption(record.id)
        assert caption is not None
        assert caption.text == text
        assert (caption.backend, caption.model, caption.preset) == (
            "cloud",
            "runware:152@1",
            "concise",
        )
        assert caption.cost == pytest.approx(0.0013)
        assert caption.written_to == (str(photo.with_suffix(".txt")),)
    assert isinstance(recorder.events[0], RunStarted)
    assert isinstance(recorder.events[-1], RunFinished)
    assert len(recorder.threads - {"MainThread"}) == 1  # events come from one thread


def test_existing_captions_are_skipped_and_imported(fake_api, tmp_path, library) -> None:
    photos = photo_folder(tmp_path / "p", 3)
    photos[0].with_suffix(".txt").write_text("My own caption.", encoding="utf-8")
    summary, recorder = run(fake_api, tmp_path / "p", library)
    assert (summary.captioned, summary.skipped) == (2, 1)
    assert photos[0].with_suffix(".txt").read_text(encoding="utf-8") == "My own caption."
    assert len(fake_api.caption_tasks()) == 2
    record = library.image_by_path(photos[0])
    imported = library.current_caption(record.id)
    assert imported.text == "My own caption."
    assert imported.source is CaptionSource.IMPORTED
    assert record.state is ImageState.NEW
    [skip] = recorder.of(ImageSkipped)
    assert skip.path == photos[0]


def test_overwrite_captions_again(fake_api, tmp_path, library) -> None:
    photos = photo_folder(tmp_path / "p", 2)
    photos[0].with_suffix(".txt").write_text("old", encoding="utf-8")
    summary, _ = run(fake_api, tmp_path / "p", library, overwrite=True)
    assert summary.captioned == 2
    assert photos[0].with_suffix(".txt").read_text(encoding="utf-8") != "old"


def test_bad_files_fail_alone_and_the_run_goes_on(fake_api, tmp_path, library) -> None:
    folder = tmp_path / "mixed"
    photo_folder(folder, 2)
    (folder / "notes.jpg").write_text("this is not a photo")
    truncated = write_jpeg(folder / "cut.jpg", (800, 600))
    truncated.write_bytes(truncated.read_bytes()[:3000])
    write_jpeg(folder / "a.jpg")
    write_png(folder / "a.png")
    summary, recorder = run(fake_api, folder, library)
    failures = {e.path.name: e for e in recorder.of(ImageFailed)}
    assert summary.captioned == 2
    assert set(failures) == {"notes.jpg", "cut.jpg", "a.jpg", "a.png"}
    assert "not an image" in failures["notes.jpg"].error.user_message()
    assert "truncated" in failures["cut.jpg"].error.user_message()
    assert "a.jpg and a.png would both write a.txt" in failures["a.png"].error.user_message()
    assert failures["a.jpg"].stage == "write"
    assert not (folder / "a.txt").exists()
    record = library.image_by_path(folder / "cut.jpg")
    assert record.state is ImageState.FAILED
    assert library.last_error(record.id).code == "image-damaged"


def test_huge_image_is_refused_with_the_limit(fake_api, tmp_path) -> None:
    write_jpeg(tmp_path / "big" / "pano.jpg", (1200, 1000))
    summary, recorder = run(fake_api, tmp_path / "big", max_source_pixels=1_000_000)
    [failure] = recorder.of(ImageFailed)
    assert "too large (1200 x 1000" in failure.error.user_message()
    assert summary.failed == 1


def test_rejected_key_stops_the_run_and_leaves_images_unstarted(
    fake_api, tmp_path, library
) -> None:
    photos = photo_folder(tmp_path / "p", 6)
    summary, recorder = run(fake_api, tmp_path / "p", library, key="wrong", batch_size=1)
    assert summary.stopped_reason is not None
    assert "The API key was rejected" in str(summary.stopped_reason)
    assert summary.captioned == 0
    assert summary.not_started == 6
    assert not any(p.with_suffix(".txt").exists() for p in photos)
    assert {library.image_by_path(p).state for p in photos} == {ImageState.NEW}
    assert not recorder.of(ImageFailed)


def test_half_a_batch_failing(fake_api, tmp_path, library) -> None:
    photos = photo_folder(tmp_path / "p", 4)

    calls = []

    def refuse_second(task: dict) -> dict | None:
        calls.append(task)
        if len(calls) == 2:
            return {
                "code": "invalidInputsImage",
                "message": "Cannot process.",
                "parameter": "inputs.image",
            }
        return None

    fake_api.task_fault = refuse_second
    summary, recorder = run(fake_api, tmp_path / "p", library, batch_size=4, max_in_flight=1)
    assert summary.captioned == 3
    assert summary.failed == 1
    [failure] = recorder.of(ImageFailed)
    assert failure.stage == "caption"
    assert "Cannot process." in failure.error.user_message()
    assert sum(1 for p in photos if p.with_suffix(".txt").exists()) == 3


def test_requests_in_flight_are_bounded(fake_api, tmp_path) -> None:
    """The server holds the first requests until three wait at once (the run does send
    them side by side), then answers everything: never more than three at a time."""
    photo_folder(tmp_path / "p", 12)
    fake_api.hold()

    def release_once_three_wait() -> None:
        try:
            fake_api.wait_held(3)
        finally:
            fake_api.release()

    releasing = threading.Thread(target=release_once_three_wait)
    releasing.start()
    summary, _ = run(fake_api, tmp_path / "p", batch_size=1, max_in_flight=3)
    releasing.join()
    assert summary.captioned == 12
    assert fake_api.max_concurrent == 3


def test_cancel_keeps_every_caption_received(fake_api, tmp_path, library) -> None:
    """Three requests are answered, the next two are held: the cancel comes with exactly
    three captions received, and keeps exactly those."""
    photos = photo_folder(tmp_path / "p", 20)
    fake_api.hold(answer_first=3)
    config = RunwareConfig(api_url=fake_api.url, batch_size=1, max_in_flight=2, retry=FAST)
    captioner = RunwareCaptioner(config, DEFAULT_KEY)
    recorder = Recorder()
    images = scan_paths([tmp_path / "p"]).images
    pipeline = CaptionPipeline(
        captioner,
        writer_set(["txt"]),
        RunOptions(PROMPT, PIXEL_LEVELS["fast"]),
        library=library,
        on_event=recorder,
    )

    async def go() -> None:
        task = asyncio.create_task(pipeline.run(images))
        while len(recorder.of(ImageCaptioned)) < 3 or fake_api.held < 2:
            await asyncio.sleep(0.02)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await captioner.aclose()

    asyncio.run(go())
    done = recorder.of(ImageCaptioned)
    [finished] = recorder.of(RunFinished)
    assert finished.summary.cancelled
    assert len(done) == 3
    assert finished.summary.captioned == len(done)
    for event in done:
        assert event.path.with_suffix(".txt").read_text(encoding="utf-8") == event.text
    states = {library.image_by_path(p).state for p in photos}
    assert states <= {ImageState.DONE, ImageState.NEW}
    written = sum(1 for p in photos if p.with_suffix(".txt").exists())
    assert written == len(done)


def test_large_photo_is_sent_downscaled(fake_api, tmp_path) -> None:
    write_jpeg(tmp_path / "big" / "large.jpg", (4000, 3000), quality=92)
    _, recorder = run(fake_api, tmp_path / "big")
    [done] = recorder.of(ImageCaptioned)
    # detailed = 1280 vision tokens = 1,003,520 px, rounded down to 28-px cells
    assert "1148x840" in done.text
    original = (tmp_path / "big" / "large.jpg").stat().st_size
    assert fake_api.bytes_received < original * 0.1


def test_a_stream_of_batches_is_captioned_as_it_arrives(fake_api, tmp_path, library) -> None:
    photos = photo_folder(tmp_path / "p", 6)
    images = scan_paths([tmp_path / "p"]).images
    config = RunwareConfig(api_url=fake_api.url, batch_size=2, max_in_flight=2, retry=FAST)
    captioner = RunwareCaptioner(config, DEFAULT_KEY)
    recorder = Recorder()
    pipeline = CaptionPipeline(
        captioner,
        writer_set(["txt"]),
        RunOptions(PROMPT, PIXEL_LEVELS["fast"]),
        library=library,
        on_event=recorder,
    )

    async def arriving():
        # The next batch arrives only once this one is captioned: a run that waited for
        # the end of its source before captioning would wait here for ever.
        for start in range(0, 6, 2):
            yield images[start : start + 2]
            while len(recorder.of(ImageCaptioned)) < start + 2:
                await asyncio.sleep(0.01)

    async def go() -> RunSummary:
        try:
            return await pipeline.run_source(arriving())
        finally:
            await captioner.aclose()

    summary = asyncio.run(go())
    assert (summary.total, summary.captioned) == (6, 6)
    assert all(p.with_suffix(".txt").exists() for p in photos)
    [started] = recorder.of(RunStarted)
    assert started.total == 0  # a stream: the total grows as batches arrive


def test_pause_holds_requests_and_drain_hands_the_rest_back(fake_api, tmp_path, library) -> None:
    """Both request slots are held at the server when the run is paused; once they are
    answered no other request leaves, and the drain hands the other eight back."""
    photos = photo_folder(tmp_path / "p", 10)
    images = scan_paths([tmp_path / "p"]).images
    fake_api.hold()
    config = RunwareConfig(api_url=fake_api.url, batch_size=1, max_in_flight=2, retry=FAST)
    captioner = RunwareCaptioner(config, DEFAULT_KEY)
    recorder = Recorder()
    pipeline = CaptionPipeline(
        captioner,
        writer_set(["txt"]),
        RunOptions(PROMPT, PIXEL_LEVELS["fast"], from_queue=True),
        library=library,
        on_event=recorder,
    )

    async def endless():
        yield images
        await asyncio.Event().wait()  # a queue that never ends by itself

    async def go() -> RunSummary:
        run = asyncio.create_task(pipeline.run_source(endless()))
        while fake_api.held < 2:
            await asyncio.sleep(0.01)
        pipeline.pause()
        assert len(recorder.of(ImageSent)) == 2
        fake_api.release()  # the requests in flight finish...
        while len(recorder.of(ImageCaptioned)) < 2:
            await asyncio.sleep(0.01)
        pipeline.drain()
        summary = await run
        await captioner.aclose()
        return summary

    summary = asyncio.run(go())
    done = {e.path for e in recorder.of(ImageCaptioned)}
    assert len(done) == 2
    assert {e.path for e in recorder.of(ImageSent)} == done  # ...and no new one left
    assert len(fake_api.caption_tasks()) == 2
    assert summary.captioned == len(done)
    assert not summary.cancelled
    for photo in photos:
        expected = ImageState.DONE if photo in done else ImageState.QUEUED
        assert library.image_by_path(photo).state is expected


def test_a_drain_is_not_lost_when_an_image_arrives_with_it(fake_api) -> None:
    """A drain cancels the wait for more images of a batch; landing just as one arrives,
    it must still cancel it (asyncio.wait_for, before Python 3.12, returned the image
    instead: the dispatcher lived on and the drained run never ended)."""
    config = RunwareConfig(api_url=fake_api.url, batch_size=4)
    options = RunOptions(PROMPT, PIXEL_LEVELS["fast"], batch_linger_s=60.0)
    pipeline = CaptionPipeline(RunwareCaptioner(config, DEFAULT_KEY), writer_set(["txt"]), options)

    async def go() -> None:
        ready: asyncio.Queue = asyncio.Queue()
        ready.put_nowait("first prepared image")
        waiting = asyncio.create_task(pipeline._next_batch(ready))
        await asyncio.sleep(0)  # it took the first image and lingers for more
        ready.put_nowait("second prepared image")
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting

    asyncio.run(go())
