"""What the library index hands out: states, sources and the records read from its rows.

Frozen dataclasses rather than ``sqlite3.Row`` so that callers on any thread (the GUI,
the job queue, the watch service) hold plain values that outlive the connection and the
transaction that read them. The row converters live here too, beside the fields they
must match.
"""

from __future__ import annotations

import enum
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


class ImageState(enum.Enum):
    """Where an image is in its captioning life; stored as the value (see the CHECK in
    the schema), so renaming a member is a schema change."""

    NEW = "new"
    QUEUED = "queued"
    CAPTIONING = "captioning"
    DONE = "done"
    FAILED = "failed"


class CaptionSource(enum.Enum):
    """Who wrote a caption: a backend, the user, or a file found on disk."""

    GENERATED = "generated"
    EDITED = "edited"
    IMPORTED = "imported"


@dataclass(frozen=True)
class ImageRecord:
    """One row of ``images``: the file's identity, its stat and its queue state."""

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
    """A remembered caption: a :class:`NewCaption` with its id, image and time."""

    id: int = 0
    image_id: int = 0
    created_at: float = 0.0


@dataclass(frozen=True)
class ErrorRecord:
    """One remembered failure, kept as history even after the image succeeds later."""

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


def image_from_row(row: sqlite3.Row) -> ImageRecord:
    """An :class:`ImageRecord` from a ``SELECT * FROM images`` row."""
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


def caption_from_row(row: sqlite3.Row) -> CaptionRecord:
    """A :class:`CaptionRecord` from a ``captions`` row; its list and mapping columns
    hold JSON text."""
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


def error_from_row(row: sqlite3.Row) -> ErrorRecord:
    """An :class:`ErrorRecord` from an ``errors`` row (``transient`` is stored as 0/1)."""
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
