"""The persistent job queue: images waiting for a caption, kept in the library index.

An image's job moves through the index's states: ``new`` (known, not waiting) ->
``queued`` -> ``captioning`` -> ``done`` | ``failed``. Before that, the watcher holds a
file in memory as *detected* until it has settled (a half-copied file is never
stored). Because the queue is the index itself, it survives anything: after a crash,
``captioning`` goes back to ``queued`` (``Library.reset_interrupted``) and the next
start carries on.

- Priorities: images a user picks (``USER_PRIORITY``) go before the backlog, oldest
  first within a priority.
- A transient failure waits in ``queued`` until its ``next_attempt_at``.
- A cancelled job goes back to ``new`` with a ``cancelled`` error, so no scan queues it
  again until the file changes or the user asks.
- One consumer per library (the watch lock), so a claim needs no extra state: the
  consumer excludes what its own run already holds.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.formats import ImageKind
from desktop_app.core.library import ImageState, Library
from desktop_app.core.scan import ImageFile
from desktop_app.errors import CaptionerError
from desktop_app.i18n import lazy_gettext

BACKLOG_PRIORITY = 0
USER_PRIORITY = 100
_CHUNK = 500

_INDEXED = """SELECT i.id, i.path, i.size, i.mtime_ns, i.kind, i.state, i.content_hash,
       i.current_caption_id IS NOT NULL AS has_caption,
       COALESCE(e.code = 'cancelled', 0) AS cancelled
FROM images i LEFT JOIN errors e ON e.id = i.last_error_id"""


class JobCancelled(CaptionerError):
    code = "cancelled"

    def __init__(self) -> None:
        super().__init__(
            lazy_gettext("Captioning was cancelled."),
            lazy_gettext("Queue the image again to caption it."),
        )


@dataclass(frozen=True)
class IndexedImage:
    """What the watcher needs to know about an indexed image to decide what to do."""

    id: int
    path: Path
    size: int
    mtime_ns: int
    kind: str
    state: ImageState
    content_hash: str | None
    has_caption: bool
    cancelled: bool

    def same_file(self, size: int, mtime_ns: int) -> bool:
        return (self.size, self.mtime_ns) == (size, mtime_ns)

    @property
    def wants_caption(self) -> bool:
        """Unchanged on disk, should a scan queue it? Only if known but never captioned,
        not waiting already, and not cancelled by the user."""
        return self.state is ImageState.NEW and not self.has_caption and not self.cancelled


@dataclass
class Dropped:
    """What removing deleted files did: pending jobs dropped, uncaptioned records gone."""

    jobs: list[Path] = field(default_factory=list)
    forgotten: list[Path] = field(default_factory=list)


class JobQueue:
    """Queue operations over a :class:`Library`; thread-safe like the library itself."""

    def __init__(self, library: Library) -> None:
        self.library = library

    # -- reading -------------------------------------------------------------------------
    def indexed_under(self, root: Path) -> dict[Path, IndexedImage]:
        """Every indexed image in ``root`` and its subfolders."""
        prefix = str(root).rstrip("/\\")
        rows = self.library.rows(
            f"{_INDEXED} WHERE i.folder = ? OR i.folder LIKE ? ESCAPE '\\'",
            (prefix, _like_prefix(prefix)),
        )
        return {Path(row["path"]): _indexed(row) for row in rows}

    def indexed(self, paths: Iterable[Path]) -> dict[Path, IndexedImage]:
        wanted = [str(path) for path in paths]
        found: dict[Path, IndexedImage] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for row in self.library.rows(f"{_INDEXED} WHERE i.path IN ({marks})", chunk):
                found[Path(row["path"])] = _indexed(row)
        return found

    def with_sizes(self, sizes: Collection[int]) -> list[IndexedImage]:
        """Indexed images of these byte sizes: the candidates when a file may be a move."""
        found: list[IndexedImage] = []
        unique = sorted(set(sizes))
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self.library.rows(
                f"{_INDEXED} WHERE i.size IN ({marks}) AND i.content_hash IS NOT NULL", chunk
            )
            found.extend(_indexed(row) for row in rows)
        return found

    def claim(
        self,
        limit: int,
        *,
        roots: Sequence[Path],
        exclude: Collection[int] = (),
        now: float | None = None,
    ) -> list[ImageFile]:
        """The next due jobs, highest priority first: images under ``roots`` (the watched
        folders that are there now) and any image a user queued explicitly."""
        scope, params = _scope(roots)
        held = ",".join(str(int(image_id)) for image_id in exclude)
        not_held = f"AND id NOT IN ({held})" if held else ""
        rows = self.library.rows(
            f"""SELECT id, path, kind, size, mtime_ns FROM images
                WHERE state = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
                  AND {scope} {not_held}
                ORDER BY priority DESC, id LIMIT ?""",
            (time.time() if now is None else now, *params, limit),
        )
        return [
            ImageFile(Path(row["path"]), ImageKind(row["kind"]), row["size"], row["mtime_ns"])
            for row in rows
        ]

    def next_due(self, *, roots: Sequence[Path], now: float | None = None) -> float | None:
        """When the earliest job waiting for a retry becomes due (epoch seconds)."""
        scope, params = _scope(roots)
        rows = self.library.rows(
            f"""SELECT MIN(next_attempt_at) FROM images
                WHERE state = 'queued' AND next_attempt_at > ? AND {scope}""",
            (time.time() if now is None else now, *params),
        )
        value = rows[0][0] if rows else None
        return float(value) if value is not None else None

    def counts(self) -> dict[ImageState, int]:
        return self.library.counts_by_state()

    # -- changing ------------------------------------------------------------------------
    def add(self, files: Sequence[ImageFile], *, priority: int = BACKLOG_PRIORITY) -> list[int]:
        """Index these files (refreshing their stat) and queue them."""
        if not files:
            return []
        entries = [(f.path, f.size, f.mtime_ns, f.kind.value) for f in files]
        ids = list(self.library.upsert_many(entries).values())
        self.enqueue(ids, priority=priority)
        return ids

    def enqueue(self, image_ids: Iterable[int], *, priority: int = BACKLOG_PRIORITY) -> int:
        """Queue indexed images now (an image being captioned keeps its job)."""
        now = time.time()
        with self.library.transaction() as db:
            cursor = db.executemany(
                """UPDATE images SET state = 'queued', priority = ?, next_attempt_at = NULL,
                       attempts = 0, updated_at = ?
                   WHERE id = ? AND state != 'captioning'""",
                [(priority, now, image_id) for image_id in image_ids],
            )
            return cursor.rowcount

    def cancel(self, paths: Iterable[Path] | None = None) -> list[Path]:
        """Take queued jobs out of the queue (all of them when ``paths`` is None)."""
        rows: list[tuple[int, str]]
        if paths is None:
            found = self.library.rows("SELECT id, path FROM images WHERE state = 'queued'")
            rows = [(int(row[0]), str(row[1])) for row in found]
        else:
            rows = [
                (record.id, str(record.path))
                for record in self.indexed(paths).values()
                if record.state is ImageState.QUEUED
            ]
        error = JobCancelled()
        now = time.time()
        with self.library.transaction() as db:
            for image_id, _path in rows:
                cursor = db.execute(
                    """INSERT INTO errors (image_id, stage, code, message, hint, detail,
                                           transient, created_at)
                       VALUES (?, 'queue', ?, ?, ?, '', 0, ?)""",
                    (image_id, error.code, error.message, error.hint, now),
                )
                db.execute(
                    """UPDATE images SET state = 'new', last_error_id = ?,
                           next_attempt_at = NULL, updated_at = ? WHERE id = ?""",
                    (cursor.lastrowid, now, image_id),
                )
        return [Path(path) for _id, path in rows]

    def drop(self, paths: Iterable[Path], *, exclude: Collection[int] = ()) -> Dropped:
        """Files that were deleted: pending jobs go, and so do records with no caption
        history; captioned ones stay (a move across watched folders finds them by hash).
        Images a run holds (``exclude``) are left to the run, which reports them."""
        dropped = Dropped()
        forget: list[int] = []
        unqueue: list[int] = []
        for record in self.indexed(paths).values():
            if record.id in exclude:
                continue
            if record.state is ImageState.QUEUED:
                dropped.jobs.append(record.path)
            if not record.has_caption:
                forget.append(record.id)
                dropped.forgotten.append(record.path)
            elif record.state is ImageState.QUEUED:
                unqueue.append(record.id)
        with self.library.transaction() as db:
            db.executemany("DELETE FROM images WHERE id = ?", [(i,) for i in forget])
            db.executemany("UPDATE images SET state = 'new' WHERE id = ?", [(i,) for i in unqueue])
        return dropped

    def requeue_transient_failures(self, roots: Sequence[Path]) -> int:
        """Images that ran out of retries on a transient error (a long network outage)
        get a fresh set of attempts at the next start."""
        scope, params = _scope(roots)
        with self.library.transaction() as db:
            cursor = db.execute(
                f"""UPDATE images SET state = 'queued', next_attempt_at = NULL, attempts = 0
                    WHERE state = 'failed' AND {scope} AND last_error_id IN
                        (SELECT id FROM errors WHERE transient = 1)""",
                params,
            )
            return cursor.rowcount


def _indexed(row: Any) -> IndexedImage:
    return IndexedImage(
        id=row["id"],
        path=Path(row["path"]),
        size=row["size"],
        mtime_ns=row["mtime_ns"],
        kind=row["kind"],
        state=ImageState(row["state"]),
        content_hash=row["content_hash"],
        has_caption=bool(row["has_caption"]),
        cancelled=bool(row["cancelled"]),
    )


def _scope(roots: Sequence[Path]) -> tuple[str, tuple[Any, ...]]:
    """SQL for "under one of these folders, or queued by a user"."""
    clauses = ["priority >= ?"]
    params: list[Any] = [USER_PRIORITY]
    for root in roots:
        prefix = str(root).rstrip("/\\")
        clauses.append("folder = ? OR folder LIKE ? ESCAPE '\\'")
        params.extend([prefix, _like_prefix(prefix)])
    return f"({' OR '.join(clauses)})", tuple(params)


def _like_prefix(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    sep = "\\\\" if "\\" in prefix and "/" not in prefix else "/"
    return f"{escaped}{sep}%"
