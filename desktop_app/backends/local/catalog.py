"""The model pairs the app knows: ggml-org's Qwen2.5-VL-Instruct GGUF conversions.

Each entry pins a repository revision (a commit), so a download is reproducible and a
file in the Hugging Face cache can be recognised offline by its SHA-256 (the name of
its blob), whichever revision the user downloaded it with. Sizes and digests are the
hub's own for that revision; downloads are still verified against what the hub
reports at download time.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.backends.local.errors import LocalModelError, ModelNotDownloaded
from desktop_app.i18n import NO_TEXT, Text, as_text, lazy_gettext

CATALOG_ENV = "FOLDER_CAPTIONER_CATALOG"


class CatalogUnreadable(LocalModelError):
    code = "catalog-unreadable"


@dataclass(frozen=True)
class CatalogFile:
    filename: str
    size: int
    sha256: str


@dataclass(frozen=True)
class CatalogEntry:
    model_id: str
    title: str
    repo_id: str
    revision: str  # a commit hash: immutable
    model: CatalogFile
    mmproj: CatalogFile
    aliases: tuple[str, ...] = ()
    note: Text = NO_TEXT

    @property
    def files(self) -> tuple[CatalogFile, CatalogFile]:
        return (self.model, self.mmproj)

    @property
    def size(self) -> int:
        return self.model.size + self.mmproj.size


CATALOG: tuple[CatalogEntry, ...] = (
    CatalogEntry(
        model_id="qwen2.5-vl-3b",
        title="Qwen2.5-VL-3B-Instruct Q4_K_M",
        repo_id="ggml-org/Qwen2.5-VL-3B-Instruct-GGUF",
        revision="5037fcf163dd95d1e41d1974465f0898ed108ca2",
        model=CatalogFile(
            "Qwen2.5-VL-3B-Instruct-Q4_K_M.gguf",
            1_929_901_056,
            "d02fe9b69ad8cadbbd228e387667af66612c44bed29ffc8eb1e7caf9ac486c12",
        ),
        mmproj=CatalogFile(
            "mmproj-Qwen2.5-VL-3B-Instruct-f16.gguf",
            1_338_428_128,
            "b9160fe9d814d1fadf68395677468534778b39ac33c2e7561b7b218626e60d5e",
        ),
        aliases=("3b",),
        note=lazy_gettext("default; about 3.3 GB, runs on 8 GB of RAM"),
    ),
    CatalogEntry(
        model_id="qwen2.5-vl-7b",
        title="Qwen2.5-VL-7B-Instruct Q4_K_M",
        repo_id="ggml-org/Qwen2.5-VL-7B-Instruct-GGUF",
        revision="508edd0afaa66bb9e9f40587acc2184f02daf1f6",
        model=CatalogFile(
            "Qwen2.5-VL-7B-Instruct-Q4_K_M.gguf",
            4_683_072_032,
            "9258bf05b12686d097ff3b6b18d968ab393649780aa2b3cd67fec43d50554392",
        ),
        mmproj=CatalogFile(
            "mmproj-Qwen2.5-VL-7B-Instruct-f16.gguf",
            1_354_162_912,
            "c24a7f5fcfc68286f0a217023b6738e73bea4f11787a43e8238d4bb1b8604cde",
        ),
        aliases=("7b",),
        note=lazy_gettext("better captions; about 6 GB, needs 12 GB of RAM or a GPU"),
    ),
)


def full_catalog() -> tuple[CatalogEntry, ...]:
    """The built-in catalog plus the pairs listed in ``$FOLDER_CAPTIONER_CATALOG``.

    An organisation can list its own Qwen2.5-VL pairs (a fine-tune, a mirror on a
    private hub) in a JSON file: a list of objects with ``model_id``, ``title``,
    ``repo_id``, ``revision`` (a commit), ``model`` and ``mmproj`` (each ``filename``,
    ``size``, ``sha256``) and optional ``aliases`` and ``note``.
    """
    path = os.environ.get(CATALOG_ENV)
    if not path:
        return CATALOG
    try:
        items = json.loads(Path(path).read_text(encoding="utf-8"))
        extra = tuple(_entry_from(item) for item in items)
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise CatalogUnreadable(
            lazy_gettext(
                "The model catalog {path} (from ${catalog_env}) cannot be read: {error}.",
                path=path,
                catalog_env=CATALOG_ENV,
                error=str(exc),
            ),
            lazy_gettext("Fix the file or unset the variable."),
        ) from exc
    return CATALOG + extra


def _entry_from(item: dict[str, Any]) -> CatalogEntry:
    def file(data: dict[str, Any]) -> CatalogFile:
        return CatalogFile(str(data["filename"]), int(data["size"]), str(data["sha256"]).lower())

    return CatalogEntry(
        model_id=str(item["model_id"]),
        title=str(item.get("title", item["model_id"])),
        repo_id=str(item["repo_id"]),
        revision=str(item["revision"]),
        model=file(item["model"]),
        mmproj=file(item["mmproj"]),
        aliases=tuple(str(a) for a in item.get("aliases", ())),
        note=as_text(str(item.get("note", ""))),
    )


def find_entry(name: str, catalog: tuple[CatalogEntry, ...] | None = None) -> CatalogEntry | None:
    key = name.strip().lower()
    for entry in catalog if catalog is not None else full_catalog():
        if key == entry.model_id or key in entry.aliases:
            return entry
    return None


def get_entry(name: str, catalog: tuple[CatalogEntry, ...] | None = None) -> CatalogEntry:
    catalog = catalog if catalog is not None else full_catalog()
    entry = find_entry(name, catalog)
    if entry is None:
        known = ", ".join(e.model_id for e in catalog)
        raise ModelNotDownloaded(
            lazy_gettext("There is no model called '{name}' in the catalog.", name=name),
            lazy_gettext("Known models: {known}; or give the path of a .gguf file.", known=known),
        )
    return entry


def looks_like_path(model: str) -> bool:
    """A model setting that names a file rather than a catalog id."""
    return model.lower().endswith(".gguf") or "/" in model or "\\" in model
