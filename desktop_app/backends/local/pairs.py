"""A model and its vision projector: checked as a pair, or found next to each other.

Qwen2.5-VL in GGUF form is two files: the language model (``...Q4_K_M.gguf``) and the
vision projector (``mmproj-...f16.gguf``). The projector's output width must equal the
model's embedding width (2048 for 3B, 3584 for 7B), so a 3B projector with a 7B model is
caught here, in words, instead of failing inside llama.cpp.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from desktop_app.backends.local.catalog import precision_of
from desktop_app.backends.local.errors import (
    GgufDamaged,
    ProjectorMismatch,
    ProjectorMissing,
    WrongModelKind,
)
from desktop_app.backends.local.gguf_file import GgufInfo, read_gguf
from desktop_app.i18n import lazy_gettext

TEXT_ARCHITECTURES = frozenset({"qwen2vl"})
PROJECTOR_TYPES = frozenset({"qwen2vl_merger", "qwen2.5vl_merger"})
_cache: dict[tuple[str, int, int], GgufInfo] = {}


@dataclass(frozen=True)
class ModelPair:
    """A checked model + projector, ready for the worker."""

    model: Path
    mmproj: Path
    model_info: GgufInfo
    mmproj_info: GgufInfo

    @property
    def size_bytes(self) -> int:
        return self.model_info.file_size + self.mmproj_info.file_size


def gguf_info(path: Path) -> GgufInfo:
    """``read_gguf`` with a cache keyed on size and modification time."""
    path = Path(os.path.abspath(path))
    try:
        stat = path.stat()
    except OSError:
        return read_gguf(path)  # raises the clear error
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _cache:
        _cache[key] = read_gguf(path)
    return _cache[key]


def _check_complete(info: GgufInfo, *, projector: bool) -> None:
    missing = info.truncated_by
    if missing:
        have, need = info.file_size / 1e6, (info.file_size + missing) / 1e6
        sizes = {"name": info.path.name, "have": format(have, ",.1f"), "need": format(need, ",.1f")}
        if projector:
            said = lazy_gettext(
                "The vision projector {name} is incomplete: {have} MB of {need} MB.", **sizes
            )
        else:
            said = lazy_gettext(
                "The model file {name} is incomplete: {have} MB of {need} MB.", **sizes
            )
        raise GgufDamaged(
            said,
            lazy_gettext(
                "An interrupted download or copy cut it short; download or copy it again."
            ),
        )


def check_model(path: Path) -> GgufInfo:
    info = gguf_info(path)
    _check_complete(info, projector=False)
    if info.is_projector:
        raise WrongModelKind(
            lazy_gettext(
                "{name} is a vision projector (mmproj), not the language model.", name=path.name
            ),
            lazy_gettext(
                "Give the model file (e.g. ...-Q4_K_M.gguf) as the model and this file as --mmproj."
            ),
        )
    if info.architecture not in TEXT_ARCHITECTURES:
        raise WrongModelKind(
            lazy_gettext(
                "{name} is a '{architecture}' model; the app runs Qwen2-VL and Qwen2.5-VL models.",
                name=path.name,
                architecture=info.architecture or "?",
            ),
            lazy_gettext("Use a Qwen2.5-VL GGUF (see 'folder-captioner models list')."),
        )
    return info


def check_projector(path: Path) -> GgufInfo:
    info = gguf_info(path)
    _check_complete(info, projector=True)
    if not info.is_projector:
        raise WrongModelKind(
            lazy_gettext(
                "{name} is a language model, not a vision projector (mmproj).", name=path.name
            ),
            lazy_gettext("The projector is the smaller file whose name starts with 'mmproj'."),
        )
    if info.projector_type not in PROJECTOR_TYPES:
        raise WrongModelKind(
            lazy_gettext(
                "{name} is a '{projector}' projector; the app runs Qwen2-VL and Qwen2.5-VL "
                "projectors.",
                name=path.name,
                projector=info.projector_type or "?",
            ),
            lazy_gettext("Use the mmproj file published with the Qwen2.5-VL model."),
        )
    return info


def check_pair(model: Path, mmproj: Path) -> ModelPair:
    model_info = check_model(model)
    mmproj_info = check_projector(mmproj)
    width, projects_to = model_info.embedding_length, mmproj_info.projection_dim
    if width is not None and projects_to is not None and width != projects_to:
        raise ProjectorMismatch(
            lazy_gettext(
                "The vision projector {projector} does not belong to {model}: it produces "
                "{projects_to}-wide embeddings, the model expects {width}.",
                projector=mmproj.name,
                model=model.name,
                projects_to=projects_to,
                width=width,
            ),
            lazy_gettext(
                "Use the mmproj file published with this model (3B and 7B projectors differ)."
            ),
        )
    return ModelPair(Path(model), Path(mmproj), model_info, mmproj_info)


def find_projector(model: Path, prefer: str = "auto") -> Path | None:
    """The projector next to ``model`` that fits it, preferring the most similar name,
    then the weight type ``prefer`` names (auto: Q8_0, then F16, then any other)."""
    try:
        width = check_model(model).embedding_length
        candidates = sorted(p for p in model.parent.glob("*.gguf") if p != model)
    except (OSError, WrongModelKind, GgufDamaged):
        return None
    fitting: list[Path] = []
    for candidate in candidates:
        try:
            info = check_projector(candidate)
        except Exception:  # noqa: BLE001 - any unusable file is simply not a candidate
            continue
        if width is None or info.projection_dim in (None, width):
            fitting.append(candidate)
    if not fitting:
        return None
    ranking = [prefer] if prefer != "auto" else []
    ranking += [kind for kind in ("q8_0", "f16", "bf16", "f32") if kind not in ranking]

    def rank(path: Path) -> int:
        kind = precision_of(path.name)
        return len(ranking) - ranking.index(kind) if kind in ranking else 0

    return max(fitting, key=lambda p: (_similarity(model.name, p.name), rank(p)))


def _similarity(model_name: str, projector_name: str) -> int:
    """Length of the common prefix once 'mmproj' and quantization tags are removed."""
    a, b = _core_name(model_name), _core_name(projector_name)
    common = 0
    for left, right in zip(a, b, strict=False):
        if left != right:
            break
        common += 1
    return common


_TAGS = re.compile(r"(mmproj|model|[-_.](f16|f32|bf16|q\d(_[a-z0-9]+)*|iq\d\w*))", re.I)


def _core_name(name: str) -> str:
    stem = name.lower().removesuffix(".gguf")
    return _TAGS.sub("", stem).strip("-_. ")


def require_projector(model: Path, mmproj: str, prefer: str = "auto") -> Path:
    """The projector given, or the one found next to the model, or a clear error."""
    if mmproj:
        return Path(mmproj).expanduser()
    found = find_projector(model, prefer)
    if found is None:
        raise ProjectorMissing(
            lazy_gettext("No vision projector (mmproj) was found next to {name}.", name=model.name),
            lazy_gettext(
                "Pass it with --mmproj FILE (it is published with the model, named "
                "mmproj-...gguf), or put it in the same folder."
            ),
        )
    return found
