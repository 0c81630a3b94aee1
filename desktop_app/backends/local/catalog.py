"""The model pairs the app knows: ggml-org's Qwen2.5-VL-Instruct GGUF conversions.

Each entry pins a repository revision (a commit), so a download is reproducible and a
file in the Hugging Face cache can be recognised offline by its SHA-256 (the name of
its blob), whichever revision the user downloaded it with. Sizes and digests are the
hub's own for that revision; downloads are still verified against what the hub
reports at download time.

ggml-org publishes each vision projector twice: in F16 and quantized to Q8_0. The Q8_0
one is the default (``mmproj``): it is 37% smaller to download and hold in memory, and
on a CPU it encodes as fast as F16 (measured: within noise, README "Local backend"),
for an image embedding within 2.7% of F16's; F16 stays available as
``alt_projectors``. The Q8_0 files' sizes and SHA-256 digests were not read from the
hub here (no network): they are the ones several independent public projects pin for
the same files at these same commits.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
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
    precision: str = ""  # projectors: "q8_0", "f16" (the tensor type of its weights)


_PRECISION = re.compile(r"(?<![a-z0-9])(f16|bf16|f32|q\d(?:_[0-9a-z]+)*)(?![a-z0-9])", re.I)


def precision_of(filename: str) -> str:
    """The weight type a projector's name announces (``mmproj-...-Q8_0.gguf``: q8_0)."""
    found = _PRECISION.findall(filename.lower())
    return found[-1] if found else ""


@dataclass(frozen=True)
class CatalogEntry:
    model_id: str
    title: str
    repo_id: str
    revision: str  # a commit hash: immutable
    model: CatalogFile
    mmproj: CatalogFile  # the default (fastest that keeps quality) vision projector
    aliases: tuple[str, ...] = ()
    note: Text = NO_TEXT
    alt_projectors: tuple[CatalogFile, ...] = ()  # the same projector in other types

    @property
    def projectors(self) -> tuple[CatalogFile, ...]:
        return (self.mmproj, *self.alt_projectors)

    @property
    def files(self) -> tuple[CatalogFile, ...]:
        """Every file of the entry: the model and all its projectors."""
        return (self.model, *self.projectors)

    @property
    def size(self) -> int:
        """What a download with the default projector takes."""
        return self.model.size + self.mmproj.size

    def projector(
        self, choice: str = "auto", present: Callable[[CatalogFile], bool] | None = None
    ) -> CatalogFile:
        """The projector for a choice: that type if published, else the default.

        ``auto`` with ``present`` takes the first projector already here (the default
        first), so a model downloaded with another projector keeps working offline.
        """
        for file in self.projectors:
            if choice != "auto" and precision_of_file(file) == choice:
                return file
        if choice == "auto" and present is not None:
            here = [file for file in self.projectors if present(file)]
            if here:
                return here[0]
        return self.mmproj


def precision_of_file(file: CatalogFile) -> str:
    return file.precision or precision_of(file.filename)


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
            "mmproj-Qwen2.5-VL-3B-Instruct-Q8_0.gguf",
            844_757_728,
            "980c9b2f78c04e6cff93d277ada09e768394f112d75db3b4e9dea8a69f9fb904",
            "q8_0",
        ),
        alt_projectors=(
            CatalogFile(
                "mmproj-Qwen2.5-VL-3B-Instruct-f16.gguf",
                1_338_428_128,
                "b9160fe9d814d1fadf68395677468534778b39ac33c2e7561b7b218626e60d5e",
                "f16",
            ),
        ),
        aliases=("3b",),
        note=lazy_gettext("default; about 2.8 GB, runs on 8 GB of RAM"),
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
            "mmproj-Qwen2.5-VL-7B-Instruct-Q8_0.gguf",
            853_119_712,
            "2ddb555391bae966e412deab9e07b58afa18bcc06930ba0f1c78a3695ab9e506",
            "q8_0",
        ),
        alt_projectors=(
            CatalogFile(
                "mmproj-Qwen2.5-VL-7B-Instruct-f16.gguf",
                1_354_162_912,
                "c24a7f5fcfc68286f0a217023b6738e73bea4f11787a43e8238d4bb1b8604cde",
                "f16",
            ),
        ),
        aliases=("7b",),
        note=lazy_gettext("better captions; about 5.5 GB, needs 12 GB of RAM or a GPU"),
    ),
)


def full_catalog() -> tuple[CatalogEntry, ...]:
    """The built-in catalog plus the pairs listed in ``$FOLDER_CAPTIONER_CATALOG``.

    An organisation can list its own Qwen2.5-VL pairs (a fine-tune, a mirror on a
    private hub) in a JSON file: a list of objects with ``model_id``, ``title``,
    ``repo_id``, ``revision`` (a commit), ``model`` and ``mmproj`` (each ``filename``,
    ``size``, ``sha256``; ``mmproj`` may be a list of projectors, the default first)
    and optional ``aliases`` and ``note``.
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
        name = str(data["filename"])
        precision = str(data.get("precision") or precision_of(name)).lower()
        return CatalogFile(name, int(data["size"]), str(data["sha256"]).lower(), precision)

    projectors = item["mmproj"] if isinstance(item["mmproj"], list) else [item["mmproj"]]
    return CatalogEntry(
        model_id=str(item["model_id"]),
        title=str(item.get("title", item["model_id"])),
        repo_id=str(item["repo_id"]),
        revision=str(item["revision"]),
        model=file(item["model"]),
        mmproj=file(projectors[0]),
        aliases=tuple(str(a) for a in item.get("aliases", ())),
        note=as_text(str(item.get("note", ""))),
        alt_projectors=tuple(file(p) for p in projectors[1:]),
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
