"""Caption destinations by id, and the set of them chosen for a run.

Picard's pattern: each format is a class behind one interface, chosen from a registry.
The user picks destinations (``txt``, ``xmp``, ``embedded``); the :class:`WriterSet`
decides, per image, which of them apply. A destination that cannot hold a caption
for a file names a fallback: ``embedded`` on a RAW, HEIC or AVIF file (not opened for
writing unless the user allows DNG or HEIC/AVIF) or a GIF writes the XMP sidecar
instead, and the report says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.errors import CaptionerError
from desktop_app.i18n import Text, join_texts, lazy_gettext
from desktop_app.metadata import embedded, txt, xmp_sidecar
from desktop_app.metadata.base import (
    DEFAULT_WRITE_OPTIONS,
    CaptionData,
    CaptionWriter,
    ExistingCaption,
    WriteOptions,
)
from desktop_app.metadata.errors import WriteCollision, WriteError
from desktop_app.metadata.filetypes import sidecar_only


@dataclass(frozen=True)
class WriterSpec:
    writer_id: str
    display_name: Text
    summary: Text
    factory: Callable[[WriteOptions], CaptionWriter]
    # The destination used instead for images this one does not apply to.
    fallback: str | None = None


class UnknownDestination(CaptionerError):
    code = "unknown-destination"
    stops_run = True


_WRITERS: dict[str, WriterSpec] = {}


def register(spec: WriterSpec) -> None:
    if spec.writer_id in _WRITERS:
        raise ValueError(f"writer id {spec.writer_id!r} registered twice")
    _WRITERS[spec.writer_id] = spec


def writer_ids() -> list[str]:
    return list(_WRITERS)


def all_writer_specs() -> list[WriterSpec]:
    return list(_WRITERS.values())


def get_writer_spec(writer_id: str) -> WriterSpec:
    try:
        return _WRITERS[writer_id]
    except KeyError:
        raise UnknownDestination(
            lazy_gettext(
                "There is no caption destination called '{writer_id}'.", writer_id=writer_id
            ),
            lazy_gettext("Choose from: {known}.", known=", ".join(_WRITERS)),
        ) from None


@dataclass
class WriteReport:
    """What happened to one image's caption across its destinations."""

    written: list[Path] = field(default_factory=list)
    failures: list[tuple[str, CaptionerError]] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)  # e.g. a destination substituted

    @property
    def ok(self) -> bool:
        return not self.failures and bool(self.written)

    def combined_error(self) -> CaptionerError | None:
        if not self.failures:
            return None
        if len(self.failures) == 1:
            return self.failures[0][1]
        parts = join_texts(
            *(join_texts(f"{wid}:", err.message_text) for wid, err in self.failures),
            separator="; ",
        )
        transient = all(err.transient for _, err in self.failures)
        error = WriteError(
            lazy_gettext("Some destinations failed ({parts}).", parts=parts),
            self.failures[0][1].hint_text,
        )
        error.transient = transient
        return error


@dataclass(frozen=True)
class PlannedWrite:
    writer: CaptionWriter
    note: Text | None = None  # why this writer stands in for the one chosen


class WriterSet:
    """The destinations chosen for a run, applied per image.

    ``fallbacks`` maps a chosen writer's id to the writer used where it does not
    apply; ``readers`` are every known place a caption can already be (for
    ``--skip-existing`` and for showing what a file has).
    """

    def __init__(
        self,
        writers: Sequence[CaptionWriter],
        fallbacks: Mapping[str, CaptionWriter] | None = None,
        readers: Sequence[CaptionWriter] | None = None,
    ) -> None:
        self.writers = list(writers)
        self.fallbacks = dict(fallbacks or {})
        self.readers = list(readers) if readers is not None else list(writers)

    @property
    def ids(self) -> list[str]:
        return [w.writer_id for w in self.writers]

    def plan(self, image: Path) -> list[PlannedWrite]:
        """The writers for ``image``, each once, substitutes included."""
        planned: dict[str, PlannedWrite] = {}
        for writer in self.writers:
            if writer.applies_to(image):
                planned.setdefault(writer.writer_id, PlannedWrite(writer))
                continue
            substitute = self.fallbacks.get(writer.writer_id)
            if substitute is None or not substitute.applies_to(image):
                continue
            kind, target = image.suffix or "?", substitute.target(image).name
            if sidecar_only(image):
                note = lazy_gettext(
                    "{writer} is not possible for {kind} files (never written into): the "
                    "caption went to the {substitute} {file} instead.",
                    writer=writer.display_name,
                    kind=kind,
                    substitute=substitute.display_name,
                    file=target,
                )
            else:
                note = lazy_gettext(
                    "{writer} is not possible for {kind} files (cannot hold it): the caption "
                    "went to the {substitute} {file} instead.",
                    writer=writer.display_name,
                    kind=kind,
                    substitute=substitute.display_name,
                    file=target,
                )
            planned.setdefault(substitute.writer_id, PlannedWrite(substitute, note))
        return list(planned.values())

    def for_image(self, image: Path) -> list[CaptionWriter]:
        return [planned.writer for planned in self.plan(image)]

    def find_collisions(self, images: Iterable[Path]) -> dict[Path, WriteCollision]:
        """Images whose destination file another image in the run would also write."""
        by_target: dict[Path, list[Path]] = defaultdict(list)
        for image in images:
            for writer in self.for_image(image):
                by_target[writer.target(image)].append(image)
        collisions: dict[Path, WriteCollision] = {}
        for target, owners in by_target.items():
            if len(owners) < 2:
                continue
            names = " and ".join(p.name for p in owners)
            hint = (
                "Name XMP sidecars after the full file name (--sidecar-naming darktable), "
                "or rename one of them; neither was written."
                if target.suffix.lower() == ".xmp"
                else "Rename one of them, or choose the XMP or embedded destination; neither "
                "was written."
            )
            for owner in owners:
                collisions[owner] = WriteCollision(
                    lazy_gettext("{names} would both write {name}.", names=names, name=target.name),
                    hint,
                )
        return collisions

    def existing(self, image: Path) -> list[ExistingCaption]:
        """Captions the image already has, from every known place (unreadable skipped)."""
        found: list[ExistingCaption] = []
        seen: set[str] = set()
        for reader in self.readers:
            if reader.writer_id in seen or not reader.applies_to(image):
                continue
            seen.add(reader.writer_id)
            try:
                existing = reader.read(image)
            except (CaptionerError, OSError):
                continue
            if existing is not None:
                found.append(existing)
        return found

    def write(self, image: Path, caption: CaptionData) -> WriteReport:
        report = WriteReport()
        planned = self.plan(image)
        if not planned:
            report.failures.append(("none", _nowhere_to_write(image)))
        for item in planned:
            writer = item.writer
            try:
                report.written.append(writer.write(image, caption))
            except CaptionerError as error:
                report.failures.append((writer.writer_id, error))
                continue
            except OSError as exc:
                report.failures.append(
                    (
                        writer.writer_id,
                        WriteError(
                            lazy_gettext("Writing failed: {error}", error=str(exc)),
                            lazy_gettext("Retry later."),
                        ),
                    )
                )
                continue
            if item.note:
                report.notes.append(item.note)
        return report


def _nowhere_to_write(image: Path) -> WriteError:
    return WriteError(
        lazy_gettext("None of the chosen destinations can hold a caption for this file."),
        lazy_gettext(
            "{kind} files keep their caption inside the file (the embedded destination); "
            "add it, or the .txt destination, or --xmp-for-all for XMP sidecars beside them.",
            kind=image.suffix.upper().lstrip(".") or "?",
        ),
    )


def writer_set(
    destinations: Iterable[str], options: WriteOptions = DEFAULT_WRITE_OPTIONS
) -> WriterSet:
    ids = list(dict.fromkeys(destinations))
    readers = {spec.writer_id: spec.factory(options) for spec in all_writer_specs()}
    writers = [readers[get_writer_spec(writer_id).writer_id] for writer_id in ids]
    fallbacks: dict[str, CaptionWriter] = {}
    for writer_id in ids:
        fallback = get_writer_spec(writer_id).fallback
        if fallback is not None and fallback in readers:
            fallbacks[writer_id] = readers[fallback]
    return WriterSet(writers, fallbacks, list(readers.values()))


def where_captions_go(
    destinations: Iterable[str], options: WriteOptions = DEFAULT_WRITE_OPTIONS
) -> Text:
    """One sentence for the start of a run: where this run's captions will be written."""
    places = [
        _place(writer_id, options)
        for writer_id in dict.fromkeys(destinations)
        if writer_id in (embedded.WRITER_ID, txt.WRITER_ID, xmp_sidecar.WRITER_ID)
    ]
    if not places:
        return lazy_gettext("Captions are not written anywhere.")
    if len(places) == 1:
        listed = places[0]
    elif len(places) == 2:
        listed = lazy_gettext("{first} and {second}", first=places[0], second=places[1])
    else:
        listed = lazy_gettext(
            "{first}, {second} and {third}", first=places[0], second=places[1], third=places[2]
        )
    return lazy_gettext("Captions go {places}.", places=listed)


def _place(writer_id: str, options: WriteOptions) -> Text:
    """For one destination, the end of the sentence "Captions go ..." (whole phrases,
    so that a translation can word each one its own way)."""
    if writer_id == txt.WRITER_ID:
        return lazy_gettext("to .txt files beside the images")
    if writer_id == xmp_sidecar.WRITER_ID:
        return lazy_gettext("to XMP sidecars beside the images")
    if options.embed_dng and options.embed_heif:
        return lazy_gettext(
            "inside the photos (XMP, IPTC and EXIF; RAW files other than DNG get an XMP sidecar)"
        )
    if options.embed_dng:
        return lazy_gettext(
            "inside the photos (XMP, IPTC and EXIF; RAW files other than DNG and HEIC/AVIF "
            "files get an XMP sidecar)"
        )
    if options.embed_heif:
        return lazy_gettext("inside the photos (XMP, IPTC and EXIF; RAW files get an XMP sidecar)")
    return lazy_gettext(
        "inside the photos (XMP, IPTC and EXIF; RAW files and HEIC/AVIF files get an XMP sidecar)"
    )


def read_everywhere(
    image: Path, options: WriteOptions = DEFAULT_WRITE_OPTIONS
) -> list[ExistingCaption]:
    """Every caption the file already has, from every known place."""
    return writer_set(writer_ids(), options).existing(image)


register(
    WriterSpec(
        writer_id=txt.WRITER_ID,
        display_name=lazy_gettext(".txt sidecar"),
        summary=lazy_gettext("IMG_0001.txt beside the image: the training-dataset convention."),
        factory=txt.TxtWriter,
    )
)
register(
    WriterSpec(
        writer_id=xmp_sidecar.WRITER_ID,
        display_name=lazy_gettext("XMP sidecar"),
        summary=lazy_gettext(
            "IMG_0001.xmp (Adobe) or IMG_0001.CR2.xmp (darktable/digiKam): merged, "
            "never replaced; RAW, HEIC and AVIF files get this instead of embedded captions."
        ),
        factory=xmp_sidecar.XmpSidecarWriter,
    )
)
register(
    WriterSpec(
        writer_id=embedded.WRITER_ID,
        display_name=lazy_gettext("embedded XMP/IPTC/EXIF"),
        summary=lazy_gettext(
            "Inside JPEG, TIFF, PNG, WebP and Photoshop files (DNG, HEIC and AVIF when "
            "allowed), written by ExifTool and checked by two readers before an atomic "
            "replace; RAW, HEIC and AVIF files get the XMP sidecar instead."
        ),
        factory=embedded.EmbeddedWriter,
        fallback=xmp_sidecar.WRITER_ID,
    )
)
