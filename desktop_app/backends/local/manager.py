"""The model manager: which catalog models are here, downloading, removing. No Qt.

Downloads go through huggingface_hub (``HF_ENDPOINT``, tokens, proxies and its retry of
dropped connections) into the shared Hugging Face cache, with three things its own
``hf_hub_download`` does not give a desktop app:

- resume after interruption: the partial file is kept as ``blobs/SHA256.incomplete``
  (the name older huggingface_hub versions used) and continued with an HTTP Range
  request by the next download, even after the app was closed;
- verification: size and SHA-256 against the hub's own metadata for the pinned revision
  (the ETag of a large file is its SHA-256); a corrupt transfer is deleted and reported;
- progress as plain values through a callback, and cancellation, for the CLI's progress
  bar and the GUI's.

huggingface_hub is imported only when something is downloaded: listing and resolving
models read the cache layout directly (:mod:`.hf_cache`) and never touch the network.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from desktop_app.backends.local import hf_cache
from desktop_app.backends.local.catalog import CatalogEntry, CatalogFile, full_catalog, get_entry
from desktop_app.backends.local.errors import (
    DownloadCancelled,
    DownloadCorrupt,
    DownloadError,
    ModelNotDownloaded,
    OfflineMode,
)
from desktop_app.i18n import join_texts, lazy_gettext

log = logging.getLogger(__name__)
HASH_CHUNK = 4 << 20
Phase = Literal["download", "verify", "done", "reused"]


@dataclass(frozen=True)
class DownloadProgress:
    model_id: str
    filename: str
    phase: Phase
    done: int  # bytes downloaded (or verified) so far, including a resumed part
    total: int


ProgressCallback = Callable[[DownloadProgress], None]


@dataclass(frozen=True)
class FileState:
    file: CatalogFile
    path: Path | None  # the usable file, when present
    partial: int  # bytes of an interrupted download


@dataclass(frozen=True)
class ModelState:
    """A catalog model on this disk: the model file and the projector chosen for it."""

    entry: CatalogEntry
    files: tuple[FileState, FileState]  # (model, chosen projector)
    projectors: tuple[FileState, ...] = ()  # every published projector, default first

    @property
    def downloaded(self) -> bool:
        return all(state.path is not None for state in self.files)

    @property
    def projector(self) -> FileState:
        return self.files[1]

    @property
    def paths(self) -> tuple[Path, Path]:
        model, mmproj = (state.path for state in self.files)
        if model is None or mmproj is None:
            raise ModelNotDownloaded(
                lazy_gettext(
                    "The model '{model_id}' is not downloaded yet.", model_id=self.entry.model_id
                ),
                lazy_gettext(
                    "Run 'folder-captioner models download {model_id}' once; after that it "
                    "works offline.",
                    model_id=self.entry.model_id,
                ),
            )
        return model, mmproj


class ModelManager:
    """Catalog models in one Hugging Face cache; safe to use from a worker thread."""

    def __init__(
        self,
        cache_dir: Path | None = None,
        *,
        endpoint: str | None = None,
        catalog: tuple[CatalogEntry, ...] | None = None,
        token: str | bool | None = None,
    ) -> None:
        self.cache_dir = cache_dir or hf_cache.hub_cache_dir()
        self.endpoint = endpoint or os.environ.get("HF_ENDPOINT") or None
        self.catalog = catalog if catalog is not None else full_catalog()
        self.token = token

    # -- offline questions -------------------------------------------------------------
    def state(self, name: str, projector: str = "auto") -> ModelState:
        """What is here of a catalog model, with the projector ``projector`` picks
        (``auto``: the default, or another one already downloaded)."""
        entry = get_entry(name, self.catalog)
        states = {file: self._file_state(entry, file) for file in entry.files}
        chosen = entry.projector(projector, lambda file: states[file].path is not None)
        return ModelState(
            entry,
            (states[entry.model], states[chosen]),
            tuple(states[file] for file in entry.projectors),
        )

    def _file_state(self, entry: CatalogEntry, file: CatalogFile) -> FileState:
        where = hf_cache.cached_file(self.cache_dir, entry, file)
        return FileState(file, where.available(), where.partial_bytes())

    def states(self, projector: str = "auto") -> list[ModelState]:
        return [self.state(entry.model_id, projector) for entry in self.catalog]

    def resolve(self, name: str, projector: str = "auto") -> tuple[Path, Path]:
        """(model, mmproj) paths of a downloaded catalog model; never uses the network."""
        return self.state(name, projector).paths

    def remove(self, name: str) -> int:
        """Delete a catalog model (and every projector of it) from the cache; returns
        the bytes freed."""
        entry = get_entry(name, self.catalog)
        return sum(hf_cache.remove_cached(self.cache_dir, entry, f) for f in entry.files)

    # -- downloading -----------------------------------------------------------------
    def download(
        self,
        name: str,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        projector: str = "auto",
    ) -> tuple[Path, Path]:
        """Make a catalog model available with a projector (``auto``: the default one);
        files already in the cache are reused."""
        entry = get_entry(name, self.catalog)
        report = progress or (lambda _progress: None)
        files = (entry.model, entry.projector(projector))
        paths = [self._fetch(entry, file, report, cancel) for file in files]
        return paths[0], paths[1]

    def _fetch(
        self,
        entry: CatalogEntry,
        file: CatalogFile,
        report: ProgressCallback,
        cancel: threading.Event | None,
    ) -> Path:
        where = hf_cache.cached_file(self.cache_dir, entry, file)
        found = where.available()
        if found is not None:
            if found == where.blob:  # from another revision: give it a snapshot entry
                hf_cache.link_into_snapshot(where.blob, where.pointer)
                found = where.available() or where.pointer
            report(DownloadProgress(entry.model_id, file.filename, "reused", file.size, file.size))
            return found
        if hf_cache.offline_mode():
            raise OfflineMode(
                lazy_gettext(
                    "{filename} is not downloaded, and HF_HUB_OFFLINE is set.",
                    filename=file.filename,
                ),
                lazy_gettext(
                    "Unset HF_HUB_OFFLINE to download it, or copy the file into the Hugging "
                    "Face cache from a machine that has it."
                ),
            )
        url, expected_sha = self._metadata(entry, file)
        self._transfer(entry=entry, file=file, url=url, where=where, report=report, cancel=cancel)
        self._verify(entry, file, where.partial, expected_sha, report)
        os.replace(where.partial, where.blob)
        hf_cache.link_into_snapshot(where.blob, where.pointer)
        report(DownloadProgress(entry.model_id, file.filename, "done", file.size, file.size))
        return where.available() or where.pointer

    def _metadata(self, entry: CatalogEntry, file: CatalogFile) -> tuple[str, str]:
        """Ask the hub (HEAD) where the file is and what it is: (url, sha256)."""
        from huggingface_hub import get_hf_file_metadata, hf_hub_url

        url = hf_hub_url(
            entry.repo_id, file.filename, revision=entry.revision, endpoint=self.endpoint
        )
        try:
            meta = get_hf_file_metadata(url, token=self.token, endpoint=self.endpoint)
        except Exception as exc:
            raise _download_error(file, exc) from exc
        etag = (meta.etag or "").strip('"').lower()
        if (meta.size is not None and meta.size != file.size) or etag != file.sha256:
            raise DownloadCorrupt(
                lazy_gettext(
                    "The hub describes {filename} differently than the catalog expects (size "
                    "{size}, digest {digest}).",
                    filename=file.filename,
                    size=meta.size,
                    digest=etag[:12] or "-",
                ),
                lazy_gettext(
                    "The pinned revision should never change: this may be a proxy or mirror "
                    "serving other files. Nothing was downloaded."
                ),
            )
        return str(meta.location or url), etag

    def _transfer(
        self,
        *,
        entry: CatalogEntry,
        file: CatalogFile,
        url: str,
        where: hf_cache.CachedFile,
        report: ProgressCallback,
        cancel: threading.Event | None,
    ) -> None:
        from huggingface_hub.file_download import http_get
        from huggingface_hub.utils import build_hf_headers  # type: ignore[attr-defined]

        where.partial.parent.mkdir(parents=True, exist_ok=True)
        resume = where.partial_bytes()
        if resume > file.size:  # not ours, or from another file: start over
            where.partial.unlink()
            resume = 0
        _check_disk_space(where.partial.parent, file.size - resume, file.filename)
        bar = _progress_bar_factory(entry.model_id, file, report, cancel)
        headers = build_hf_headers(token=self.token)
        try:
            with where.partial.open("ab") as handle:
                http_get(
                    url,
                    handle,
                    resume_size=resume,
                    headers=headers,
                    expected_size=file.size,
                    displayed_filename=file.filename,
                    tqdm_class=bar,
                )
        except DownloadCancelled:
            raise
        except Exception as exc:
            raise _download_error(file, exc, kept=where.partial_bytes()) from exc

    def _verify(
        self,
        entry: CatalogEntry,
        file: CatalogFile,
        path: Path,
        expected_sha: str,
        report: ProgressCallback,
    ) -> None:
        size = path.stat().st_size
        digest = hashlib.sha256()
        done = 0
        with path.open("rb") as handle:
            while chunk := handle.read(HASH_CHUNK):
                digest.update(chunk)
                done += len(chunk)
                report(DownloadProgress(entry.model_id, file.filename, "verify", done, size))
        if size != file.size or digest.hexdigest() != expected_sha:
            path.unlink()
            raise DownloadCorrupt(
                lazy_gettext(
                    "{filename} arrived damaged (its SHA-256 does not match the hub's); it was "
                    "deleted.",
                    filename=file.filename,
                ),
                lazy_gettext(
                    "Run the download again; if it keeps failing, a proxy may be altering it."
                ),
                detail=f"expected {expected_sha}, got {digest.hexdigest()}, {size} bytes",
            )


class _ProgressBar:
    """What huggingface_hub's ``http_get`` expects of a tqdm class, as callback calls."""

    def __init__(
        self,
        report: Callable[[int], None],
        cancel: threading.Event | None,
        initial: int = 0,
        **_ignored: Any,
    ) -> None:
        self._report = report
        self._cancel = cancel
        self.n = initial
        report(self.n)

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None

    def update(self, count: int = 1) -> None:
        self.n += count
        self._report(self.n)
        if self._cancel is not None and self._cancel.is_set():
            raise DownloadCancelled(
                lazy_gettext("The download was cancelled."),
                lazy_gettext("Run it again to continue where it stopped."),
            )


def _progress_bar_factory(
    model_id: str, file: CatalogFile, report: ProgressCallback, cancel: threading.Event | None
) -> Any:
    def on_bytes(done: int) -> None:
        report(DownloadProgress(model_id, file.filename, "download", done, file.size))

    def make(**kwargs: Any) -> _ProgressBar:
        return _ProgressBar(on_bytes, cancel, **kwargs)

    return make


def _check_disk_space(folder: Path, needed: int, filename: str) -> None:
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise DownloadError(
            lazy_gettext(
                "Not enough disk space for {filename}: {needed} GB needed, {free} GB free in "
                "{folder}.",
                filename=filename,
                needed=format(needed / 1e9, ".2f"),
                free=format(free / 1e9, ".2f"),
                folder=folder,
            ),
            lazy_gettext("Free some space, or point HF_HUB_CACHE at a larger disk."),
        )


def _download_error(file: CatalogFile, exc: BaseException, kept: int = 0) -> DownloadError:
    resumable = lazy_gettext(
        "{size} MB are kept and the next download continues from there.",
        size=format(kept / 1e6, ",.1f"),
    )
    status = getattr(getattr(exc, "response", None), "status_code", None)
    if status in (401, 403):
        reason = lazy_gettext("the hub refused access (check HF_TOKEN)")
    elif status == 404:
        reason = lazy_gettext("the hub does not have this file at the pinned revision")
    elif status is not None:
        reason = lazy_gettext("the hub answered HTTP {status}", status=status)
    else:
        reason = lazy_gettext("the connection failed")
    failed = lazy_gettext(
        "Downloading {filename} failed: {reason}.", filename=file.filename, reason=reason
    )
    return DownloadError(
        join_texts(failed, resumable if kept else ""),
        lazy_gettext("Check the internet connection and try again."),
        detail=repr(exc)[:500],
    )
