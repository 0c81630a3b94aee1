"""Reading a GGUF file's header in the app, before any native code sees the file.

llama.cpp answers a wrong or damaged file with a bare "failed to load model", or worse,
a crash. Reading the header here (magic, metadata, tensor table) costs a fraction of a
second even for a 5 GB model and lets the app say exactly what is wrong: not a GGUF file,
cut short by an interrupted download, a vision projector given as the model, or a
projector made for another model size.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from desktop_app.backends.local.errors import GgufDamaged, ModelFileMissing, NotGgufFile
from desktop_app.i18n import lazy_gettext

MAGIC = b"GGUF"
DEFAULT_ALIGNMENT = 32
# Only the metadata the app reads is kept; the rest (the tokenizer) is skipped.
_WANTED_PREFIXES = ("general.", "clip.", "qwen2vl.", "qwen3vl.", "qwen2.")
_MAX_COUNT = 1 << 24  # no real file has more tensors or metadata entries

# value type -> struct format for the fixed-size scalars
_SCALARS: dict[int, str] = {
    0: "<B",
    1: "<b",
    2: "<H",
    3: "<h",
    4: "<I",
    5: "<i",
    6: "<f",
    7: "<?",
    10: "<Q",
    11: "<q",
    12: "<d",
}
_STRING, _ARRAY = 8, 9

# ggml tensor type -> (elements per block, bytes per block); from ggml's type traits.
GGML_BLOCKS: dict[int, tuple[int, int]] = {
    0: (1, 4),  # F32
    1: (1, 2),  # F16
    2: (32, 18),  # Q4_0
    3: (32, 20),  # Q4_1
    6: (32, 22),  # Q5_0
    7: (32, 24),  # Q5_1
    8: (32, 34),  # Q8_0
    10: (256, 84),  # Q2_K
    11: (256, 110),  # Q3_K
    12: (256, 144),  # Q4_K
    13: (256, 176),  # Q5_K
    14: (256, 210),  # Q6_K
    15: (256, 292),  # Q8_K
    16: (256, 66),  # IQ2_XXS
    17: (256, 74),  # IQ2_XS
    18: (256, 98),  # IQ3_XXS
    19: (256, 50),  # IQ1_S
    20: (32, 18),  # IQ4_NL
    21: (256, 110),  # IQ3_S
    22: (256, 82),  # IQ2_S
    23: (256, 136),  # IQ4_XS
    24: (1, 1),  # I8
    25: (1, 2),  # I16
    26: (1, 4),  # I32
    27: (1, 8),  # I64
    28: (1, 8),  # F64
    29: (256, 56),  # IQ1_M
    30: (1, 2),  # BF16
    34: (256, 54),  # TQ1_0
    35: (256, 66),  # TQ2_0
    39: (32, 17),  # MXFP4
}


@dataclass(frozen=True)
class GgufInfo:
    """What the app needs to know about one GGUF file."""

    path: Path
    version: int
    metadata: dict[str, Any]
    tensor_count: int
    file_size: int
    # Where the last tensor's data ends; None when a tensor type is unknown to the app.
    data_end: int | None
    tensor_types: dict[int, int] = field(default_factory=dict)  # ggml type -> count

    @property
    def architecture(self) -> str:
        return str(self.metadata.get("general.architecture", ""))

    @property
    def is_projector(self) -> bool:
        return self.architecture == "clip" or self.metadata.get("general.type") == "mmproj"

    @property
    def projector_type(self) -> str:
        return str(self.metadata.get("clip.projector_type", ""))

    @property
    def embedding_length(self) -> int | None:
        value = self.metadata.get(f"{self.architecture}.embedding_length")
        return int(value) if isinstance(value, int) else None

    @property
    def projection_dim(self) -> int | None:
        value = self.metadata.get("clip.vision.projection_dim")
        return int(value) if isinstance(value, int) else None

    @property
    def name(self) -> str:
        return str(self.metadata.get("general.name", "") or self.path.stem)

    @property
    def truncated_by(self) -> int:
        """Bytes missing at the end of the file (0 when complete or unknown)."""
        return max(0, (self.data_end or 0) - self.file_size)


class _Reader:
    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle

    def take(self, count: int) -> bytes:
        data = self.handle.read(count)
        if len(data) != count:
            raise EOFError
        return data

    def scalar(self, fmt: str) -> Any:
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]

    def u32(self) -> int:
        return int(self.scalar("<I"))

    def u64(self) -> int:
        return int(self.scalar("<Q"))

    def string(self) -> str:
        length = self.u64()
        if length > 1 << 26:
            raise ValueError(f"a {length}-byte string")
        return self.take(length).decode("utf-8", errors="replace")

    def skip_string(self) -> None:
        length = self.u64()
        self.handle.seek(length, 1)

    def value(self, kind: int, keep: bool) -> Any:
        if kind in _SCALARS:
            return self.scalar(_SCALARS[kind])
        if kind == _STRING:
            if keep:
                return self.string()
            self.skip_string()
            return None
        if kind == _ARRAY:
            item_kind, count = self.u32(), self.u64()
            if count > 1 << 32:
                raise ValueError(f"an array of {count} items")
            if not keep or count > 4096:
                self._skip_array(item_kind, count)
                return None
            return [self.value(item_kind, True) for _ in range(count)]
        raise ValueError(f"unknown metadata type {kind}")

    def _skip_array(self, item_kind: int, count: int) -> None:
        if item_kind in _SCALARS:
            self.handle.seek(struct.calcsize(_SCALARS[item_kind]) * count, 1)
        elif item_kind == _STRING:
            for _ in range(count):
                self.skip_string()
        else:
            for _ in range(count):
                self.value(item_kind, False)


def read_gguf(path: Path) -> GgufInfo:
    """Parse the header of ``path``; raise a clear error for anything but a sound GGUF."""
    try:
        size = path.stat().st_size
        handle = path.open("rb")
    except FileNotFoundError as exc:
        raise ModelFileMissing(
            lazy_gettext("The model file {path} does not exist.", path=path),
            lazy_gettext(
                "Check the path, or download a model with 'folder-captioner models download'."
            ),
        ) from exc
    except IsADirectoryError as exc:
        raise NotGgufFile(
            lazy_gettext("{path} is a folder, not a GGUF model file.", path=path)
        ) from exc
    except OSError as exc:
        raise ModelFileMissing(
            lazy_gettext(
                "The model file {path} cannot be read: {strerror}.",
                path=path,
                strerror=exc.strerror,
            )
        ) from exc
    with handle:
        if handle.read(4) != MAGIC:
            raise NotGgufFile(
                lazy_gettext("{name} is not a GGUF model file.", name=path.name),
                lazy_gettext(
                    "Local captioning needs GGUF files (for example "
                    "Qwen2.5-VL-3B-Instruct-Q4_K_M.gguf and its mmproj file), not safetensors, "
                    "bin or other formats."
                ),
            )
        try:
            return _parse(path, _Reader(handle), size)
        except (EOFError, ValueError, struct.error, UnicodeDecodeError) as exc:
            raise GgufDamaged(
                lazy_gettext(
                    "{name} is damaged: its header ends early or makes no sense.", name=path.name
                ),
                lazy_gettext(
                    "The file was probably cut short by an interrupted download or copy; "
                    "download or copy it again."
                ),
                detail=repr(exc),
            ) from exc


def _parse(path: Path, reader: _Reader, size: int) -> GgufInfo:
    version = reader.u32()
    if version not in (2, 3):
        raise ValueError(f"GGUF version {version}")
    tensor_count, kv_count = reader.u64(), reader.u64()
    if tensor_count > _MAX_COUNT or kv_count > _MAX_COUNT:
        raise ValueError(f"{tensor_count} tensors, {kv_count} metadata entries")
    metadata: dict[str, Any] = {}
    for _ in range(kv_count):
        key = reader.string()
        keep = key.startswith(_WANTED_PREFIXES)
        value = reader.value(reader.u32(), keep)
        if keep:
            metadata[key] = value
    data_end: int | None = 0
    types: dict[int, int] = {}
    for _ in range(tensor_count):
        reader.skip_string()
        dims = [reader.u64() for _ in range(reader.u32())]
        kind, offset = reader.u32(), reader.u64()
        types[kind] = types.get(kind, 0) + 1
        nbytes = _tensor_bytes(kind, dims)
        known = nbytes is not None and data_end is not None
        data_end = max(data_end or 0, offset + (nbytes or 0)) if known else None
    alignment = int(metadata.get("general.alignment", DEFAULT_ALIGNMENT) or DEFAULT_ALIGNMENT)
    data_start = -(-reader.handle.tell() // alignment) * alignment
    return GgufInfo(
        path=path,
        version=version,
        metadata=metadata,
        tensor_count=tensor_count,
        file_size=size,
        data_end=None if data_end is None else data_start + data_end,
        tensor_types=types,
    )


def _tensor_bytes(kind: int, dims: list[int]) -> int | None:
    block = GGML_BLOCKS.get(kind)
    if block is None or not dims:
        return None
    elements, block_bytes = block
    count = 1
    for dim in dims:
        count *= dim
    return count // elements * block_bytes
