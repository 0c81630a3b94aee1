"""The SQLite index: states, history, errors, moves, many readers and one writer."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from desktop_app.core.imaging import ImageDamaged
from desktop_app.core.library import (
    SCHEMA_VERSION,
    CaptionSource,
    ImageState,
    Library,
    LibraryTooNew,
    NewCaption,
)


@pytest.fixture
def library(tmp_path: Path):
    lib = Library(tmp_path / "lib.sqlite3")
    yield lib
    lib.close()


def test_wal_mode_and_schema_version(library: Library) -> None:
    conn = sqlite3.connect(library.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    conn.close()


def test_images_captions_and_errors(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "a.jpg"
    image_id = library.upsert_image(path, size=10, mtime_ns=5, content_hash="abc")
    assert library.image(image_id).state is ImageState.NEW
    library.add_error(image_id, ImageDamaged("Broken.", "Fix it."), stage="prepare")
    record = library.image(image_id)
    assert record.state is ImageState.FAILED
    assert record.attempts == 1
    assert library.last_error(image_id).user_message() == "Broken. Fix it."
    first = library.add_caption(image_id, NewCaption("One.", backend="cloud", cost=0.002))
    library.add_caption(image_id, NewCaption("Two.", source=CaptionSource.EDITED))
    history = library.history(image_id)
    assert [c.text for c in history] == ["Two.", "One."]
    assert library.current_caption(image_id).text == "Two."
    assert library.image(image_id).state is ImageState.DONE
    assert library.image(image_id).last_error_id is None
    assert first < history[0].id
    assert library.total_cost() == pytest.approx(0.002)
    assert library.counts_by_state()[ImageState.DONE] == 1


def test_hash_survives_a_restat_with_the_same_size_and_time(
    library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "a.jpg"
    image_id = library.upsert_image(path, size=10, mtime_ns=5, content_hash="abc")
    library.upsert_many([(path, 10, 5, "raster")])
    assert library.image(image_id).content_hash == "abc"
    library.upsert_many([(path, 11, 6, "raster")])  # changed on disk: hash is stale
    assert library.image(image_id).content_hash is None


def test_move_keeps_history(library: Library, tmp_path: Path) -> None:
    old, new = tmp_path / "a.jpg", tmp_path / "sub" / "b.jpg"
    image_id = library.upsert_image(old, size=1, mtime_ns=1, content_hash="h")
    library.add_caption(image_id, NewCaption("Kept."))
    assert library.move_image(old, new)
    moved = library.image_by_path(new)
    assert moved.id == image_id
    assert library.current_caption(moved.id).text == "Kept."
    assert library.images_with_hash("h")[0].path == new
    assert library.images_in(tmp_path, recursive=True)[0].path == new
    assert library.images_in(tmp_path) == []


def test_interrupted_work_goes_back_to_the_queue(library: Library, tmp_path: Path) -> None:
    ids = library.upsert_many([(tmp_path / f"{i}.jpg", 1, 1, "raster") for i in range(3)])
    library.set_state(ids.values(), ImageState.CAPTIONING)
    assert library.reset_interrupted() == 3
    assert set(library.states(ids.values()).values()) == {ImageState.QUEUED}


def test_one_writer_many_readers(library: Library, tmp_path: Path) -> None:
    ids = library.upsert_many([(tmp_path / f"{i}.jpg", 1, 1, "raster") for i in range(50)])
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for image_id in ids.values():
                library.add_caption(image_id, NewCaption(f"caption {image_id}"))
        except BaseException as exc:
            errors.append(exc)

    def read() -> None:
        try:
            for _ in range(200):
                library.counts_by_state()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write)] + [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert library.counts_by_state()[ImageState.DONE] == 50


def test_index_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version=99")
    conn.close()
    with pytest.raises(LibraryTooNew, match="newer version"):
        Library(path)


def test_captions_found_in_files_are_imported_in_bulk(library: Library, tmp_path: Path) -> None:
    ids = library.upsert_many([(tmp_path / f"{i}.jpg", 1, 1, "raster") for i in range(100)])
    imported = [
        (image_id, NewCaption(f"found {image_id}", CaptionSource.IMPORTED, written_to=("txt",)))
        for image_id in ids.values()
    ]
    assert library.import_captions(imported) == 100
    overview = {item.path: item for item in library.folder_overview(tmp_path)}
    assert len(overview) == 100
    first = overview[tmp_path / "0.jpg"]
    assert first.caption == f"found {ids[tmp_path / '0.jpg']}"
    assert first.caption_source is CaptionSource.IMPORTED
    assert first.state is ImageState.NEW
