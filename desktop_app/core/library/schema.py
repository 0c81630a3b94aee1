"""The library index's tables, their version, and the steps from each old version.

The version lives in SQLite's ``PRAGMA user_version``. A fresh file (version 0) gets the
whole schema; an older one gets its migrations, then the ``CREATE ... IF NOT EXISTS``
statements (which leave existing tables alone); a newer one is refused rather than
guessed at. Taking the write lock and the transaction around an upgrade is the
connection owner's job (:class:`~desktop_app.core.library.connections.LibraryConnections`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop_app.errors import CaptionerError

SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS images (
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
CREATE INDEX IF NOT EXISTS images_folder ON images (folder);
CREATE INDEX IF NOT EXISTS images_queue ON images (state, priority DESC, id);
CREATE INDEX IF NOT EXISTS images_hash ON images (content_hash);
CREATE TABLE IF NOT EXISTS captions (
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
    created_at REAL NOT NULL,
    hierarchical_keywords TEXT NOT NULL DEFAULT '[]',
    languages TEXT NOT NULL DEFAULT '{}',
    title TEXT NOT NULL DEFAULT '',
    alt_text TEXT NOT NULL DEFAULT '',
    prompt_writer TEXT
);
CREATE INDEX IF NOT EXISTS captions_image ON captions (image_id, id);
CREATE TABLE IF NOT EXISTS errors (
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
CREATE INDEX IF NOT EXISTS errors_image ON errors (image_id, id);
"""


# Schema changes, each from version N to N+1, applied in one transaction on open.
_MIGRATIONS: dict[int, tuple[str, ...]] = {
    # 1 -> 2: structured captions (issue 8): keyword paths, the caption's languages,
    # title, alt text and who wrote the prompt, with each caption.
    1: (
        "ALTER TABLE captions ADD COLUMN hierarchical_keywords TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE captions ADD COLUMN languages TEXT NOT NULL DEFAULT '{}'",
        "ALTER TABLE captions ADD COLUMN title TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE captions ADD COLUMN alt_text TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE captions ADD COLUMN prompt_writer TEXT",
    ),
}


class LibraryTooNew(CaptionerError):
    """The index was written by a newer Folder Captioner: opening it could lose data."""

    code = "library-too-new"
    stops_run = True

    def __init__(self, path: Path, version: int) -> None:
        super().__init__(
            f"The library index {path} was written by a newer version (schema {version}).",
            "Update Folder Captioner, or point FOLDER_CAPTIONER_HOME elsewhere.",
        )


def needs_upgrade(db: sqlite3.Connection, path: Path) -> bool:
    """Whether the index at ``path`` is older than this code (or empty).

    Only reads, so a current index is opened without taking any lock.
    Raises :class:`LibraryTooNew` for a newer one."""
    version = _refuse_newer(db, path)
    return version != SCHEMA_VERSION


def upgrade(db: sqlite3.Connection, path: Path) -> None:
    """Bring the index to :data:`SCHEMA_VERSION`; the caller holds a write transaction.

    The version is read again here, inside that transaction, so that of two processes
    opening an old index together only the first migrates it."""
    version = _refuse_newer(db, path)
    for from_version in range(version or SCHEMA_VERSION, SCHEMA_VERSION):
        for statement in _MIGRATIONS[from_version]:
            db.execute(statement)
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def _refuse_newer(db: sqlite3.Connection, path: Path) -> int:
    """The index's schema version, unless it is newer than this code knows."""
    version: int = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise LibraryTooNew(path, version)
    return version
