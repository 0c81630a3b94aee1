"""Opening a version-1 library (before structured captions) migrates it in place.

The database below is built with the exact DDL version 1 shipped, filled the way
version 1 filled it, then opened by the current code: everything it held must still be
there, and the new caption fields must work on it.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from desktop_app.core.library import (
    SCHEMA_VERSION,
    CaptionSource,
    ImageState,
    Library,
    NewCaption,
)

VERSION_1_SCHEMA = """
CREATE TABLE images (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    folder TEXT NOT NULL,
    size INTEGER NOT NULL DEFAULT 0,
    mtime_ns INTEGER NOT NULL DEFAULT 0,
    content_hash TEXT,
    kind TEXT NOT NULL DEFAULT 'raster',
    state TEXT NOT NULL DEFAULT 'new'
        CHECK (state IN ('new', 'queued', 'captioning', 'done', 'failed')),
    priority INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL,
    current_caption_id INTEGER,
    last_error_id INTEGER,
    first_seen REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX images_folder ON images (folder);
CREATE INDEX images_queue ON images (state, priority DESC, id);
CREATE INDEX images_hash ON images (content_hash);
CREATE TABLE captions (
    id INTEGER PRIMARY KEY,
    image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    keywords TEXT NOT NULL DEFAULT '[]',
    source TEXT NOT NULL,
    backend TEXT,
    model TEXT,
    prompt TEXT,
    preset TEXT,
    cost REAL,
    timings TEXT NOT NULL DEFAULT '{}',
    usage TEXT NOT NULL DEFAULT '{}',
    written_to TEXT NOT NULL DEFAULT '[]',
    created_at REAL NOT NULL
);
CREATE INDEX captions_image ON captions (image_id, id);
CREATE TABLE errors (
    id INTEGER PRIMARY KEY,
    image_id INTEGER REFERENCES images (id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    hint TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    transient INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL
);
CREATE INDEX errors_image ON errors (image_id, id);
PRAGMA user_version=1;
"""


def version_1_library(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(VERSION_1_SCHEMA)
    db.execute(
        "INSERT INTO images (id, path, folder, size, mtime_ns, state, current_caption_id,"
        " first_seen, updated_at) VALUES (1, '/photos/gull.jpg', '/photos', 10, 5, 'done', 2,"
        " 1.0, 1.0)"
    )
    for caption_id, text, source in ((1, "A gull.", "generated"), (2, "A gull, edited.", "edited")):
        db.execute(
            "INSERT INTO captions (id, image_id, text, keywords, source, backend, model, prompt,"
            " preset, cost, written_to, created_at) VALUES (?, 1, ?, ?, ?, 'cloud',"
            " 'runware:152@1', 'Describe.', 'concise', 0.0013, ?, 2.0)",
            (caption_id, text, json.dumps(["Möwe"]), source, json.dumps(["/photos/gull.txt"])),
        )
    db.execute(
        "INSERT INTO errors (image_id, stage, code, message, created_at)"
        " VALUES (1, 'write', 'error', 'Disk full.', 3.0)"
    )
    db.commit()
    db.close()


def test_a_version_1_library_is_migrated_keeping_everything(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    version_1_library(path)
    library = Library(path)
    try:
        raw = sqlite3.connect(path)
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
        columns = {row[1] for row in raw.execute("PRAGMA table_info(captions)")}
        assert {
            "hierarchical_keywords",
            "languages",
            "title",
            "alt_text",
            "prompt_writer",
        } <= columns
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        raw.close()

        image = library.image_by_path(Path("/photos/gull.jpg"))
        assert image is not None
        assert image.state is ImageState.DONE
        history = library.history(image.id)
        assert [c.text for c in history] == ["A gull, edited.", "A gull."]
        old = history[1]
        assert old.source is CaptionSource.GENERATED
        assert (old.backend, old.model, old.prompt, old.preset) == (
            "cloud",
            "runware:152@1",
            "Describe.",
            "concise",
        )
        assert old.keywords == ("Möwe",)
        assert old.written_to == ("/photos/gull.txt",)
        assert (old.hierarchical_keywords, dict(old.languages), old.title) == ((), {}, "")
        assert library.current_caption(image.id).source is CaptionSource.EDITED
        assert library.errors_for(image.id)[0].message == "Disk full."

        library.add_caption(
            image.id,
            NewCaption(
                "Gulls over the harbour.",
                keywords=("Gull", "Birds"),
                hierarchical_keywords=("Animals|Birds|Gull",),
                languages={"en": "Gulls over the harbour.", "de": "Möwen über dem Hafen."},
                title="Harbour",
                alt_text="Gulls in flight.",
                prompt_writer="Jane",
            ),
        )
        new = library.current_caption(image.id)
        assert new.hierarchical_keywords == ("Animals|Birds|Gull",)
        assert dict(new.languages)["de"] == "Möwen über dem Hafen."
        assert (new.title, new.alt_text, new.prompt_writer) == (
            "Harbour",
            "Gulls in flight.",
            "Jane",
        )
    finally:
        library.close()
    reopened = Library(path)  # a migrated library opens as a current one
    try:
        assert len(reopened.history(1)) == 3
    finally:
        reopened.close()


def test_a_fresh_library_has_the_current_schema(tmp_path: Path) -> None:
    library = Library(tmp_path / "fresh.sqlite3")
    library.close()
    raw = sqlite3.connect(tmp_path / "fresh.sqlite3")
    columns = {row[1] for row in raw.execute("PRAGMA table_info(captions)")}
    raw.close()
    assert "languages" in columns
