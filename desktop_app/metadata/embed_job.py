"""One embedded caption write: what to change, and how to prove it was right.

:class:`EmbedJob` supplies the ``produce`` and ``verify`` steps of
:func:`desktop_app.metadata.atomic.rewrite_file`. exiv2 works on an in-memory copy
(it ignores some write errors when it writes a file itself, leaving a silently
truncated file); the app writes the temp file. ``produce`` refuses files exiv2 could
not read whole, writes the three caption fields (IIM dataset by dataset, keeping every
other dataset's bytes), then repairs what exiv2 leaves stale: the IPTC digest and a
multi-picture index. ``verify`` re-opens the copy and checks the caption reads back,
the image data is unchanged, no other value changed, an unknown maker note did not
move, and the digest and MP index are consistent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.i18n import Text, join_texts, lazy_gettext
from desktop_app.metadata import iim
from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.containers import (
    Buffer,
    Container,
    ContainerError,
    app_segments,
    container_of,
    exif_tiff_base,
    file_image_data_digest,
    image_data_digest,
    mapped,
)
from desktop_app.metadata.embedded_fields import IMAGE_DESCRIPTION, caption_fields
from desktop_app.metadata.errors import UnsupportedForWriting, VerificationFailed
from desktop_app.metadata.exiv2_errors import (
    exiv2_reason,
    exiv2_write_error,
    unreadable_metadata,
)
from desktop_app.metadata.exiv2_runtime import (
    collect_warnings,
    data_loss_warnings,
    exiv2_module,
    exiv2_serialized,
)
from desktop_app.metadata.mpf import MpIndex, fix_mp_index, mp_index_problems, read_mp_index
from desktop_app.metadata.photoshop import (
    ResourceError,
    iim_block,
    make_iptc_digest_current,
    read_digest_state,
)
from desktop_app.metadata.provenance import PROMPT_MAX_CHARS
from desktop_app.metadata.snapshot import (
    MAKER_NOTE_BLOB,
    MAKER_NOTE_DECODED,
    snapshot,
    unexpected_changes,
)
from desktop_app.metadata.tiff import TiffFormatError, TiffReader
from desktop_app.metadata.xmp_fields import caption_problems, set_caption

# The XMP and EXIF blocks of a JPEG each live in one 64 KB segment; leave room for
# everything else in them (exiv2 cannot split XMP into extended segments).
JPEG_CAPTION_MAX_BYTES = 48_000
WITH_IIM = frozenset({Container.JPEG, Container.TIFF})


@dataclass
class EmbedJob:
    caption: CaptionData
    container: Container | None = None
    before: dict[str, str] = field(default_factory=dict)
    image_data: bytes = b""  # digest of the original's image data
    maker_note_at: int | None = None  # set when exiv2 does not know the maker note
    mp_index: MpIndex | None = None

    # -- produce -----------------------------------------------------------------------
    def produce(self, original: bytes) -> bytes:
        """The original's bytes with the caption written in (in memory)."""
        with exiv2_serialized():
            return self._produce(original)

    def _produce(self, original: bytes) -> bytes:
        self.container = self._check_structure(memoryview(original))
        datasets = self._iim_datasets(original) if self.container in WITH_IIM else None
        exiv2 = exiv2_module()
        image = self._open(original)
        self.before = snapshot(image)
        if _has_unknown_maker_note(image):
            self.maker_note_at = _maker_note_position(original, self.container)
            if self.maker_note_at is None:
                raise UnsupportedForWriting(
                    lazy_gettext(
                        "This file's camera maker note is in a format exiv2 does not know, and "
                        "the app cannot tell whether writing would move (and break) it."
                    ),
                    lazy_gettext(
                        "Write the caption to a .txt or XMP sidecar instead; the file was not "
                        "changed."
                    ),
                )
        text, keywords = self.caption.text, self.caption.keywords
        set_caption(image.xmpData(), self.caption)
        image.exifData()[IMAGE_DESCRIPTION] = text
        if datasets is not None:
            image.setIptcData(_to_exiv2(exiv2, iim.with_caption(datasets, text, keywords)))
        buffer = _write_in_memory(exiv2, image)
        if self.container in WITH_IIM:
            make_iptc_digest_current(buffer)
        if self.mp_index is not None:
            fix_mp_index(buffer, self.mp_index)
        return bytes(buffer)

    def _check_structure(self, data: memoryview) -> Container:
        container = container_of(bytes(data[:16]))
        if container is None:
            raise UnsupportedForWriting(
                lazy_gettext("The file is not really a JPEG, PNG, WebP or TIFF file."),
                lazy_gettext("Its content does not match its name; rename it or use a sidecar."),
            )
        try:
            self.image_data = image_data_digest(data)[1]
        except ContainerError as exc:
            raise unreadable_metadata(f"the file structure is damaged: {exc}") from exc
        if container is Container.JPEG:
            self._check_jpeg(data)
            if self.caption_bytes > JPEG_CAPTION_MAX_BYTES:
                raise UnsupportedForWriting(
                    lazy_gettext(
                        "The caption is too long to embed in a JPEG ({caption_bytes} bytes with "
                        "its languages and keywords; at most {limit} fit).",
                        caption_bytes=self.caption_bytes,
                        limit=JPEG_CAPTION_MAX_BYTES,
                    ),
                    lazy_gettext(
                        "Shorten it or ask for fewer languages, or write it to a .txt or XMP "
                        "sidecar instead."
                    ),
                )
        return container

    @property
    def caption_bytes(self) -> int:
        """The XMP text this write adds: the caption, its languages, title, alt text and
        the prompt recorded with it (all in the JPEG's one XMP segment)."""
        caption = self.caption
        texts = [caption.text, caption.title, caption.alt_text]
        texts += [text for _, text in caption.languages]
        texts += caption.keywords + caption.hierarchical_keywords
        if caption.provenance is not None:
            texts.append(caption.provenance.prompt[:PROMPT_MAX_CHARS])
        return sum(len(text.encode("utf-8")) for text in texts)

    def _check_jpeg(self, data: memoryview) -> None:
        try:
            exif_segments = app_segments(data, 0xE1, b"Exif\x00\x00")
            index = read_mp_index(data)
        except ContainerError as exc:
            raise unreadable_metadata(str(exc)) from exc
        if len(exif_segments) > 1:
            raise UnsupportedForWriting(
                lazy_gettext(
                    "This JPEG's EXIF is split over several segments, which exiv2 cannot "
                    "rewrite without losing part of it."
                ),
                lazy_gettext(
                    "Write the caption to a .txt or XMP sidecar instead; the file was not changed."
                ),
            )
        if index is not None and not mp_index_problems(data, index):
            self.mp_index = index  # consistent now: keep it consistent

    @staticmethod
    def _iim_datasets(original: bytes) -> list[iim.DataSet]:
        try:
            block = iim_block(original)
            return iim.parse(block) if block else []
        except (iim.IimError, ResourceError, TiffFormatError, ContainerError) as exc:
            raise unreadable_metadata(f"the IPTC block is damaged: {exc}") from exc

    @staticmethod
    def _open(original: bytes) -> Any:
        exiv2 = exiv2_module()
        with collect_warnings() as warnings:
            try:
                image = exiv2.ImageFactory.open(original)
                image.readMetadata()
            except exiv2.Exiv2Error as exc:
                raise unreadable_metadata(exiv2_reason(exc)) from exc
        lost = data_loss_warnings(warnings)
        if lost:
            raise unreadable_metadata("; ".join(dict.fromkeys(lost)))
        return image

    # -- verify ------------------------------------------------------------------------
    def verify(self, copy: Path, original: Path) -> None:
        with exiv2_serialized():
            self._verify(copy, original)

    def _verify(self, copy: Path, original: Path) -> None:
        problems = self._image_data_problems(copy, original)
        image = self._reopen(copy)
        problems += self._caption_problems(image)
        changed = unexpected_changes(
            self.before, snapshot(image), compressed=self.container is not Container.TIFF
        )
        if changed:
            problems.append(
                lazy_gettext("other metadata changed ({fields})", fields=", ".join(changed[:5]))
            )
        problems += self._structure_problems(copy)
        if problems:
            raise VerificationFailed(
                lazy_gettext(
                    "The caption was not embedded: the check after writing failed ({problems}).",
                    problems=join_texts(*problems, separator="; "),
                ),
                lazy_gettext(
                    "The original file was not changed. Use a .txt or XMP sidecar for this file."
                ),
            )

    def _reopen(self, copy: Path) -> Any:
        exiv2 = exiv2_module()
        try:
            image = exiv2.ImageFactory.open(str(copy))
            image.readMetadata()
        except exiv2.Exiv2Error as exc:
            raise VerificationFailed(
                lazy_gettext(
                    "The caption was not embedded: the written copy could not be read back."
                ),
                lazy_gettext("The original file was not changed."),
                detail=str(exc),
            ) from exc
        return image

    def _image_data_problems(self, copy: Path, original: Path) -> list[Text]:
        try:
            container, digest = file_image_data_digest(copy)
        except ContainerError as exc:
            return [
                lazy_gettext(
                    "the written image data could not be followed ({error})", error=str(exc)
                )
            ]
        if (container, digest) != (self.container, self.image_data):
            return [lazy_gettext("the image data changed")]
        return []

    def _caption_problems(self, image: Any) -> list[Text]:
        fields = caption_fields(image)
        text = self.caption.text.strip()
        problems = caption_problems(image.xmpData(), self.caption)
        if fields.exif != text:
            problems.append(lazy_gettext("EXIF ImageDescription did not read back"))
        if self.container in WITH_IIM and fields.iim != iim.iim_caption(text).strip():
            problems.append(lazy_gettext("IPTC Caption-Abstract did not read back"))
        return problems

    def _structure_problems(self, copy: Path) -> list[Text]:
        problems: list[Text] = []
        if self.container in WITH_IIM and read_digest_state(copy).stale:
            problems.append(lazy_gettext("the IPTC digest is stale"))
        with mapped(copy) as data:
            moved = _maker_note_position(data, self.container) != self.maker_note_at
            if self.maker_note_at is not None and moved:
                problems.append(
                    lazy_gettext(
                        "the camera maker note (a format exiv2 does not know) would have moved"
                    )
                )
            if self.mp_index is not None:
                index = read_mp_index(data)
                if index is None or mp_index_problems(data, index):
                    problems.append(lazy_gettext("the multi-picture index no longer matches"))
        return problems


def _to_exiv2(exiv2: Any, datasets: list[iim.DataSet]) -> Any:
    data = exiv2.IptcData()
    for dataset in datasets:
        data.add(exiv2.IptcKey(dataset.number, dataset.record), exiv2.DataValue(dataset.data))
    return data


def _has_unknown_maker_note(image: Any) -> bool:
    exif = image.exifData()
    return MAKER_NOTE_BLOB in exif and MAKER_NOTE_DECODED not in exif


def _maker_note_position(data: Buffer, container: Container | None) -> int | None:
    """Where the maker note starts, relative to its EXIF block's TIFF header."""
    try:
        base = exif_tiff_base(data, container)
        if base is None:
            return None
        reader = TiffReader(data, base)
        entry = reader.maker_note()
        return None if entry is None else entry.value_at - base
    except (TiffFormatError, ContainerError):
        return None


def _write_in_memory(exiv2: Any, image: Any) -> bytearray:
    """Let exiv2 write into its in-memory copy and hand back the bytes."""
    try:
        image.writeMetadata()
    except exiv2.Exiv2Error as exc:
        raise exiv2_write_error(exc) from exc
    io = image.io()
    view = io.mmap()
    try:
        return bytearray(view)
    finally:
        del view
        io.munmap()
