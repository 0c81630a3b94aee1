"""Listing a big folder for the grid: fast, a chunk at a time, in natural order.

On ext4 and most Linux file systems a directory lists in hash order, so no row of a
folder's first screen is known to be first before every name has been read. Reading
the names is cheap (``os.scandir`` in C: 100,000 in a few hundredths of a second);
what cost the time was Python work per name. Here each chunk of names is handled in
bulk instead: one regular-expression pass over the chunk's names joined by newlines
picks the image files; nothing is asked of the file system per name until the rows are
about to be shown (:func:`stat_path`, a batch at a time in grid order).

Sorting: where every path has its digits in the same places (``IMG_0001.JPG`` to
``IMG_9999.JPG``, ``DSC_0042.NEF``: the usual camera folder), natural order is plain
case-insensitive order, which Python sorts without a key function per name; other
folders get ``core.scan.natural_key``, computed over a chunk at a time.

:class:`FolderListing` keeps what was read so far and hands out rows in natural order:
the first rows among those read (a listing that takes long, on a network share, can be
shown while it goes on), then, once the folder is read whole, the rest in order.
"""

from __future__ import annotations

import heapq
import os
import re
import stat
from collections.abc import Callable, Iterator
from functools import cache
from itertools import islice
from pathlib import Path

from desktop_app.core.formats import (
    RAW_EXTENSIONS,
    heif_extensions,
    kind_of_name,
    raster_extensions,
)
from desktop_app.core.scan import ImageFile, is_ignored_name, natural_key

CHUNK = 4096  # directory entries handled at a time
SORT_RUN = 8192  # positions sorted in one call (one call holds the GIL throughout)
_DIGITS = re.compile(r"\d+")


def _pad(number: re.Match[str]) -> str:
    return number.group().zfill(20)


# Every ASCII character to "x", digits to "0": two paths with the same mask have their
# digit runs in the same places and of the same lengths.
_DIGIT_MASK = str.maketrans({i: "0" if chr(i).isdigit() else "x" for i in range(128) if i != 10})


@cache
def _image_name() -> re.Pattern[str]:
    """One line of a newline-joined list of names that may be an image file: an image
    extension, and not hidden or an Office lock file (``core.scan.is_ignored_name``;
    its other rules concern names that end otherwise). ``kind_of_name`` has the last
    word when the file is statted."""
    extensions = raster_extensions() | heif_extensions() | RAW_EXTENSIONS
    alternatives = _as_trie(sorted(ext[1:] for ext in extensions))
    return re.compile(rf"^(?!\.|~\$)[^\n]*\.{alternatives}$", re.MULTILINE | re.IGNORECASE)


def _as_trie(words: list[str]) -> str:
    """A regular expression matching exactly ``words``, shaped as a prefix tree: with
    forty extensions, twice as fast as forty alternatives tried one after another."""
    branches: dict[str, list[str]] = {}
    for word in words:
        if word:
            branches.setdefault(word[0], []).append(word[1:])
    parts = [re.escape(first) + _as_trie(rest) for first, rest in sorted(branches.items())]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if "" in words else body


def _joined(texts: list[str]) -> str | None:
    """``texts`` joined by newlines, or None when one contains a newline itself (legal
    in a Linux file name): the bulk passes then fall back to one name at a time."""
    blob = "\n".join(texts)
    return blob if blob.count("\n") == len(texts) - 1 else None


def image_names(names: list[str]) -> list[str]:
    """The names among ``names`` that may be image files, in the same order."""
    if not names:
        return []
    blob = _joined(names)
    if blob is None:
        return [n for n in names if not is_ignored_name(n) and kind_of_name(n) is not None]
    return _image_name().findall(blob)


def sort_keys(paths: list[str]) -> list[str]:
    """``core.scan.natural_key`` of each path, computed over the whole list at once."""
    if not paths:
        return []
    blob = _joined(paths)
    if blob is None:
        return [natural_key(path) for path in paths]
    return _DIGITS.sub(_pad, blob.casefold()).split("\n")


def casefold_order_is_natural(paths: list[str]) -> bool:
    """Whether natural order is plain case-insensitive order for ``paths``: all ASCII,
    digits in the same places. (Zero-padding identical runs at identical places
    changes no comparison; with other digits, "3" might pad against a letter.)"""
    blob = _joined(paths)
    if blob is None or not blob.isascii():
        return False
    return len(set(blob.translate(_DIGIT_MASK).split("\n"))) <= 1


def listed_chunks(folder: Path, *, recursive: bool, chunk: int = CHUNK) -> Iterator[list[str]]:
    """Paths (as text) of the likely image files under ``folder``, a chunk of directory
    entries at a time, as the directories are read. Folder loops are skipped, and so
    are folders that cannot be read."""
    seen: set[tuple[int, int]] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            info = current.stat()
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            entries = os.scandir(current)
        except OSError:
            continue
        prefix = os.path.join(str(current), "")
        with entries:
            for batch in _batches(entries, chunk):
                if recursive:
                    stack.extend(Path(entry.path) for entry in batch if _is_dir(entry))
                yield [prefix + name for name in image_names([entry.name for entry in batch])]


def _batches(entries: Iterator[os.DirEntry[str]], size: int) -> Iterator[list[os.DirEntry[str]]]:
    while True:
        try:
            batch = list(islice(entries, size))
        except OSError:
            return  # the folder went away while it was read
        if not batch:
            return
        yield batch


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def stat_path(path: str) -> ImageFile | None:
    """A snapshot of ``path`` when it is a regular image file; None for a name that
    vanished, a folder named like an image, or another format."""
    kind = kind_of_name(path)
    if kind is None:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return ImageFile(Path(path), kind, info.st_size, info.st_mtime_ns)


def sorted_gradually(count: int, key: Callable[[int], str], run: int = SORT_RUN) -> list[int]:
    """``sorted(range(count), key=key)``, in steps that each hold the GIL briefly.

    One ``sorted`` call over 100,000 names holds the GIL for 40 ms on an idle machine
    and for over 100 ms on a busy one, and the window, which needs the GIL for every
    row it inserts and every cell it paints, waits that long. Sorted runs of ``run``
    positions, merged pairwise (Timsort merges two sorted runs in linear time), hold it
    for a few milliseconds at a time, the last merge for about a third of one sort."""
    runs = [
        sorted(range(start, min(count, start + run)), key=key) for start in range(0, count, run)
    ]
    while len(runs) > 1:
        runs = [
            sorted(runs[i] + runs[i + 1], key=key) if i + 1 < len(runs) else runs[i]
            for i in range(0, len(runs), 2)
        ]
    return runs[0] if runs else []


class FolderListing:
    """The paths read so far, and which of them have been handed out as rows."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self._keys: list[str] = []  # natural keys, computed once rows go out early
        self._folded: list[str] = []  # or the paths case-folded, where that will do
        self._handed_out: set[int] = set()

    def __len__(self) -> int:
        return len(self.paths)

    @property
    def handed_out_early(self) -> bool:
        """Whether rows went out before the folder was read whole (their sort keys
        travel with them: later rows are placed among them)."""
        return bool(self._handed_out)

    def add(self, paths: list[str]) -> None:
        self.paths.extend(paths)
        if self._handed_out:
            self._keys.extend(sort_keys(paths))

    def key(self, position: int) -> str:
        """The natural sort key of a path handed out early."""
        return self._keys[position]

    def first_not_handed_out(self, count: int) -> list[int]:
        """The first ``count`` paths in natural order among those read so far and not
        handed out yet (positions in ``paths``); they count as handed out now."""
        self._keys.extend(sort_keys(self.paths[len(self._keys) :]))
        waiting = (i for i in range(len(self.paths)) if i not in self._handed_out)
        first = heapq.nsmallest(count, waiting, key=self._keys.__getitem__)
        self._handed_out.update(first)
        return first

    def first_in_order(self, count: int) -> list[int]:
        """The first ``count`` positions of :meth:`natural_order` (ties included), at a
        fraction of the cost of sorting them all: the first screen waits for this."""
        return heapq.nsmallest(count, range(len(self.paths)), key=self._order_keys().__getitem__)

    def natural_order(self) -> list[int]:
        """Every position in natural order (call it once the folder is read whole; the
        case-folded copy of the paths is let go: the rows to come need the memory)."""
        order = sorted_gradually(len(self.paths), self._order_keys().__getitem__)
        self._folded = []
        return order

    def _order_keys(self) -> list[str]:
        """What to sort by: case-folded paths where that is natural order (and no rows
        went out early with natural keys), natural keys otherwise."""
        if not self._handed_out and casefold_order_is_natural(self.paths):
            if len(self._folded) != len(self.paths):
                self._folded = "\n".join(self.paths).casefold().split("\n")
            return self._folded
        self._keys.extend(sort_keys(self.paths[len(self._keys) :]))
        return self._keys

    def not_handed_out(self, order: list[int]) -> list[int]:
        handed_out = self._handed_out
        return [i for i in order if i not in handed_out] if handed_out else order
