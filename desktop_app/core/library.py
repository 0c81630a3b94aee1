"""The library index: the app's memory of every image, caption and error.

SQLite in WAL mode, in platformdirs' user data directory. One writer connection
(serialised by a lock, so any thread may write but only one at a time) and one
read-only connection per reading thread: readers never block the writer or each other.
The images' own files (sidecars, embedded metadata) stay the source of truth that other
tools read; the index remembers state, history, cost and errors.
"""

from __future__ import annotations

import enum
import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.errors import CaptionerError

SCHEMA_VERSION = 2


class ImageState(enum.Enum):
    NEW = "new"
    QUEUED = "queued"
    CAPTIONING = "captioning"
    DONE = "done"
    FAILED = "failed"


class CaptionSource(enum.Enum):
    GENERATED = "generated"
    EDITED = "edited"
    IMPORTED = "imported"


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


@dataclass(frozen=True)
class ImageRecord:
    id: int
    path: Path
    size: int
    mtime_ns: int
    content_hash: str | None
    kind: str
    state: ImageState
    priority: int
    attempts: int
    current_caption_id: int | None
    last_error_id: int | None


@dataclass(frozen=True)
class ImageOverview:
    """One image as a list view shows it.

    The path stays the text the index holds until asked for: a window matching 100,000
    of these against its rows by text saves making (and later freeing) 100,000 Paths."""

    location: str
    state: ImageState
    caption: str | None
    caption_source: CaptionSource | None
    cost: float | None
    error: str | None

    @property
    def path(self) -> Path:
        return Path(self.location)


@dataclass(frozen=True)
class NewCaption:
    """A caption to remember, with how it was made (its provenance: the source, and for
    a generated caption the backend, model, prompt, who wrote the prompt, and when)."""

    text: str
    source: CaptionSource = CaptionSource.GENERATED
    keywords: tuple[str, ...] = ()
    backend: str | None = None
    model: str | None = None
    prompt: str | None = None
    preset: str | None = None
    cost: float | None = None
    timings: Mapping[str, float] = field(default_factory=dict)
    usage: Mapping[str, int] = field(default_factory=dict)
    written_to: tuple[str, ...] = ()
    hierarchical_keywords: tuple[str, ...] = ()  # "Animals|Birds|Gull"
    languages: Mapping[str, str] = field(default_factory=dict)  # language -> caption
    title: str = ""
    alt_text: str = ""
    prompt_writer: str | None = None


@dataclass(frozen=True)
class CaptionRecord(NewCaption):
    id: int = 0
    image_id: int = 0
    created_at: float = 0.0


@dataclass(frozen=True)
class ErrorRecord:
    id: int
    image_id: int | None
    stage: str
    code: str
    message: str
    hint: str
    detail: str
    transient: bool
    created_at: float

    def user_message(self) -> str:
        return f"{self.message} {self.hint}".strip()


class Library:
    """Thread-safe access to the index database at ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._write_lock = threading.RLock()
        self._writer = self._connect(readonly=False)
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._init_schema()

    # -- connections ---------------------------------------------------------------
    def _connect(self, *, readonly: bool) -> sqlite3.Connection:
        if readonly:
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            conn = sqlite3.connect(
                uri, uri=True, check_same_thread=False, timeout=30, isolation_level=None
            )
        else:
            conn = sqlite3.connect(
                self.path, check_same_thread=False, timeout=30, isolation_level=None
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        conn.row_factory = sqlite3.Row
        return conn

    def _reader(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect(readonly=True)
            self._local.conn = conn
            with self._readers_lock:
                self._readers.append(conn)
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._write_lock:
            try:
                self._writer.execute("BEGIN IMMEDIATE")
                yield self._writer
                self._writer.execute("COMMIT")
            except BaseException:
                self._writer.execute("ROLLBACK")
                raise

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction for core modules that keep their own SQL on these tables
        (the job queue); committed on success, rolled back on any exception."""
        with self._write() as db:
            yield db

    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """Run a read-only query on this thread's reader connection."""
        return list(self._reader().execute(sql, tuple(params)))

    def _init_schema(self) -> None:
        """Create or migrate the schema, once, whoever opens the file at the same time.

        A library already at this version is left alone (no write, so no lock). Else
        the write lock is taken first (BEGIN IMMEDIATE waits for other writers) and the
        version read again inside the transaction: two processes opening an old index
        together migrate it once, and a read-then-write upgrade never fails with
        "database is locked".
        """
        version = self._writer.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise LibraryTooNew(self.path, version)
        if version == SCHEMA_VERSION:
            return
        with self._write_lock:
            db = self._writer
            db.execute("BEGIN IMMEDIATE")
            try:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise LibraryTooNew(self.path, version)
                for from_version in range(version or SCHEMA_VERSION, SCHEMA_VERSION):
                    for statement in _MIGRATIONS[from_version]:
                        db.execute(statement)
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        with self._readers_lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
        with self._write_lock:
            self._writer.close()

    # -- images --------------------------------------------------------------------
    def upsert_image(
        self,
        path: Path,
        *,
        size: int,
        mtime_ns: int,
        kind: str = "raster",
        content_hash: str | None = None,
    ) -> int:
        """Record an image (or refresh its stat); returns its id. State is kept."""
        now = time.time()
        key = str(path)
        with self._write() as db:
            db.execute(
                """INSERT INTO images (path, folder, size, mtime_ns, kind, content_hash,
                                       first_seen, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (path) DO UPDATE SET
                       size = excluded.size, mtime_ns = excluded.mtime_ns,
                       kind = excluded.kind,
                       content_hash = COALESCE(excluded.content_hash,
                           CASE WHEN images.size = excluded.size
                                 AND images.mtime_ns = excluded.mtime_ns
                                THEN images.content_hash END),
                       updated_at = excluded.updated_at""",
                (key, str(path.parent), size, mtime_ns, kind, content_hash, now, now),
            )
            row = db.execute("SELECT id FROM images WHERE path = ?", (key,)).fetchone()
        return int(row[0])

    def upsert_many(self, entries: Iterable[tuple[Path, int, int, str]]) -> dict[Path, int]:
        """Record many images in one transaction: ``(path, size, mtime_ns, kind)``."""
        now = time.time()
        ids: dict[Path, int] = {}
        with self._write() as db:
            for path, size, mtime_ns, kind in entries:
                db.execute(
                    """INSERT INTO images (path, folder, size, mtime_ns, kind,
                                           first_seen, updated_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT (path) DO UPDATE SET
                           content_hash = CASE WHEN images.size = excluded.size
                               AND images.mtime_ns = excluded.mtime_ns
                               THEN images.content_hash END,
                           size = excluded.size, mtime_ns = excluded.mtime_ns,
                           kind = excluded.kind, updated_at = excluded.updated_at""",
                    (str(path), str(path.parent), size, mtime_ns, kind, now, now),
                )
                row = db.execute("SELECT id FROM images WHERE path = ?", (str(path),)).fetchone()
                ids[path] = int(row[0])
        return ids

    def set_hash(self, image_id: int, content_hash: str) -> None:
        with self._write() as db:
            db.execute("UPDATE images SET content_hash = ? WHERE id = ?", (content_hash, image_id))

    def set_state(self, image_ids: int | Iterable[int], state: ImageState) -> None:
        ids = [image_ids] if isinstance(image_ids, int) else list(image_ids)
        now = time.time()
        with self._write() as db:
            db.executemany(
                "UPDATE images SET state = ?, updated_at = ? WHERE id = ?",
                [(state.value, now, image_id) for image_id in ids],
            )

    def states(self, image_ids: Iterable[int]) -> dict[int, ImageState]:
        ids = list(image_ids)
        found: dict[int, ImageState] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._reader().execute(
                f"SELECT id, state FROM images WHERE id IN ({marks})", chunk
            )
            found.update({int(row[0]): ImageState(row[1]) for row in rows})
        return found

    def reset_interrupted(self) -> int:
        """Images left 'captioning' by a crash go back to the queue; returns how many."""
        with self._write() as db:
            cursor = db.execute("UPDATE images SET state = 'queued' WHERE state = 'captioning'")
            return cursor.rowcount

    def image(self, image_id: int) -> ImageRecord | None:
        row = self._reader().execute("SELECT * FROM images WHERE id = ?", (image_id,)).fetchone()
        return _image(row) if row else None

    def image_by_path(self, path: Path) -> ImageRecord | None:
        row = self._reader().execute("SELECT * FROM images WHERE path = ?", (str(path),)).fetchone()
        return _image(row) if row else None

    def images_in(self, folder: Path, *, recursive: bool = False) -> list[ImageRecord]:
        if recursive:
            prefix = str(folder).rstrip("/\\")
            rows = self._reader().execute(
                "SELECT * FROM images WHERE folder = ? OR folder LIKE ? ESCAPE '\\' ORDER BY path",
                (prefix, _like_prefix(prefix)),
            )
        else:
            rows = self._reader().execute(
                "SELECT * FROM images WHERE folder = ? ORDER BY path", (str(folder),)
            )
        return [_image(row) for row in rows]

    def folder_overview(self, folder: Path, *, recursive: bool = False) -> list[ImageOverview]:
        """Every indexed image under ``folder`` with its caption and last error, in one
        query: what the window needs to show a 100,000-image folder at once."""
        return list(self.iter_folder_overview(folder, recursive=recursive))

    def iter_folder_overview(
        self, folder: Path, *, recursive: bool = False
    ) -> Iterator[ImageOverview]:
        """:meth:`folder_overview`, one image at a time (the caller may pause between)."""
        where = "i.folder = ?"
        params: list[str] = [str(folder)]
        if recursive:
            prefix = str(folder).rstrip("/\\")
            where = "(i.folder = ? OR i.folder LIKE ? ESCAPE '\\')"
            params = [prefix, _like_prefix(prefix)]
        rows = self._reader().execute(
            f"""SELECT i.path, i.state, c.text AS caption, c.source AS source, c.cost AS cost,
                       e.message AS error, e.hint AS hint
                FROM images i
                LEFT JOIN captions c ON c.id = i.current_caption_id
                LEFT JOIN errors e ON e.id = i.last_error_id
                WHERE {where}""",
            params,
        )
        for row in rows:
            yield ImageOverview(
                location=row["path"],
                state=ImageState(row["state"]),
                caption=row["caption"],
                caption_source=CaptionSource(row["source"]) if row["source"] else None,
                cost=row["cost"],
                error=f"{row['error']} {row['hint']}".strip() if row["error"] else None,
            )

    def paths_starting_with(self, prefixes: Iterable[str]) -> set[Path]:
        """Indexed paths that begin with any of ``prefixes`` (one index range scan each):
        ``/photos/IMG_1.`` finds IMG_1.jpg and IMG_1.png, images that share a sidecar."""
        reader = self._reader()
        found: set[Path] = set()
        for prefix in prefixes:
            if not prefix:
                continue
            upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            rows = reader.execute(
                "SELECT path FROM images WHERE path >= ? AND path < ?", (prefix, upper)
            )
            found.update(Path(row[0]) for row in rows)
        return found

    def caption_for_hash(
        self, content_hash: str, *, exclude_id: int | None = None
    ) -> tuple[Path, CaptionRecord] | None:
        """The newest current caption of another image with the same content (a copy)."""
        row = (
            self._reader()
            .execute(
                """SELECT i.path AS image_path, c.* FROM images i
                   JOIN captions c ON c.id = i.current_caption_id
                   WHERE i.content_hash = ? AND i.id IS NOT ?
                   ORDER BY c.id DESC LIMIT 1""",
                (content_hash, exclude_id),
            )
            .fetchone()
        )
        return (Path(row["image_path"]), _caption(row)) if row else None

    def images_with_hash(self, content_hash: str) -> list[ImageRecord]:
        rows = self._reader().execute(
            "SELECT * FROM images WHERE content_hash = ? ORDER BY id", (content_hash,)
        )
        return [_image(row) for row in rows]

    def move_image(self, old: Path, new: Path) -> bool:
        """Keep an image's history when it is renamed or moved."""
        with self._write() as db:
            existing = db.execute("SELECT id FROM images WHERE path = ?", (str(new),)).fetchone()
            if existing:
                db.execute("DELETE FROM images WHERE id = ?", (existing[0],))
            cursor = db.execute(
                "UPDATE images SET path = ?, folder = ?, updated_at = ? WHERE path = ?",
                (str(new), str(new.parent), time.time(), str(old)),
            )
            return cursor.rowcount > 0

    def forget(self, path: Path) -> None:
        with self._write() as db:
            db.execute("DELETE FROM images WHERE path = ?", (str(path),))

    def counts_by_state(self) -> dict[ImageState, int]:
        counts = dict.fromkeys(ImageState, 0)
        for row in self._reader().execute("SELECT state, COUNT(*) FROM images GROUP BY state"):
            counts[ImageState(row[0])] = int(row[1])
        return counts

    # -- captions and errors -----------------------------------------------------------
    def add_caption(
        self, image_id: int, caption: NewCaption, *, state: ImageState | None = ImageState.DONE
    ) -> int:
        now = time.time()
        with self._write() as db:
            cursor = db.execute(
                """INSERT INTO captions (image_id, text, keywords, source, backend, model,
                       prompt, preset, cost, timings, usage, written_to, created_at,
                       hierarchical_keywords, languages, title, alt_text, prompt_writer)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    image_id,
                    caption.text,
                    json.dumps(list(caption.keywords), ensure_ascii=False),
                    caption.source.value,
                    caption.backend,
                    caption.model,
                    caption.prompt,
                    caption.preset,
                    caption.cost,
                    json.dumps(dict(caption.timings)),
                    json.dumps(dict(caption.usage)),
                    json.dumps(list(caption.written_to)),
                    now,
                    json.dumps(list(caption.hierarchical_keywords), ensure_ascii=False),
                    json.dumps(dict(caption.languages), ensure_ascii=False),
                    caption.title,
                    caption.alt_text,
                    caption.prompt_writer,
                ),
            )
            caption_id = int(cursor.lastrowid or 0)
            assignments = "current_caption_id = ?, updated_at = ?"
            params: list[Any] = [caption_id, now]
            if state is not None:
                assignments += ", state = ?, last_error_id = NULL, attempts = 0"
                params.append(state.value)
            db.execute(f"UPDATE images SET {assignments} WHERE id = ?", (*params, image_id))
        return caption_id

    def import_captions(self, captions: Iterable[tuple[int, NewCaption]]) -> int:
        """Remember many captions found in files (one transaction), without changing
        the images' states; returns how many were added."""
        now = time.time()
        added = 0
        with self._write() as db:
            for image_id, caption in captions:
                cursor = db.execute(
                    """INSERT INTO captions (image_id, text, keywords, source, written_to,
                                             created_at)
                       VALUES (?, ?, ?, ?, ?, ?)""",
                    (
                        image_id,
                        caption.text,
                        json.dumps(list(caption.keywords), ensure_ascii=False),
                        caption.source.value,
                        json.dumps(list(caption.written_to)),
                        now,
                    ),
                )
                db.execute(
                    "UPDATE images SET current_caption_id = ? WHERE id = ?",
                    (cursor.lastrowid, image_id),
                )
                added += 1
        return added

    def add_error(
        self,
        image_id: int | None,
        error: CaptionerError,
        *,
        stage: str,
        state: ImageState | None = ImageState.FAILED,
        next_attempt_at: float | None = None,
    ) -> int:
        """Record a failure; ``next_attempt_at`` (epoch seconds) is when a queued image
        may be tried again (the job queue's backoff)."""
        now = time.time()
        with self._write() as db:
            cursor = db.execute(
                """INSERT INTO errors (image_id, stage, code, message, hint, detail,
                                       transient, created_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    image_id,
                    stage,
                    error.code,
                    error.message,
                    error.hint,
                    error.detail,
                    int(error.transient),
                    now,
                ),
            )
            error_id = int(cursor.lastrowid or 0)
            if image_id is not None and state is not None:
                db.execute(
                    """UPDATE images SET state = ?, last_error_id = ?, attempts = attempts + 1,
                       next_attempt_at = ?, updated_at = ? WHERE id = ?""",
                    (state.value, error_id, next_attempt_at, now, image_id),
                )
        return error_id

    def history(self, image_id: int) -> list[CaptionRecord]:
        rows = self._reader().execute(
            "SELECT * FROM captions WHERE image_id = ? ORDER BY id DESC", (image_id,)
        )
        return [_caption(row) for row in rows]

    def current_caption(self, image_id: int) -> CaptionRecord | None:
        row = (
            self._reader()
            .execute(
                """SELECT c.* FROM captions c JOIN images i ON i.current_caption_id = c.id
               WHERE i.id = ?""",
                (image_id,),
            )
            .fetchone()
        )
        return _caption(row) if row else None

    def errors_for(self, image_id: int) -> list[ErrorRecord]:
        rows = self._reader().execute(
            "SELECT * FROM errors WHERE image_id = ? ORDER BY id DESC", (image_id,)
        )
        return [_error(row) for row in rows]

    def last_error(self, image_id: int) -> ErrorRecord | None:
        row = (
            self._reader()
            .execute(
                """SELECT e.* FROM errors e JOIN images i ON i.last_error_id = e.id
               WHERE i.id = ?""",
                (image_id,),
            )
            .fetchone()
        )
        return _error(row) if row else None

    def total_cost(self) -> float:
        row = self._reader().execute("SELECT COALESCE(SUM(cost), 0) FROM captions").fetchone()
        return float(row[0])


class LibraryTooNew(CaptionerError):
    code = "library-too-new"
    stops_run = True

    def __init__(self, path: Path, version: int) -> None:
        super().__init__(
            f"The library index {path} was written by a newer version (schema {version}).",
            "Update Folder Captioner, or point FOLDER_CAPTIONER_HOME elsewhere.",
        )


def _like_prefix(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    sep = "\\\\" if "\\" in prefix and "/" not in prefix else "/"
    return f"{escaped}{sep}%"


def _image(row: sqlite3.Row) -> ImageRecord:
    return ImageRecord(
        id=row["id"],
        path=Path(row["path"]),
        size=row["size"],
        mtime_ns=row["mtime_ns"],
        content_hash=row["content_hash"],
        kind=row["kind"],
        state=ImageState(row["state"]),
        priority=row["priority"],
        attempts=row["attempts"],
        current_caption_id=row["current_caption_id"],
        last_error_id=row["last_error_id"],
    )


def _caption(row: sqlite3.Row) -> CaptionRecord:
    return CaptionRecord(
        id=row["id"],
        image_id=row["image_id"],
        text=row["text"],
        keywords=tuple(json.loads(row["keywords"])),
        source=CaptionSource(row["source"]),
        backend=row["backend"],
        model=row["model"],
        prompt=row["prompt"],
        preset=row["preset"],
        cost=row["cost"],
        timings=json.loads(row["timings"]),
        usage=json.loads(row["usage"]),
        written_to=tuple(json.loads(row["written_to"])),
        created_at=row["created_at"],
        hierarchical_keywords=tuple(json.loads(row["hierarchical_keywords"])),
        languages=json.loads(row["languages"]),
        title=row["title"],
        alt_text=row["alt_text"],
        prompt_writer=row["prompt_writer"],
    )


def _error(row: sqlite3.Row) -> ErrorRecord:
    return ErrorRecord(
        id=row["id"],
        image_id=row["image_id"],
        stage=row["stage"],
        code=row["code"],
        message=row["message"],
        hint=row["hint"],
        detail=row["detail"],
        transient=bool(row["transient"]),
        created_at=row["created_at"],
    )
