"""Captions inside the image: XMP, EXIF and IPTC-IIM, written by ExifTool, losslessly.

JPEG, TIFF and Photoshop documents get all three caption fields (XMP
``dc:description``, EXIF ``ImageDescription``, IIM 2:120 with 1:90 set to UTF-8), PNG
and WebP get XMP and EXIF (they have no IIM); so do DNG and HEIC/AVIF files when the
user allows writing into them. Other RAW files are never opened for writing: the
writer set sends their captions to the XMP sidecar instead.

ExifTool, the reference implementation that knows every camera's maker-note layout,
writes a new copy beside the original; two independent readers (ExifTool's full dump
and exiv2) check it (:mod:`embed_job`, :mod:`embed_verify`) before
:func:`~desktop_app.metadata.atomic.rewrite_file_with_tool` fsyncs it and atomically
replaces the original. Reading captions stays with exiv2 (fast, in-process).
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from desktop_app.i18n import lazy_gettext
from desktop_app.metadata.atomic import rewrite_file_with_tool
from desktop_app.metadata.base import (
    DEFAULT_WRITE_OPTIONS,
    CaptionData,
    ExistingCaption,
    WriteOptions,
)
from desktop_app.metadata.embed_job import EmbedJob
from desktop_app.metadata.embedded_fields import EmbeddedCaption, read_embedded
from desktop_app.metadata.errors import UnsupportedForWriting, require_text
from desktop_app.metadata.exiftool_session import current_session
from desktop_app.metadata.filetypes import can_embed, sidecar_only

log = logging.getLogger(__name__)

WRITER_ID = "embedded"
# ExifTool refuses an output file name with a .webp extension when it checks the
# type from the name (12.57): the temp copy gets a neutral ending instead.
TEMP_SUFFIX = ".part"


class EmbeddedWriter:
    writer_id = WRITER_ID
    display_name = lazy_gettext("embedded XMP/IPTC/EXIF")

    def __init__(self, options: WriteOptions = DEFAULT_WRITE_OPTIONS) -> None:
        self._options = options

    def applies_to(self, image: Path) -> bool:
        options = self._options
        return can_embed(image, embed_dng=options.embed_dng, embed_heif=options.embed_heif)

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
        options = self._options
        if sidecar_only(image, embed_dng=options.embed_dng, embed_heif=options.embed_heif):
            raise UnsupportedForWriting(
                lazy_gettext(
                    "{name}: captions are not written into {suffix} files.",
                    name=image.name,
                    suffix=image.suffix,
                ),
                lazy_gettext(
                    "RAW, HEIC and AVIF files get an XMP sidecar instead (DNG, HEIC and AVIF: "
                    "unless you allow writing inside them in the settings)."
                ),
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
        caption = caption.for_metadata()
        require_text(caption)
        job = EmbedJob(dataclasses.replace(caption, text=caption.text.strip()), current_session())
        rewrite_file_with_tool(
            image,
            job.write_copy,
            job.verify,
            keep_mtime=options.keep_mtime,
            temp_suffix=TEMP_SUFFIX,
        )
        for note in job.notes:  # what ExifTool fixed on the way (both readers agreed)
            log.info("%s: ExifTool: %s", image.name, note)
        return image
