"""Captions inside the image: XMP, EXIF and IPTC-IIM, written with exiv2, losslessly.

JPEG and TIFF get all three caption fields (XMP ``dc:description``, EXIF
``ImageDescription``, IIM 2:120 with 1:90 set to UTF-8), PNG and WebP get XMP and
EXIF (they have no IIM). RAW, HEIC and AVIF files are never opened for writing: the
writer set sends their captions to the XMP sidecar instead.

Every write goes through :func:`desktop_app.metadata.atomic.rewrite_file`: exiv2
changes an in-memory copy, the app writes it to a temp file beside the original,
:class:`~desktop_app.metadata.embed_job.EmbedJob` re-reads and verifies it (caption
back, image data unchanged, nothing else changed), then it atomically replaces the
original.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from desktop_app.i18n import lazy_gettext
from desktop_app.metadata.atomic import rewrite_file
from desktop_app.metadata.base import (
    DEFAULT_WRITE_OPTIONS,
    CaptionData,
    ExistingCaption,
    WriteOptions,
)
from desktop_app.metadata.embed_job import EmbedJob
from desktop_app.metadata.embedded_fields import EmbeddedCaption, read_embedded
from desktop_app.metadata.errors import UnsupportedForWriting, require_text
from desktop_app.metadata.filetypes import can_embed, sidecar_only

WRITER_ID = "embedded"
# exiv2 edits a copy in memory (and the app keeps the original's bytes beside it).
MAX_EMBED_BYTES = 1 << 30


class EmbeddedWriter:
    writer_id = WRITER_ID
    display_name = lazy_gettext("embedded XMP/IPTC/EXIF")

    def __init__(self, options: WriteOptions = DEFAULT_WRITE_OPTIONS) -> None:
        self._options = options

    def applies_to(self, image: Path) -> bool:
        return can_embed(image)

    def target(self, image: Path) -> Path:
        return image

    def fields(self, image: Path) -> EmbeddedCaption | None:
        """What each embedded field holds (None for files this writer does not handle)."""
        return read_embedded(image) if self.applies_to(image) else None

    def read(self, image: Path) -> ExistingCaption | None:
        fields = self.fields(image)
        if fields is None or fields.text is None:
            return None
        return ExistingCaption(
            WRITER_ID, image, fields.text, fields.keywords, provenance=fields.provenance
        )

    def write(self, image: Path, caption: CaptionData) -> Path:
        if sidecar_only(image):
            raise UnsupportedForWriting(
                lazy_gettext(
                    "{name}: captions are never written into {suffix} files.",
                    name=image.name,
                    suffix=image.suffix,
                ),
                lazy_gettext("RAW, HEIC and AVIF files get an XMP sidecar instead."),
            )
        if not self.applies_to(image):
            raise UnsupportedForWriting(
                lazy_gettext(
                    "{name}: {suffix} files cannot hold an embedded caption.",
                    name=image.name,
                    suffix=image.suffix,
                ),
                lazy_gettext("Use the XMP sidecar or .txt destination for them."),
            )
        require_text(caption)
        job = EmbedJob(dataclasses.replace(caption, text=caption.text.strip()))
        rewrite_file(
            image,
            job.produce,
            job.verify,
            keep_mtime=self._options.keep_mtime,
            max_bytes=MAX_EMBED_BYTES,
        )
        return image
