"""Finding images in folders: fast (``os.scandir``), streaming, and honest about skips.

Temporary and partial files (``.part``, ``.crdownload``, ``~`` backups, dot files such
as the app's own temp files) are never offered as images: a half-copied photo must not
be captioned, and a caption must never be written next to a browser's download stub.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core.formats import ImageKind, kind_of, kind_of_name

PARTIAL_SUFFIXES = tuple(
    ".part .partial .crdownload .download .tmp .temp .!ut .opdownload .filepart .swp".split()
)


def is_ignored_name(name: str) -> bool:
    """Hidden, temporary, partial or backup names that are never images to caption."""
    if name.startswith((".", "~$")) or name.endswith("~"):
        return True
    return name.lower().endswith(PARTIAL_SUFFIXES)


@dataclass(frozen=True, order=True)
class ImageFile:
    """An image on disk as seen when it was scanned: a snapshot, safe to share."""

    path: Path
    kind: ImageKind = field(compare=False)
    size: int = field(compare=False)
    mtime_ns: int = field(compare=False)


@dataclass
class ScanResult:
    images: list[ImageFile] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    not_images: list[Path] = field(default_factory=list)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)


_DIGITS = re.compile(r"\d+")


def natural_key(path: Path | str) -> str:
    """Sort IMG_2 before IMG_10, as file managers do.

    Numbers are zero-padded into one string: a plain string sort runs in C ten times
    faster than comparing mixed tuples, which matters for 100,000 names (and a sort
    holds the GIL for its whole duration).
    """
    return _DIGITS.sub(lambda number: number.group().zfill(20), str(path).casefold())


def image_file(path: Path) -> ImageFile | None:
    """An ``ImageFile`` for ``path`` when it is an image the app handles, else None."""
    kind = kind_of(path)
    if kind is None:
        return None
    stat = path.stat()
    return ImageFile(path=path, kind=kind, size=stat.st_size, mtime_ns=stat.st_mtime_ns)


def list_candidates(
    folder: Path, *, recursive: bool, errors: list[tuple[Path, str]] | None = None
) -> Iterator[tuple[str, ImageKind]]:
    """Paths of image files under ``folder``, from directory entries alone.

    No stat call per file (the entry's type comes with the listing on Linux, macOS and
    Windows), so a 100,000-file folder is listed in a fraction of a second and can be
    sorted before anything else is asked of the filesystem. Folder loops are skipped.
    """
    seen_dirs: set[tuple[int, int]] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            stat = current.stat()
            if (stat.st_dev, stat.st_ino) in seen_dirs:
                continue
            seen_dirs.add((stat.st_dev, stat.st_ino))
            entries = list(os.scandir(current))
        except OSError as exc:
            if errors is not None:
                errors.append((current, exc.strerror or str(exc)))
            continue
        for entry in entries:
            if is_ignored_name(entry.name):
                continue
            try:
                if entry.is_dir():
                    if recursive:
                        stack.append(Path(entry.path))
                    continue
                kind = kind_of_name(entry.name)
                if kind is not None and entry.is_file():
                    yield entry.path, kind
            except OSError:
                continue  # vanished or unreadable between listing and checking


def stat_candidates(candidates: Iterable[tuple[str, ImageKind]]) -> Iterator[ImageFile]:
    """``ImageFile`` snapshots (size, modification time) of listed candidates."""
    for path, kind in candidates:
        try:
            st = os.stat(path)
        except OSError:
            continue  # vanished since it was listed
        yield ImageFile(Path(path), kind, st.st_size, st.st_mtime_ns)


def iter_folder(
    folder: Path, *, recursive: bool, errors: list[tuple[Path, str]] | None = None
) -> Iterator[ImageFile]:
    """Images under ``folder`` (depth first, unordered); folder loops are skipped."""
    return stat_candidates(list_candidates(folder, recursive=recursive, errors=errors))


def scan_paths(paths: Iterable[Path], *, recursive: bool = False) -> ScanResult:
    """Images named by ``paths`` (files or folders), naturally sorted and de-duplicated."""
    result = ScanResult()
    found: dict[Path, ImageFile] = {}
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            result.missing.append(path)
        elif path.is_dir():
            for image in iter_folder(path, recursive=recursive, errors=result.unreadable):
                found.setdefault(image.path.resolve(), image)
        else:
            single = image_file(path)
            if single is None:
                result.not_images.append(path)
            else:
                found.setdefault(path.resolve(), single)
    result.images = sorted(found.values(), key=lambda image: natural_key(image.path))
    return result


def count_by_kind(images: Iterable[ImageFile]) -> dict[ImageKind, int]:
    counts = dict.fromkeys(ImageKind, 0)
    for image in images:
        counts[image.kind] += 1
    return counts
