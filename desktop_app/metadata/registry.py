"""Caption destinations by id, and the set of them chosen for a run.

Picard's pattern: each format is a class behind one interface, chosen from a registry.
The user picks destinations (``txt``, ``xmp``, ``embedded``); the :class:`WriterSet`
decides, per image, which of them apply (a RAW file never gets ``embedded``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.errors import CaptionerError
from desktop_app.metadata import txt
from desktop_app.metadata.base import (
    DEFAULT_WRITE_OPTIONS,
    CaptionData,
    CaptionWriter,
    ExistingCaption,
    WriteOptions,
)
from desktop_app.metadata.errors import ReadError, WriteCollision, WriteError


@dataclass(frozen=True)
class WriterSpec:
    writer_id: str
    display_name: str
    summary: str
    factory: Callable[[WriteOptions], CaptionWriter]


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
            f"There is no caption destination called '{writer_id}'.",
            f"Choose from: {', '.join(_WRITERS)}.",
        ) from None


@dataclass
class WriteReport:
    """What happened to one image's caption across its destinations."""

    written: list[Path] = field(default_factory=list)
    failures: list[tuple[str, CaptionerError]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and bool(self.written)

    def combined_error(self) -> CaptionerError | None:
        if not self.failures:
            return None
        if len(self.failures) == 1:
            return self.failures[0][1]
        parts = "; ".join(f"{wid}: {err.message}" for wid, err in self.failures)
        transient = all(err.transient for _, err in self.failures)
        error = WriteError(f"Some destinations failed ({parts}).", self.failures[0][1].hint)
        error.transient = transient
        return error


class WriterSet:
    """The destinations chosen for a run, applied per image."""

    def __init__(self, writers: Sequence[CaptionWriter]) -> None:
        self.writers = list(writers)

    @property
    def ids(self) -> list[str]:
        return [w.writer_id for w in self.writers]

    def for_image(self, image: Path) -> list[CaptionWriter]:
        return [writer for writer in self.writers if writer.applies_to(image)]

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
            for owner in owners:
                collisions[owner] = WriteCollision(
                    f"{names} would both write {target.name}.",
                    "Rename one of them, or choose the XMP or embedded destination; neither "
                    "was written.",
                )
        return collisions

    def existing(self, image: Path) -> list[ExistingCaption]:
        """Captions already present in this run's destinations (unreadable ones skipped)."""
        found: list[ExistingCaption] = []
        for writer in self.for_image(image):
            try:
                existing = writer.read(image)
            except (ReadError, OSError):
                continue
            if existing is not None:
                found.append(existing)
        return found

    def write(self, image: Path, caption: CaptionData) -> WriteReport:
        report = WriteReport()
        writers = self.for_image(image)
        if not writers:
            report.failures.append(
                (
                    "none",
                    WriteError(
                        "None of the chosen destinations can hold a caption for this file.",
                        "Add the .txt or XMP sidecar destination.",
                    ),
                )
            )
        for writer in writers:
            try:
                report.written.append(writer.write(image, caption))
            except CaptionerError as error:
                report.failures.append((writer.writer_id, error))
            except OSError as exc:
                report.failures.append(
                    (writer.writer_id, WriteError(f"Writing failed: {exc}", "Retry later."))
                )
        return report


def writer_set(
    destinations: Iterable[str], options: WriteOptions = DEFAULT_WRITE_OPTIONS
) -> WriterSet:
    ids = list(dict.fromkeys(destinations))
    return WriterSet([get_writer_spec(writer_id).factory(options) for writer_id in ids])


def read_everywhere(
    image: Path, options: WriteOptions = DEFAULT_WRITE_OPTIONS
) -> list[ExistingCaption]:
    """Every caption the file already has, from every known place."""
    return writer_set(writer_ids(), options).existing(image)


register(
    WriterSpec(
        writer_id=txt.WRITER_ID,
        display_name=".txt sidecar",
        summary="IMG_0001.txt beside the image: the training-dataset convention.",
        factory=txt.TxtWriter,
    )
)
