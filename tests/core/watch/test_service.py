"""The watch service on real folders, real events and the fake API over HTTP.

Each file-system scenario runs twice: with native events (inotify here) and with the
polling observer, which must give the same results.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.events import ImageSent
from desktop_app.core.library import ImageState
from desktop_app.core.watch.events import (
    FolderUnavailable,
    FolderWatched,
    ImageMoved,
    ImageQueued,
    JobDropped,
)
from desktop_app.core.watch.fstype import WatchMode
from tests.fakes.runware_server import FakeRunware
from tests.images import write_jpeg
from tests.watching import WatchHarness, png_bytes, size_for, sizes_sent, tiny_png, wait_for

MODES = [WatchMode.NATIVE, WatchMode.POLLING]


@pytest.fixture(params=MODES, ids=lambda mode: mode.value)
def watch(
    request: pytest.FixtureRequest, tmp_path: Path, fake_api: FakeRunware
) -> Iterator[WatchHarness]:
    harness = WatchHarness(tmp_path, fake_api, request.param)
    yield harness
    harness.close()


def test_a_slow_copy_is_captioned_once_after_it_is_complete(watch: WatchHarness) -> None:
    watch.start()
    data = write_jpeg(watch.tmp / "card" / "DSC_0001.jpg", (400, 300)).read_bytes()
    target = watch.root / "DSC_0001.jpg"
    step = len(data) // 7 + 1
    with open(target, "wb") as out:
        for start in range(0, len(data), step):
            # Nothing was sent while the file was incomplete (checked before each write).
            assert not watch.events.of(ImageSent)
            out.write(data[start : start + step])
            out.flush()
            # The copy stalls for longer than the settle time: only the completeness
            # check holds it back (this pause is the slow copy, not a wait for a result).
            time.sleep(0.5)
    watch.wait_captioned(target)
    watch.settle_down()
    assert sizes_sent(watch.api) == {(400, 300): 1}
    assert watch.caption_count(target) == 1
    assert "400x300" in target.with_suffix(".txt").read_text(encoding="utf-8")


def test_a_thousand_files_dropped_at_once(watch: WatchHarness) -> None:
    watch.start()
    count = 1000
    images = [png_bytes(i) for i in range(count)]
    for index, data in enumerate(images):
        (watch.root / f"IMG_{index:04d}.png").write_bytes(data)
    wait_for(lambda: len(list(watch.root.glob("*.txt"))) == count, 240, "1,000 captions")
    watch.settle_down()
    assert sizes_sent(watch.api) == Counter({size_for(i): 1 for i in range(count)})
    per_image = watch.captions_per_image()
    assert len(per_image) == count
    assert set(per_image.values()) == {1}
    assert watch.library.counts_by_state()[ImageState.DONE] == count


def test_rename_and_move_keep_history(watch: WatchHarness) -> None:
    watch.start()
    first = tiny_png(watch.root / "a.png", 1)
    watch.wait_captioned(first)
    watch.settle_down()
    image_id = watch.record(first).id
    renamed = watch.root / "b.png"
    first.rename(renamed)
    (watch.root / "sub").mkdir()
    moved = watch.root / "sub" / "c.png"
    wait_for(lambda: watch.record(renamed) is not None, what="the rename")
    renamed.rename(moved)
    wait_for(lambda: watch.record(moved) is not None, what="the move")
    (watch.root / "sub").rename(watch.root / "album")
    in_album = watch.root / "album" / "c.png"
    wait_for(lambda: watch.record(in_album) is not None, what="the folder move")
    watch.settle_down()
    record = watch.record(in_album)
    assert record.id == image_id
    assert record.state is ImageState.DONE
    assert watch.caption_count(in_album) == 1
    assert watch.record(first) is None
    assert watch.record(renamed) is None
    assert watch.record(moved) is None
    assert sum(sizes_sent(watch.api).values()) == 1
    assert len(watch.events.of(ImageMoved)) >= 3


def test_a_queued_image_renamed_is_captioned_under_its_new_name(watch: WatchHarness) -> None:
    watch.start()
    watch.running.pause()
    waiting = tiny_png(watch.root / "x.png", 2)
    wait_for(lambda: watch.events.of(ImageQueued), what="the job")
    renamed = watch.root / "y.png"
    waiting.rename(renamed)
    wait_for(lambda: watch.record(renamed) is not None, what="the rename")
    watch.running.resume()
    watch.wait_captioned(renamed)
    watch.settle_down()
    assert not waiting.with_suffix(".txt").exists()
    assert sizes_sent(watch.api) == {size_for(2): 1}
    assert watch.caption_count(renamed) == 1


def test_a_subfolder_created_later(watch: WatchHarness) -> None:
    watch.start()
    deep = watch.root / "2025" / "03" / "shoot"
    deep.mkdir(parents=True)
    files = [tiny_png(deep / f"p{i}.png", 10 + i) for i in range(3)]
    watch.wait_captioned(*files)
    watch.settle_down()
    assert sizes_sent(watch.api) == Counter({size_for(10 + i): 1 for i in range(3)})


def test_a_deleted_file_drops_its_pending_job(watch: WatchHarness) -> None:
    watch.start()
    watch.running.pause()
    doomed = tiny_png(watch.root / "doomed.png", 3)
    kept = tiny_png(watch.root / "kept.png", 4)
    wait_for(lambda: len(watch.events.of(ImageQueued)) == 2, what="two jobs")
    doomed.unlink()
    wait_for(lambda: watch.events.of(JobDropped), what="the dropped job")
    watch.running.resume()
    watch.wait_captioned(kept)
    watch.settle_down()
    assert [e.path for e in watch.events.of(JobDropped)] == [doomed]
    assert watch.record(doomed) is None
    assert sizes_sent(watch.api) == {size_for(4): 1}


def test_a_folder_that_disappears_and_comes_back(watch: WatchHarness) -> None:
    watch.start()
    watch.running.pause()
    files = [tiny_png(watch.root / f"s{i}.png", 20 + i) for i in range(3)]
    wait_for(lambda: len(watch.events.of(ImageQueued)) == 3, what="three jobs")
    away = watch.tmp / "unmounted"
    watch.root.rename(away)  # the share goes away...
    wait_for(lambda: watch.events.of(FolderUnavailable), what="the folder to be missed")
    watch.running.resume()
    tiny_png(away / "while-away.png", 23)  # ...changes elsewhere...
    time.sleep(0.5)
    assert not list(away.glob("*.txt"))  # nothing captioned while it is gone
    away.rename(watch.root)  # ...and comes back
    later = watch.root / "while-away.png"
    watch.wait_captioned(*files, later)
    watch.settle_down()
    assert not watch.events.of(JobDropped)
    assert len(watch.events.of(FolderWatched)) == 2
    assert sizes_sent(watch.api) == Counter({size_for(20 + i): 1 for i in range(4)})
    assert set(watch.captions_per_image().values()) == {1}


def test_partial_temporary_and_hidden_names_are_ignored(watch: WatchHarness) -> None:
    watch.start()
    for index, name in enumerate(
        ["a.jpg.part", "b.jpg.crdownload", "c.tmp", "d.jpg~", ".e.jpg", ".fc-tmp-1234-f.jpg"]
    ):
        tiny_png(watch.root / name, 30 + index)
    tiny_png(watch.root / ".thumbnails" / "g.png", 36)
    download = tiny_png(watch.root / "photo.png.crdownload", 37)
    time.sleep(1.0)
    finished = watch.root / "photo.png"
    download.rename(finished)  # the browser finished the download
    watch.wait_captioned(finished)
    watch.settle_down()
    assert sizes_sent(watch.api) == {size_for(37): 1}
    assert sorted(p.name for p in watch.root.rglob("*.txt")) == ["photo.txt"]


def test_polling_gives_the_same_results_as_native_events(tmp_path: Path) -> None:
    outcomes = {}
    for mode in MODES:
        with FakeRunware() as api:
            harness = WatchHarness(tmp_path / mode.value, api, mode)
            try:
                harness.start()
                outcomes[mode] = _scenario(harness)
            finally:
                harness.close()
    assert outcomes[WatchMode.NATIVE] == outcomes[WatchMode.POLLING]
    assert outcomes[WatchMode.NATIVE][0] == {
        "kept.png": ("done", 1),
        "renamed.png": ("done", 1),
        "sub/deep.png": ("done", 1),
    }


def _scenario(watch: WatchHarness) -> tuple[dict[str, tuple[str, int]], Counter[tuple[int, int]]]:
    """Drop, rename, delete, add a subfolder; return the index and the server's view."""
    kept = tiny_png(watch.root / "kept.png", 40)
    to_rename = tiny_png(watch.root / "old.png", 41)
    doomed = tiny_png(watch.root / "doomed.png", 42)
    watch.wait_captioned(kept, to_rename, doomed)
    to_rename.rename(watch.root / "renamed.png")
    doomed.unlink()
    deep = tiny_png(watch.root / "sub" / "deep.png", 43)
    watch.wait_captioned(deep)
    wait_for(lambda: watch.record(watch.root / "renamed.png") is not None, what="the rename")
    watch.settle_down()
    index = {
        str(Path(path).relative_to(watch.root)): (watch.record(Path(path)).state.value, count)
        for path, count in watch.captions_per_image().items()
        if Path(path).exists()
    }
    return index, sizes_sent(watch.api)
