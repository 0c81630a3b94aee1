"""A person's edit of a caption: written through the same writers, remembered as edited."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.library import CaptionSource, ImageState, Library, NewCaption
from desktop_app.core.scan import image_file
from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.registry import WriteReport, WriterSet


def save_edited_caption(
    path: Path, text: str, writers: WriterSet, library: Library | None
) -> WriteReport:
    """Write ``text`` to every chosen destination and record it in the index."""
    report = writers.write(path, CaptionData(text.strip()))
    if library is not None:
        image = image_file(path)
        image_id = library.upsert_image(
            path,
            size=image.size if image else 0,
            mtime_ns=image.mtime_ns if image else 0,
            kind=image.kind.value if image else "raster",
        )
        library.add_caption(
            image_id,
            NewCaption(
                text.strip(),
                CaptionSource.EDITED,
                written_to=tuple(str(p) for p in report.written),
            ),
            state=ImageState.DONE if report.ok else None,
        )
    error = report.combined_error()
    if error is not None:
        raise error
    return report
