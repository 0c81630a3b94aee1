"""How outcomes are recorded: copies, retries, collisions, files that move or vanish."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from desktop_app.backends.runware import RunwareCaptioner, RunwareConfig
from desktop_app.core.events import ImageCaptioned, ImageFailed, ImageSent
from desktop_app.core.hashing import content_hash
from desktop_app.core.imaging import PIXEL_LEVELS
from desktop_app.core.library import ImageState, Library
from desktop_app.core.pipeline import CaptionPipeline, RunOptions
from desktop_app.core.scan import ImageFile, scan_paths
from desktop_app.errors import CaptionerError
from desktop_app.i18n import as_text
from desktop_app.metadata.base import CaptionData, ExistingCaption
from desktop_app.metadata.registry import WriterSet, writer_set
from tests.fakes.runware_server import DEFAULT_KEY, FakeRunware, Fault
from tests.watching import NO_HTTP_RETRY, PROMPT, Recorder, tiny_png


@pytest.fixture
def library(tmp_path: Path):
    lib = Library(tmp_path / "index" / "library.sqlite3")
    yield lib
    lib.close()


def caption(
    api: FakeRunware,
    images: list[ImageFile],
    library: Library,
    *,
    writers: WriterSet | None = None,
    requeue=None,
    during=None,
    from_queue: bool = False,
) -> Recorder:
    recorder = Recorder()
    captioner = RunwareCaptioner(
        RunwareConfig(api_url=api.url, batch_size=1, max_in_flight=2, retry=NO_HTTP_RETRY),
        DEFAULT_KEY,
    )
    pipeline = CaptionPipeline(
        captioner,
        writers or writer_set(["txt"]),
        RunOptions(PROMPT, PIXEL_LEVELS["fast"], from_queue=from_queue),
        library=library,
        on_event=recorder,
        requeue=requeue,
    )

    async def go() -> None:
        task = asyncio.create_task(pipeline.run(images))
        if during is not None:
            await during(recorder)
        await task
        await captioner.aclose()

    asyncio.run(go())
    return recorder


async def first_sent(recorder: Recorder) -> ImageSent:
    while not recorder.of(ImageSent):
        await asyncio.sleep(0.01)
    sent: ImageSent = recorder.of(ImageSent)[0]
    return sent


def test_a_copy_gets_the_caption_of_its_original_without_a_request(
    fake_api, tmp_path, library
) -> None:
    original = tiny_png(tmp_path / "a" / "IMG_1.png", 1)
    caption(fake_api, scan_paths([original]).images, library)
    copy = tmp_path / "b" / "IMG_1 copy.png"
    copy.parent.mkdir()
    copy.write_bytes(original.read_bytes())
    recorder = caption(fake_api, scan_paths([copy]).images, library)
    [done] = recorder.of(ImageCaptioned)
    assert done.reused_from == original
    assert done.cost is None
    assert copy.with_suffix(".txt").read_text() == original.with_suffix(".txt").read_text()
    assert len(fake_api.caption_tasks()) == 1
    record = library.current_caption(library.image_by_path(copy).id)
    assert (record.text, record.backend, record.cost) == (done.text, "cloud", None)


def test_a_transient_failure_goes_back_to_the_queue_with_a_delay(
    fake_api, tmp_path, library
) -> None:
    fake_api.inject(Fault("status", status=503))
    photo = tiny_png(tmp_path / "p.png", 2)
    seen: list[tuple[str, int]] = []

    def requeue(image: ImageFile, error: CaptionerError, attempts: int) -> float | None:
        seen.append((error.code, attempts))
        return 42.0 if error.transient else None

    before = time.time()
    recorder = caption(fake_api, scan_paths([photo]).images, library, requeue=requeue)
    [failure] = recorder.of(ImageFailed)
    assert failure.retry_in_s == 42.0
    assert seen == [(failure.error.code, 1)]
    record = library.image_by_path(photo)
    assert record.state is ImageState.QUEUED
    assert record.attempts == 1
    [row] = library.rows("SELECT next_attempt_at FROM images WHERE id = ?", (record.id,))
    assert before + 42 <= row[0] <= time.time() + 42


def test_a_sibling_known_to_the_index_is_a_collision(fake_api, tmp_path, library) -> None:
    jpeg = tiny_png(tmp_path / "a.png", 3).rename(tmp_path / "a.jpg")
    caption(fake_api, scan_paths([jpeg]).images, library)  # a.jpg -> a.txt
    png = tiny_png(tmp_path / "a.png", 4)
    recorder = caption(fake_api, scan_paths([png]).images, library)
    [failure] = recorder.of(ImageFailed)
    assert "a.jpg and a.png would both write a.txt" in failure.error.user_message()
    assert len(fake_api.caption_tasks()) == 1


def test_a_caption_follows_an_image_renamed_while_it_was_made(fake_api, tmp_path, library) -> None:
    fake_api.hold()  # the answer waits until the rename is done
    photo = tiny_png(tmp_path / "before.png", 5)
    after = tmp_path / "after.png"

    async def rename(recorder: Recorder) -> None:
        await first_sent(recorder)
        photo.rename(after)
        library.move_image(photo, after)  # what the watcher does on the rename event
        fake_api.release()

    recorder = caption(fake_api, scan_paths([photo]).images, library, during=rename)
    [done] = recorder.of(ImageCaptioned)
    assert done.path == after
    assert after.with_suffix(".txt").exists()
    assert not photo.with_suffix(".txt").exists()
    assert library.image_by_path(after).state is ImageState.DONE


def test_nothing_is_written_for_an_image_deleted_while_it_was_made(
    fake_api, tmp_path, library
) -> None:
    fake_api.hold()  # the answer waits until the file is gone
    photo = tiny_png(tmp_path / "gone.png", 6)

    async def delete(recorder: Recorder) -> None:
        await first_sent(recorder)
        photo.unlink()
        fake_api.release()

    recorder = caption(fake_api, scan_paths([photo]).images, library, during=delete)
    [failure] = recorder.of(ImageFailed)
    assert failure.error.code == "image-missing"
    assert not photo.with_suffix(".txt").exists()


class EmbeddingWriter:
    """Writes the caption into the PNG itself (a tEXt chunk), changing the file."""

    writer_id = "png-text"
    display_name = as_text("PNG text chunk")

    def applies_to(self, image: Path) -> bool:
        return image.suffix == ".png"

    def target(self, image: Path) -> Path:
        return image

    def read(self, image: Path) -> ExistingCaption | None:
        with Image.open(image) as opened:
            text = opened.info.get("Description")
        return ExistingCaption(self.writer_id, image, text) if text else None

    def write(self, image: Path, caption: CaptionData) -> Path:
        info = PngImagePlugin.PngInfo()
        info.add_text("Description", caption.text)
        with Image.open(image) as opened:
            opened.load()
            opened.save(image, "PNG", pnginfo=info)
        return image


def test_a_write_inside_the_image_refreshes_its_size_time_and_hash(
    fake_api, tmp_path, library
) -> None:
    photo = tiny_png(tmp_path / "p.png", 7)
    before = photo.stat().st_size
    caption(fake_api, scan_paths([photo]).images, library, writers=WriterSet([EmbeddingWriter()]))
    record = library.image_by_path(photo)
    assert photo.stat().st_size != before
    assert (record.size, record.mtime_ns) == (photo.stat().st_size, photo.stat().st_mtime_ns)
    assert record.content_hash == content_hash(photo)


def test_from_the_queue_a_skip_finishes_the_job(fake_api, tmp_path, library) -> None:
    photo = tiny_png(tmp_path / "p.png", 8)
    photo.with_suffix(".txt").write_text("Mine.", encoding="utf-8")
    recorder = caption(fake_api, scan_paths([photo]).images, library, from_queue=True)
    assert [type(e).__name__ for _, e in recorder.events][1] == "ImageSkipped"
    assert library.image_by_path(photo).state is ImageState.DONE
    assert not fake_api.caption_tasks()
