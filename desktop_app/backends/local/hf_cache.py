"""The Hugging Face cache on disk, read without the network or huggingface_hub.

The layout (``models--ORG--NAME/{blobs,snapshots/COMMIT}``, blobs named by their
SHA-256) is the one every Hugging Face tool shares, so a model the user already
downloaded with ``hf download`` or another app is found and reused, and a model the app
downloads is usable by those tools too. Captioning only ever reads this layout, which
is what makes the local backend work fully offline once a model is here.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from desktop_app.backends.local.catalog import CatalogEntry, CatalogFile

_TRUE = {"1", "on", "yes", "true"}


def hub_cache_dir() -> Path:
    """``HF_HUB_CACHE``, else ``HF_HOME/hub``, else the XDG/home default (as huggingface_hub)."""
    explicit = os.environ.get("HF_HUB_CACHE") or os.environ.get("HUGGINGFACE_HUB_CACHE")
    if explicit:
        return Path(os.path.expandvars(explicit)).expanduser()
    home = os.environ.get("HF_HOME")
    if not home:
        home = os.path.join(os.environ.get("XDG_CACHE_HOME", "~/.cache"), "huggingface")
    return Path(os.path.expandvars(home)).expanduser() / "hub"


def offline_mode() -> bool:
    """``HF_HUB_OFFLINE`` (or ``TRANSFORMERS_OFFLINE``), read now rather than at import."""
    value = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE") or ""
    return value.strip().lower() in _TRUE


@dataclass(frozen=True)
class CachedFile:
    """Where one catalog file is, or would be, in the cache."""

    file: CatalogFile
    pointer: Path  # snapshots/COMMIT/FILENAME
    blob: Path  # blobs/SHA256
    partial: Path  # blobs/SHA256.incomplete, an interrupted download

    def available(self) -> Path | None:
        """The usable file: the snapshot entry, else a blob from another revision."""
        for path in (self.pointer, self.blob):
            try:
                if path.stat().st_size == self.file.size:
                    return path
            except OSError:
                continue
        return None

    def partial_bytes(self) -> int:
        try:
            return self.partial.stat().st_size
        except OSError:
            return 0


def repo_folder(cache: Path, repo_id: str) -> Path:
    return cache / ("models--" + repo_id.replace("/", "--"))


def cached_file(cache: Path, entry: CatalogEntry, file: CatalogFile) -> CachedFile:
    folder = repo_folder(cache, entry.repo_id)
    blob = folder / "blobs" / file.sha256
    return CachedFile(
        file=file,
        pointer=folder / "snapshots" / entry.revision / file.filename,
        blob=blob,
        partial=blob.with_name(blob.name + ".incomplete"),
    )


def link_into_snapshot(blob: Path, pointer: Path) -> None:
    """Point the snapshot entry at the blob: a relative symlink, else move the blob there.

    Where symlinks are not allowed (Windows without developer mode) huggingface_hub keeps
    the file itself in the snapshot folder; this does the same.
    """
    pointer.parent.mkdir(parents=True, exist_ok=True)
    if pointer.is_symlink() or pointer.exists():
        pointer.unlink()
    try:
        pointer.symlink_to(os.path.relpath(blob, pointer.parent))
    except OSError:
        os.replace(blob, pointer)


def remove_cached(cache: Path, entry: CatalogEntry, file: CatalogFile) -> int:
    """Delete one file from the cache (its blob too unless another snapshot uses it)."""
    where = cached_file(cache, entry, file)
    freed = 0
    target = where.pointer.resolve() if where.pointer.is_symlink() else None
    for path in (where.pointer, where.partial):
        if path.is_symlink() or path.exists():
            freed += path.stat().st_size if not path.is_symlink() else 0
            path.unlink()
    blob = target or where.blob
    if blob.exists() and not _still_linked(repo_folder(cache, entry.repo_id), blob):
        freed += blob.stat().st_size
        blob.unlink()
    _remove_empty_dirs(where.pointer.parent)
    return freed


def _still_linked(folder: Path, blob: Path) -> bool:
    snapshots = folder / "snapshots"
    if not snapshots.is_dir():
        return False
    return any(p.is_symlink() and p.resolve() == blob.resolve() for p in snapshots.rglob("*"))


def _remove_empty_dirs(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()  # only when empty
