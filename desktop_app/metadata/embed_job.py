"""One embedded caption write: ExifTool writes, two independent readers check.

:class:`EmbedJob` supplies the ``write_copy`` and ``verify`` steps of
:func:`desktop_app.metadata.atomic.rewrite_file_with_tool`:

1. ``write_copy``: exiv2 reads what decides the arguments (keyword lists; the IIM
   block by the app's own parser), ExifTool writes the caption into a new temp file
   beside the original (``-o``), and meanwhile the thread's second ExifTool process
   dumps the original and the app hashes its image data. ExifTool refusing (an error,
   or a minor problem it would have to be told to ignore) refuses the write.
2. ``verify``: ExifTool dumps the copy while exiv2 reads it and the app hashes its image
   data; then :mod:`embed_verify` compares everything.

Nothing here touches the original; a crash or hang of ExifTool surfaces as
``ExifToolFailed`` and the next write starts a fresh process.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.i18n import Text, join_texts, lazy_gettext
from desktop_app.metadata import iim
from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.containers import (
    Container,
    ContainerError,
    container_of,
    file_image_data_digest,
    files_have_same_image_data,
    mapped,
)
from desktop_app.metadata.embed_verify import Readings, change_details, verification_problems
from desktop_app.metadata.errors import DiskFull, UnsupportedForWriting, VerificationFailed
from desktop_app.metadata.exiftool_args import WITH_IIM, EmbedPlan, write_args
from desktop_app.metadata.exiftool_dump import DUMP_ARGS, DumpError, parse_dump, values_of
from desktop_app.metadata.exiftool_install import check_format_support
from desktop_app.metadata.exiftool_process import CommandResult, InFlight, running
from desktop_app.metadata.exiftool_session import COMMON_ARGS, ExifToolSession
from desktop_app.metadata.exiv2_errors import unreadable_metadata
from desktop_app.metadata.mpf import (
    MpIndex,
    fix_first_image_size,
    mp_index_problems,
    read_mp_index,
)
from desktop_app.metadata.photoshop import (
    ResourceError,
    digest_state,
    iim_block,
    make_iptc_digest_current,
)
from desktop_app.metadata.provenance import PROMPT_MAX_CHARS
from desktop_app.metadata.snapshot import Exiv2Reading, XmpLists, read_with_exiv2
from desktop_app.metadata.tiff import TiffFormatError

# A JPEG's EXIF and its main XMP packet each live in one 64 KB segment. Past that
# ExifTool would move XMP properties into "extended XMP", which many readers (exiv2,
# and the tools built on it) do not see: the caption with its languages, title, alt
# text, keywords and prompt must fit with room to spare.
JPEG_CAPTION_MAX_BYTES = 48_000


@dataclass
class EmbedJob:
    caption: CaptionData
    session: ExifToolSession
    container: Container | None = None
    plan: EmbedPlan | None = None
    exiv2_before: Exiv2Reading = field(default_factory=Exiv2Reading)
    dump_before: dict[str, Any] = field(default_factory=dict)
    mp_index: MpIndex | None = None
    notes: list[str] = field(default_factory=list)
    _original_dump: InFlight | None = None
    _temp_dump: InFlight | None = None

    # -- write ---------------------------------------------------------------------------
    def write_copy(self, original: Path, temp: Path) -> None:
        self.container = self._container(original)
        check_format_support(self.session.install, original.suffix)
        self.exiv2_before = read_with_exiv2(original)
        reader, writer = self.session.reader, self.session.writer
        if not _complete_xmp(self.exiv2_before):
            # exiv2 cannot say which keywords the file has: ask ExifTool first
            self.dump_before = self._parsed(reader.execute(self._dump_args(original)))
        self.plan = self._plan(original)
        args = write_args(self.caption, self.plan, self.session.value_file)
        if not self.dump_before:  # read while the copy is written; collected by verify
            self._original_dump = InFlight.start(reader, self._dump_args(original))
        self.mp_index = _consistent_mp_index(original, self.container)
        # The copy is read as soon as it is written, without a round trip through the
        # app, unless the app still patches it first (IPTC digest, MPO index).
        patched = self.plan.has_digest or self.mp_index is not None
        try:
            with running(writer, [*COMMON_ARGS, *args, "-o", str(temp), str(original)]) as write:
                if not patched:
                    self._temp_dump = InFlight.start(writer, self._dump_args(temp), queued=True)
        finally:
            self.session.clear_value_files()
        result = write.result()
        if result.errors or not temp.exists():
            raise refusal(result, original)
        self.notes = result.warnings
        if self.plan.has_digest:
            make_iptc_digest_current(temp)
        if self.mp_index is not None:
            fix_first_image_size(temp, self.mp_index)

    @staticmethod
    def _dump_args(path: Path) -> list[str]:
        return [*COMMON_ARGS, *DUMP_ARGS, str(path)]

    def _container(self, original: Path) -> Container:
        with open(original, "rb") as handle:
            container = container_of(handle.read(16))
        if container is None:
            raise UnsupportedForWriting(
                lazy_gettext("The file's content is not the image type its name says."),
                lazy_gettext(
                    "Rename it to its real type, or write the caption to a sidecar; the file "
                    "was not changed."
                ),
            )
        if container is Container.JPEG and self.caption_bytes > JPEG_CAPTION_MAX_BYTES:
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
        """The XMP text this write adds: the caption, its languages, title, alt text,
        keywords and the prompt recorded with it."""
        caption = self.caption
        texts = [caption.text, caption.title, caption.alt_text]
        texts += [text for _, text in caption.languages]
        texts += caption.keywords + caption.hierarchical_keywords
        if caption.provenance is not None:
            texts.append(caption.provenance.prompt[:PROMPT_MAX_CHARS])
        return sum(len(text.encode("utf-8")) for text in texts)

    def _plan(self, original: Path) -> EmbedPlan:
        assert self.container is not None
        lists = self.exiv2_before.lists
        if self.dump_before:
            lists = _lists_from_dump(self.dump_before)
        datasets: tuple[iim.DataSet, ...] | None = None
        has_digest = False
        if self.container in WITH_IIM:
            try:
                with mapped(original) as data:
                    block = iim_block(data)
                    has_digest = digest_state(data).stored is not None
                datasets = tuple(iim.parse(block)) if block else ()
            except (iim.IimError, ResourceError, TiffFormatError, ContainerError):
                # The app cannot follow the IIM; ExifTool may. Write what the readers
                # know (its keywords, so none is doubled); the check judges the result.
                datasets = self._iim_as_read()
        return EmbedPlan(self.container, lists, datasets, has_digest)

    def _iim_as_read(self) -> tuple[iim.DataSet, ...]:
        fields = self.exiv2_before.fields
        keywords = fields.iim_keywords if fields is not None else ()
        if self.dump_before:
            keywords = tuple(values_of(self.dump_before, "IPTC:Keywords"))
        charset = iim.DataSet(*iim.CHARSET, iim.UTF8_ESCAPE)
        return (charset, *(iim.DataSet(*iim.KEYWORDS, k.encode()) for k in keywords))

    @staticmethod
    def _parsed(result: CommandResult) -> dict[str, Any]:
        try:
            return parse_dump(result.stdout)
        except DumpError as exc:
            raise VerificationFailed(
                lazy_gettext("The caption was not embedded: ExifTool could not read this file."),
                lazy_gettext("The file was not changed. Write the caption to a sidecar instead."),
                detail=result.stderr or str(exc),
            ) from exc

    # -- verify --------------------------------------------------------------------------
    def verify(self, temp: Path, original: Path) -> None:
        assert self.container is not None
        assert self.plan is not None
        dump = self._temp_dump or InFlight.start(self.session.writer, self._dump_args(temp))
        try:
            exiv2_after = read_with_exiv2(temp)
            structure = self._structure_problems(temp, original)
        finally:
            dump.settle()
        dump_after = self._parsed(dump.result())
        if self._original_dump is not None:
            self.dump_before = self._parsed(self._original_dump.result())
        readings = Readings(self.exiv2_before, exiv2_after, self.dump_before, dump_after)
        problems = structure + verification_problems(self.caption, self.plan, readings)
        if problems:
            raise VerificationFailed(
                lazy_gettext(
                    "The caption was not embedded: the check after writing found {problems}.",
                    problems=join_texts(*problems, separator="; "),
                ),
                lazy_gettext(
                    "The original file was not changed. Write the caption to a .txt or XMP "
                    "sidecar for this file."
                ),
                detail=change_details(readings),
            )

    def _structure_problems(self, temp: Path, original: Path) -> list[Text]:
        problems: list[Text] = []
        try:
            if not files_have_same_image_data(original, temp):
                problems.append(lazy_gettext("changed image data"))
        except ContainerError as exc:
            _check_followable(original)  # the original's own structure is the problem
            return [lazy_gettext("image data that could not be followed ({error})", error=str(exc))]
        with mapped(temp) as data:
            if self.container in WITH_IIM and digest_state(data).stale:
                problems.append(lazy_gettext("a stale IPTC digest"))
            if self.mp_index is not None:
                index = read_mp_index(data)
                if index is None or mp_index_problems(data, index):
                    problems.append(lazy_gettext("a multi-picture index that no longer matches"))
        return problems


def _check_followable(path: Path) -> None:
    """Refuse a file whose image data the app cannot locate (so cannot prove unchanged)."""
    try:
        file_image_data_digest(path)
    except ContainerError as exc:
        raise unreadable_metadata(f"the file structure is damaged: {exc}") from exc


def _complete_xmp(reading: Exiv2Reading) -> bool:
    """Whether exiv2 read the file's XMP whole (extended XMP it cannot)."""
    return reading.readable and not any(
        key.startswith("Xmp.xmpNote.HasExtendedXMP") for key in reading.values
    )


def _lists_from_dump(dump: dict[str, Any]) -> XmpLists:
    def listed(key: str) -> tuple[str, ...] | None:
        return tuple(values_of(dump, key)) if key in dump else None

    return XmpLists(
        listed("XMP:XMP-dc:Subject") or (),
        listed("XMP:XMP-lr:HierarchicalSubject"),
        listed("XMP:XMP-digiKam:TagsList"),
    )


def _consistent_mp_index(path: Path, container: Container) -> MpIndex | None:
    """The multi-picture index, when the original's is consistent (keep it so)."""
    if container is not Container.JPEG:
        return None
    try:
        with mapped(path) as data:
            index = read_mp_index(data)
            return index if index is not None and not mp_index_problems(data, index) else None
    except ContainerError:
        return None


def refusal(result: CommandResult, original: Path) -> UnsupportedForWriting | DiskFull:
    """ExifTool's refusal in the user's words (its own message kept in them)."""
    errors = result.errors or ["it wrote nothing and said nothing"]
    said = [*errors, *result.warnings]  # its warnings often name the cause
    reason = "; ".join(dict.fromkeys(_without_path(line) for line in said))
    if any("writing" in error.lower() for error in errors) and out_of_space(original):
        return DiskFull(
            lazy_gettext(
                "Cannot write {name}: the disk is full (or a size limit was reached).",
                name=original.name,
            ),
            lazy_gettext("Free some space and retry; the original file was not changed."),
            detail=reason,
        )
    if "[minor]" in reason:
        message = lazy_gettext(
            "The caption was not embedded: ExifTool found a problem it would have to ignore "
            "in this file ({reason}).",
            reason=reason,
        )
    else:
        message = lazy_gettext(
            "The caption was not embedded: ExifTool found a problem in this file ({reason}).",
            reason=reason,
        )
    return UnsupportedForWriting(
        message,
        lazy_gettext(
            "The file was not changed. Repair the file with your photo software, or write the "
            "caption to a .txt or XMP sidecar instead."
        ),
        detail=result.stderr,
    )


def _without_path(error: str) -> str:
    """ExifTool ends each message with `` - FILE``; the user knows which file."""
    return error.rsplit(" - ", 1)[0].strip()


def out_of_space(original: Path) -> bool:
    """Whether a copy of ``original`` would not fit: the disk, or a file size limit."""
    needed = original.stat().st_size + (1 << 20)
    if shutil.disk_usage(original.parent).free < needed:
        return True
    try:
        import resource
    except ImportError:  # Windows
        return False
    limit, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    return limit != resource.RLIM_INFINITY and limit < needed
