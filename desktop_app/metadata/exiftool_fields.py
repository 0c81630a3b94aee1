"""The caption fields as ExifTool reads them: for the files exiv2 cannot open at all.

Reading stays with exiv2 (in-process, fast); a file exiv2 refuses whole (an ICC
profile after the frame header, a structure it gives up on) may still be one ExifTool
reads and writes, and its caption must not look absent ("already captioned" would
then be wrong, and a second caption would be written over the first).
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.metadata.embedded_fields import EmbeddedCaption
from desktop_app.metadata.errors import ReadError
from desktop_app.metadata.exiftool_dump import DumpError, parse_dump, text_of, values_of
from desktop_app.metadata.exiftool_install import ExifToolMissing
from desktop_app.metadata.exiftool_process import ExifToolFailed
from desktop_app.metadata.exiftool_session import COMMON_ARGS, current_session

_TAGS = (
    "-XMP-dc:Description",
    "-XMP-dc:Description-*",
    "-XMP-dc:Subject",
    "-IFD0:ImageDescription",
    "-IPTC:Caption-Abstract",
    "-IPTC:Keywords",
    "-XMP-fcap:CaptionSource",
)


def read_with_exiftool(path: Path, why: ReadError) -> EmbeddedCaption:
    """The fields ExifTool reads; raises ``why`` when ExifTool cannot help either."""
    try:
        result = current_session().reader.execute(
            [*COMMON_ARGS, "-j", "-G0:1", "-a", *_TAGS, str(path)]
        )
        dump = parse_dump(result.stdout)
    except (ExifToolMissing, ExifToolFailed, DumpError):
        raise why from None
    languages = tuple(
        key.rsplit("-", 1)[-1]
        for key in dump
        if key.startswith("XMP:XMP-dc:Description-") and not key.endswith("x-default")
    )
    return EmbeddedCaption(
        xmp=_text(dump, "XMP:XMP-dc:Description"),
        exif=_text(dump, "EXIF:IFD0:ImageDescription"),
        iim=_text(dump, "IPTC:Caption-Abstract"),
        xmp_keywords=tuple(values_of(dump, "XMP:XMP-dc:Subject")),
        iim_keywords=tuple(values_of(dump, "IPTC:Keywords")),
        provenance=_text(dump, "XMP:XMP-fcap:CaptionSource") or "",
        languages=languages,
    )


def _text(dump: dict[str, object], key: str) -> str | None:
    value = text_of(dump, key)
    return value.strip() or None if value is not None else None
