"""A person's edit of a caption: written through the same writers, remembered as edited.

An edit replaces the caption text (``x-default``, EXIF, IIM, and the default language's
lang-alt entry when languages are set) and marks it as a person's: the IPTC AI
properties, which describe machine-written text, are removed, and the app's provenance
says "edited" with the time. Keywords, the other languages, title and alt text stay as
they are in the files, and the index record carries them over from the caption edited.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.library import CaptionSource, ImageState, Library, NewCaption
from desktop_app.core.scan import image_file
from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.provenance import Provenance
from desktop_app.metadata.registry import WriteReport, WriterSet


def save_edited_caption(
    path: Path,
    text: str,
    writers: WriterSet,
    library: Library | None,
    *,
    language: str | None = None,
    mark_provenance: bool = True,
) -> WriteReport:
    """Write ``text`` to every chosen destination and record it in the index.

    ``language`` is the caption's default language (settings), when languages are set.
    """
    text = text.strip()
    caption = CaptionData(
        text,
        languages=((language, text),) if language else (),
        provenance=Provenance.edited() if mark_provenance else None,
    )
    report = writers.write(path, caption)
    if library is not None:
        _remember(library, path, caption, report)
    error = report.combined_error()
    if error is not None:
        raise error
    return report


def _remember(library: Library, path: Path, caption: CaptionData, report: WriteReport) -> None:
    image = image_file(path)
    image_id = library.upsert_image(
        path,
        size=image.size if image else 0,
        mtime_ns=image.mtime_ns if image else 0,
        kind=image.kind.value if image else "raster",
    )
    before = library.current_caption(image_id)
    languages = dict(before.languages) if before is not None else {}
    languages.update(caption.languages)
    library.add_caption(
        image_id,
        NewCaption(
            caption.text,
            CaptionSource.EDITED,
            keywords=before.keywords if before is not None else (),
            written_to=tuple(str(p) for p in report.written),
            hierarchical_keywords=before.hierarchical_keywords if before is not None else (),
            languages=languages,
            title=before.title if before is not None else "",
            alt_text=before.alt_text if before is not None else "",
            backend=before.backend if before is not None else None,
            model=before.model if before is not None else None,
        ),
        state=ImageState.DONE if report.ok else None,
    )
