"""Which files a local model setting means: a catalog id, an imported name or a path.

Read from the local disk only (the Hugging Face cache, the settings' imported pairs,
the file system): nothing here downloads or loads a model.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_app.backends.local.catalog import find_entry, looks_like_path
from desktop_app.backends.local.config import LocalConfig
from desktop_app.backends.local.errors import ModelFileMissing, ModelNotDownloaded
from desktop_app.backends.local.manager import ModelManager
from desktop_app.i18n import lazy_gettext


@dataclass(frozen=True)
class ModelChoice:
    """Where a configured model's files are, before they are checked."""

    name: str  # what results record as the model: a catalog id or a file name
    model: Path
    mmproj: str  # empty: look next to the model
    prefer: str = "auto"  # the projector type to prefer next to the model


def choose_model(config: LocalConfig, manager: ModelManager | None = None) -> ModelChoice:
    """Catalog id, imported name or path -> files. Reads only the local disk."""
    name = config.model.strip()
    imported = config.imported_model(name)
    if imported is not None:
        return ModelChoice(
            name, Path(imported.model), config.mmproj or imported.mmproj, config.vision_projector
        )
    entry = None if looks_like_path(name) else find_entry(name)
    if entry is not None:
        model, mmproj = (manager or ModelManager()).resolve(entry.model_id, config.vision_projector)
        return ModelChoice(entry.model_id, model, config.mmproj or str(mmproj))
    path = Path(name).expanduser()
    if not looks_like_path(name) and not path.exists():
        raise ModelNotDownloaded(
            lazy_gettext(
                "'{name}' is neither a catalog model nor an existing .gguf file.", name=name
            ),
            lazy_gettext("See 'folder-captioner models list', or give the path of a GGUF model."),
        )
    if not path.is_file():
        raise ModelFileMissing(
            lazy_gettext("The model file {path} does not exist.", path=path),
            lazy_gettext(
                "Check the path, or download one with 'folder-captioner models download'."
            ),
        )
    return ModelChoice(path.name, path, config.mmproj, config.vision_projector)
