"""``.txt`` caption sidecars, the training-dataset convention (kohya, TagGUI, OneTrainer).

Same base name as the image, UTF-8, the caption only. ``a.jpg`` and ``a.png`` would
share ``a.txt``; the writer set detects that before anything is written.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.i18n import lazy_gettext
from desktop_app.metadata.atomic import FileStamp, write_new_file
from desktop_app.metadata.base import (
    DEFAULT_WRITE_OPTIONS,
    CaptionData,
    ExistingCaption,
    WriteOptions,
)
from desktop_app.metadata.errors import ReadError, write_error_from

WRITER_ID = "txt"


class TxtWriter:
    writer_id = WRITER_ID
    display_name = lazy_gettext(".txt caption file")

    def __init__(self, options: WriteOptions = DEFAULT_WRITE_OPTIONS) -> None:
        self._options = options

    def applies_to(self, image: Path) -> bool:
        return True

    def target(self, image: Path) -> Path:
        return image.with_suffix(".txt")

    def read(self, image: Path) -> ExistingCaption | None:
        target = self.target(image)
        try:
            raw = target.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ReadError(
                lazy_gettext(
                    "Cannot read {name}: {error}.", name=target.name, error=exc.strerror or str(exc)
                ),
                lazy_gettext("Check the file's permissions."),
            ) from exc
        text = _decode(raw).strip()
        return ExistingCaption(WRITER_ID, target, text) if text else None

    def write(self, image: Path, caption: CaptionData) -> Path:
        target = self.target(image)
        try:
            stamp = FileStamp.of(target) if target.exists() else None
        except OSError as exc:
            raise write_error_from(exc, target) from exc
        write_new_file(
            target,
            caption.text.strip().encode("utf-8"),
            expected=stamp,
            keep_mtime=self._options.keep_mtime,
        )
        return target


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM); UTF-16 with BOM and Windows-1252 from older tools."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")
