"""Reading GGUF headers in the app: real files written by ``gguf``, damaged copies."""

from __future__ import annotations

import struct

import pytest
from gguf import GGML_QUANT_SIZES, GGMLQuantizationType

from desktop_app.backends.local.errors import GgufDamaged, ModelFileMissing, NotGgufFile
from desktop_app.backends.local.gguf_file import GGML_BLOCKS, read_gguf
from tests.fakes.tiny_models import TINY


def test_reads_the_model_and_projector_metadata(tiny_models) -> None:
    model = read_gguf(tiny_models["f16"].model)
    assert model.architecture == "qwen2vl"
    assert not model.is_projector
    assert model.embedding_length == TINY.hidden
    assert model.data_end == model.file_size  # every tensor accounted for
    assert "tokenizer.ggml.tokens" not in model.metadata  # skipped, not kept
    projector = read_gguf(tiny_models["f16"].mmproj)
    assert projector.is_projector
    assert projector.projector_type == "qwen2.5vl_merger"
    assert projector.projection_dim == TINY.hidden
    assert projector.truncated_by == 0


def test_k_quantized_tensors_are_sized_too(tiny_models) -> None:
    info = read_gguf(tiny_models["q4_k_m"].model)
    assert 12 in info.tensor_types  # Q4_K
    assert info.data_end is not None
    assert info.file_size - 64 <= info.data_end <= info.file_size


def test_block_table_matches_ggml() -> None:
    for kind, (elements, size) in GGML_BLOCKS.items():
        assert GGML_QUANT_SIZES[GGMLQuantizationType(kind)] == (elements, size), kind


def test_a_truncated_file_says_how_much_is_missing(tiny_models, tmp_path) -> None:
    data = tiny_models["f16"].model.read_bytes()
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(data[: len(data) // 2])
    assert read_gguf(cut).truncated_by == len(data) - len(data) // 2
    header_only = tmp_path / "header.gguf"
    header_only.write_bytes(data[:200])
    with pytest.raises(GgufDamaged, match="header ends early"):
        read_gguf(header_only)


def test_not_gguf_missing_and_nonsense(tmp_path) -> None:
    with pytest.raises(ModelFileMissing, match="does not exist"):
        read_gguf(tmp_path / "absent.gguf")
    text = tmp_path / "model.gguf"
    text.write_text("<html>404 not found</html>")
    with pytest.raises(NotGgufFile, match="not a GGUF model file"):
        read_gguf(text)
    with pytest.raises(NotGgufFile, match="folder"):
        read_gguf(tmp_path)
    absurd = tmp_path / "absurd.gguf"
    absurd.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 1 << 40, 1))
    with pytest.raises(GgufDamaged):
        read_gguf(absurd)
    old = tmp_path / "v1.gguf"
    old.write_bytes(b"GGUF" + struct.pack("<IQQ", 1, 0, 0))
    with pytest.raises(GgufDamaged):
        read_gguf(old)
