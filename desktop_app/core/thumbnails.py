"""Thumbnails without Qt: fast decoding, a shared disk cache, clear failures.

JPEGs are decoded at reduced size (Pillow's draft mode), EXIF orientation is applied,
and RAW files show their embedded preview. On Linux the cache is the freedesktop one
(``~/.cache/thumbnails/large`` 256 px and ``x-large`` 512 px, PNG named by the MD5 of
the file URI, ``Thumb::URI``/``Thumb::MTime`` checked), shared with file managers;
elsewhere it lives in the app's cache directory with the same layout. The GUI wraps
this in a thread pool and a memory LRU; nothing here runs on the GUI thread.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, PngImagePlugin

from desktop_app.core.imaging import (
    ImageError,
    decoding_errors,
    display_size,
    draft_for,
    open_image,
    oriented,
    to_rgb8,
)
from desktop_app.i18n import lazy_gettext
from desktop_app.metadata.atomic import temp_path_for

LARGE = 256
X_LARGE = 512


@dataclass(frozen=True)
class Thumbnail:
    """An RGB thumbnail: raw bytes (3 per pixel, row-major) for any toolkit to wrap."""

    width: int
    height: int
    rgb: bytes
    from_cache: bool = False


class ThumbnailFailed(ImageError):
    code = "thumbnail-failed"


def freedesktop_cache_root() -> Path | None:
    """The shared thumbnail cache on Linux and BSDs; None elsewhere."""
    if sys.platform.startswith(("win", "darwin")):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "thumbnails"


def cache_flavour(size: int) -> tuple[str, int]:
    return ("large", LARGE) if size <= LARGE else ("x-large", X_LARGE)


class ThumbnailCache:
    """Loads and makes thumbnails, reading and writing the disk cache."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def cache_file(self, path: Path, size: int) -> Path:
        flavour, _ = cache_flavour(size)
        uri = path.resolve().as_uri()
        return self.root / flavour / f"{hashlib.md5(uri.encode()).hexdigest()}.png"

    def get(self, path: Path, size: int) -> Thumbnail:
        """The thumbnail for ``path`` fitting ``size`` px (cached when possible)."""
        try:
            mtime = int(path.stat().st_mtime)
        except OSError as exc:
            raise ThumbnailFailed(
                lazy_gettext("The file is gone."), lazy_gettext("It may have been moved.")
            ) from exc
        cached = self._read_cached(path, size, mtime)
        if cached is not None:
            return cached
        _, cache_size = cache_flavour(size)
        image = make_thumbnail(path, cache_size)
        self._store(path, size, mtime, image)
        return fit_thumbnail(image, size, from_cache=False)

    def cached(self, path: Path, size: int) -> Thumbnail | None:
        """The cached thumbnail when it is current, else None (nothing is made)."""
        try:
            mtime = int(path.stat().st_mtime)
        except OSError:
            return None
        return self._read_cached(path, size, mtime)

    def _read_cached(self, path: Path, size: int, mtime: int) -> Thumbnail | None:
        cache_file = self.cache_file(path, size)
        try:
            with Image.open(cache_file) as cached:
                if cached.info.get("Thumb::MTime") != str(mtime):
                    return None
                cached.load()
                return fit_thumbnail(cached.convert("RGB"), size, from_cache=True)
        except (OSError, ValueError, SyntaxError):
            return None

    def _store(self, path: Path, size: int, mtime: int, image: Image.Image) -> None:
        cache_file = self.cache_file(path, size)
        info = PngImagePlugin.PngInfo()
        info.add_text("Thumb::URI", path.resolve().as_uri())
        info.add_text("Thumb::MTime", str(mtime))
        info.add_text("Software", "Folder Captioner")
        buffer = io.BytesIO()
        image.save(buffer, "PNG", pnginfo=info, compress_level=1)
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_cache_file(cache_file, buffer.getvalue())
        except OSError:
            pass  # a read-only cache must not cost the user the thumbnail


def write_cache_file(target: Path, data: bytes) -> None:
    """Atomic (temp + rename) but not fsynced: a cache entry lost in a crash is simply
    made again, and fsync would double the cost of a cold thumbnail."""
    temp = temp_path_for(target)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # private, per spec
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def make_thumbnail(path: Path, size: int) -> Image.Image:
    """An upright RGB image whose longer side is at most ``size``."""
    with open_image(path) as source, decoding_errors():
        width, height = display_size(source)
        scale = min(1.0, size / max(width, height))
        target = (max(1, round(width * scale)), max(1, round(height * scale)))
        draft_for(source, target, fast=True)
        image = to_rgb8(oriented(source))
        if image.size != target:
            image = image.resize(target, Image.Resampling.BILINEAR, reducing_gap=2.0)
        return image


def fit_thumbnail(image: Image.Image, size: int, *, from_cache: bool) -> Thumbnail:
    if max(image.size) > size:
        image = image.copy()
        image.thumbnail((size, size), Image.Resampling.BILINEAR)
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    return Thumbnail(rgb.width, rgb.height, rgb.tobytes(), from_cache)
