"""Only finished files: a detected file is taken once it has stopped changing.

A photo copied from a card, downloaded by a browser or synced from a phone appears
long before it is complete. A file is taken when its size and modification time have
stayed the same for the settle time *and* it looks complete: its header decodes, and a
JPEG ends with its end-of-image marker, a PNG with its IEND chunk (copies that stall
for longer than the settle time are still caught). A file that never looks complete
(a JPEG with a maker trailer, a damaged file) is passed on after ``give_up_s`` of
silence, so the pipeline reports what is wrong instead of the file waiting forever.

Not thread-safe: the watch service uses a settler from its one intake thread.
"""

from __future__ import annotations

import os
import stat as stat_module
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from desktop_app.core.formats import ImageKind, kind_of
from desktop_app.core.scan import ImageFile, is_ignored_name

TAIL_BYTES = 4096  # room for zero padding after the end marker
JPEG_END = b"\xff\xd9"
PNG_END = b"IEND\xaeB`\x82"


def is_candidate(path: Path) -> bool:
    """A name the watcher cares about: an image type, not temporary, partial or hidden
    (so never the app's own temp files or sidecars, nor a browser's download stub)."""
    return not is_ignored_name(path.name) and kind_of(path) is not None


def looks_complete(path: Path, kind: ImageKind) -> bool:
    """The header decodes and the file does not end early (JPEG, PNG). Cheap: reads the
    header and the last bytes, never the pixels."""
    if kind is ImageKind.RAW:
        return True  # Pillow reads no RAW headers; a stable size is all there is
    try:
        with Image.open(path) as image:
            image_format = image.format
            if image.width <= 0 or image.height <= 0:
                return False
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - TAIL_BYTES))
            tail = handle.read()
    except Exception:  # noqa: BLE001 - any failure to parse means "not (yet) an image"
        return False
    if image_format in ("JPEG", "MPO"):
        return tail.rstrip(b"\x00").endswith(JPEG_END)
    if image_format == "PNG":
        return tail.endswith(PNG_END)
    return True


@dataclass
class _Detected:
    signature: tuple[int, int]
    changed_at: float
    last_complete_check: float | None = None


class Settler:
    """Files detected and not yet taken, and the clock that decides when they are."""

    def __init__(
        self,
        settle_s: float,
        *,
        give_up_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settle_s = settle_s
        self.give_up_s = give_up_s if give_up_s is not None else max(30.0, 10 * settle_s)
        self._clock = clock
        self._detected: dict[Path, _Detected] = {}

    def __len__(self) -> int:
        return len(self._detected)

    def __contains__(self, path: object) -> bool:
        return path in self._detected

    def touch(self, path: Path) -> bool:
        """Something happened to ``path``: (re)start its settle time. True when newly
        detected (a candidate that exists), False otherwise."""
        now = self._clock()
        entry = self._detected.get(path)
        if entry is not None:
            entry.changed_at = now  # an event is proof of activity, whatever the stat says
            return False
        if not is_candidate(path):
            return False
        signature = _signature(path)
        if signature is None:
            return False
        self._detected[path] = _Detected(signature, now)
        return True

    def forget(self, path: Path) -> bool:
        return self._detected.pop(path, None) is not None

    def forget_under(self, folder: Path) -> list[Path]:
        gone = [path for path in self._detected if folder in path.parents]
        for path in gone:
            del self._detected[path]
        return gone

    def check(self) -> list[ImageFile]:
        """Re-stat every detected file; return (and stop tracking) the finished ones."""
        now = self._clock()
        ready: list[ImageFile] = []
        for path, entry in list(self._detected.items()):
            signature = _signature(path)
            if signature is None:
                del self._detected[path]  # gone, or no longer a regular file
                continue
            if signature != entry.signature:
                entry.signature, entry.changed_at = signature, now
                continue
            quiet = now - entry.changed_at
            checked = entry.last_complete_check
            if quiet < self.settle_s or (checked is not None and now - checked < self.settle_s):
                continue
            kind = kind_of(path)
            assert kind is not None
            entry.last_complete_check = now
            if quiet >= self.give_up_s or looks_complete(path, kind):
                del self._detected[path]
                ready.append(ImageFile(path, kind, signature[0], signature[1]))
        return ready


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    if not stat_module.S_ISREG(stat.st_mode):
        return None
    return stat.st_size, stat.st_mtime_ns
