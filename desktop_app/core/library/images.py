"""The index's images: recording files, their queue states, moves, and folder views.

An image is keyed by its path (as text); its folder is stored beside it so that a
folder's images are one index lookup. The stat (size, mtime) decides whether a known
content hash still holds: a file that changed on disk loses its hash until hashed again.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from desktop_app.core.library.connections import LibraryConnections
from desktop_app.core.library.records import (
    CaptionRecord,
    CaptionSource,
    ImageOverview,
    ImageRecord,
    ImageState,
    caption_from_row,
    image_from_row,
)

# Ids per states() query: well under SQLite's limit on parameters in one statement
# (999 before SQLite 3.32).
_STATES_CHUNK = 500


class ImageOperations(LibraryConnections):
    """Adding, finding, moving and forgetting images, and changing their states."""

    # -- recording -----------------------------------------------------------------
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
        """Remember the content hash computed for an image (finds copies later)."""
        with self._write() as db:
            db.execute("UPDATE images SET content_hash = ? WHERE id = ?", (content_hash, image_id))

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
        """Drop an image and (by cascade) its captions and errors."""
        with self._write() as db:
            db.execute("DELETE FROM images WHERE path = ?", (str(path),))

    # -- states --------------------------------------------------------------------
    def set_state(self, image_ids: int | Iterable[int], state: ImageState) -> None:
        """Move one image or many (in one transaction) to ``state``."""
        ids = [image_ids] if isinstance(image_ids, int) else list(image_ids)
        now = time.time()
        with self._write() as db:
            db.executemany(
                "UPDATE images SET state = ?, updated_at = ? WHERE id = ?",
                [(state.value, now, image_id) for image_id in ids],
            )

    def states(self, image_ids: Iterable[int]) -> dict[int, ImageState]:
        """The states of the given images; ids not in the index are left out."""
        ids = list(image_ids)
        found: dict[int, ImageState] = {}
        for start in range(0, len(ids), _STATES_CHUNK):
            chunk = ids[start : start + _STATES_CHUNK]
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

    def counts_by_state(self) -> dict[ImageState, int]:
        """How many images are in each state (every state present, zero if none)."""
        counts = dict.fromkeys(ImageState, 0)
        for row in self._reader().execute("SELECT state, COUNT(*) FROM images GROUP BY state"):
            counts[ImageState(row[0])] = int(row[1])
        return counts

    # -- finding -------------------------------------------------------------------
    def image(self, image_id: int) -> ImageRecord | None:
        row = self._reader().execute("SELECT * FROM images WHERE id = ?", (image_id,)).fetchone()
        return image_from_row(row) if row else None

    def image_by_path(self, path: Path) -> ImageRecord | None:
        row = self._reader().execute("SELECT * FROM images WHERE path = ?", (str(path),)).fetchone()
        return image_from_row(row) if row else None

    def images_in(self, folder: Path, *, recursive: bool = False) -> list[ImageRecord]:
        """The images directly in ``folder`` (or anywhere below it), by path."""
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
        return [image_from_row(row) for row in rows]

    def images_with_hash(self, content_hash: str) -> list[ImageRecord]:
        """Every image with this content (copies of one another), oldest first."""
        rows = self._reader().execute(
            "SELECT * FROM images WHERE content_hash = ? ORDER BY id", (content_hash,)
        )
        return [image_from_row(row) for row in rows]

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
        return (Path(row["image_path"]), caption_from_row(row)) if row else None

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

    # -- folder views --------------------------------------------------------------
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


def _like_prefix(prefix: str) -> str:
    """A LIKE pattern (escaped with ``\\``) for the folders below ``prefix``, with the
    separator the prefix itself uses: Windows paths match on backslashes."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    sep = "\\\\" if "\\" in prefix and "/" not in prefix else "/"
    return f"{escaped}{sep}%"
