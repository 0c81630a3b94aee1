"""The index's captions and errors: every version of every caption, every failure.

Nothing here is ever overwritten: a new caption or error is a new row, and the image
points at its current caption and its last error. That keeps the history an image's
details show, and lets a caption edited by hand be told from a generated one.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from typing import Any

from desktop_app.core.library.connections import LibraryConnections
from desktop_app.core.library.records import (
    CaptionRecord,
    ErrorRecord,
    ImageState,
    NewCaption,
    caption_from_row,
    error_from_row,
)
from desktop_app.errors import CaptionerError


class CaptionOperations(LibraryConnections):
    """Remembering captions and errors for images, and reading them back."""

    # -- captions ------------------------------------------------------------------
    def add_caption(
        self, image_id: int, caption: NewCaption, *, state: ImageState | None = ImageState.DONE
    ) -> int:
        """Remember a caption as the image's current one; returns its id.

        With a ``state`` (by default DONE) the image also moves to it and its failures
        are cleared; ``state=None`` keeps the image where it is in the queue."""
        now = time.time()
        with self._write() as db:
            cursor = db.execute(
                """INSERT INTO captions (image_id, text, keywords, source, backend, model,
                       prompt, preset, cost, timings, usage, written_to, created_at,
                       hierarchical_keywords, languages, title, alt_text, prompt_writer)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                _caption_values(image_id, caption, now),
            )
            caption_id = int(cursor.lastrowid or 0)
            _point_at_caption(db, image_id, caption_id, state, now)
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

    def history(self, image_id: int) -> list[CaptionRecord]:
        """Every caption the image has had, newest first."""
        rows = self._reader().execute(
            "SELECT * FROM captions WHERE image_id = ? ORDER BY id DESC", (image_id,)
        )
        return [caption_from_row(row) for row in rows]

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
        return caption_from_row(row) if row else None

    def total_cost(self) -> float:
        """The summed cost of every caption ever remembered, superseded ones included."""
        row = self._reader().execute("SELECT COALESCE(SUM(cost), 0) FROM captions").fetchone()
        return float(row[0])

    # -- errors --------------------------------------------------------------------
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

    def errors_for(self, image_id: int) -> list[ErrorRecord]:
        """Every failure recorded for the image, newest first."""
        rows = self._reader().execute(
            "SELECT * FROM errors WHERE image_id = ? ORDER BY id DESC", (image_id,)
        )
        return [error_from_row(row) for row in rows]

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
        return error_from_row(row) if row else None


def _caption_values(image_id: int, caption: NewCaption, now: float) -> tuple[Any, ...]:
    """A caption as the column values :meth:`CaptionOperations.add_caption` inserts;
    lists and mappings are stored as JSON text, keywords kept readable (not escaped)."""
    return (
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
    )


def _point_at_caption(
    db: sqlite3.Connection,
    image_id: int,
    caption_id: int,
    state: ImageState | None,
    now: float,
) -> None:
    """Make ``caption_id`` the image's current caption; with a ``state``, also move the
    image there and clear its last error and attempt count (it succeeded)."""
    assignments = "current_caption_id = ?, updated_at = ?"
    params: list[Any] = [caption_id, now]
    if state is not None:
        assignments += ", state = ?, last_error_id = NULL, attempts = 0"
        params.append(state.value)
    db.execute(f"UPDATE images SET {assignments} WHERE id = ?", (*params, image_id))
