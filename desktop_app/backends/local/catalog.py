"""The model pairs the app knows: ggml-org's Qwen2.5-VL-Instruct GGUF conversions.

Each entry pins a repository revision (a commit), so a download is reproducible and a
file in the Hugging Face cache can be recognised offline by its SHA-256 (the name of
its blob), whichever revision the user downloaded it with. Sizes and digests are the
hub's own for that revision; downloads are still verified against what the hub
reports at download time.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.backends.local.errors import ModelNotDownloaded


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
    note: str = ""

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
        note="default; about 3.3 GB, runs on 8 GB of RAM",
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
        note="better captions; about 6 GB, needs 12 GB of RAM or a GPU",
    ),
)


def find_entry(name: str, catalog: tuple[CatalogEntry, ...] = CATALOG) -> CatalogEntry | None:
    key = name.strip().lower()
    for entry in catalog:
        if key == entry.model_id or key in entry.aliases:
            return entry
    return None


def get_entry(name: str, catalog: tuple[CatalogEntry, ...] = CATALOG) -> CatalogEntry:
    entry = find_entry(name, catalog)
    if entry is None:
        known = ", ".join(e.model_id for e in catalog)
        raise ModelNotDownloaded(
            f"There is no model called '{name}' in the catalog.",
            f"Known models: {known}; or give the path of a .gguf file.",
        )
    return entry


def looks_like_path(model: str) -> bool:
    """A model setting that names a file rather than a catalog id."""
    return model.lower().endswith(".gguf") or "/" in model or "\\" in model
