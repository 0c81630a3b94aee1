"""A model and its projector: checked as a pair, found next to each other."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from desktop_app.backends.local.errors import (
    GgufDamaged,
    ProjectorMismatch,
    ProjectorMissing,
    WrongModelKind,
)
from desktop_app.backends.local.pairs import check_pair, find_projector, require_projector
from tests.fakes.tiny_models import TINY, write_projector, write_text_model

WIDER = dataclasses.replace(TINY, hidden=512, name="wider")


def test_a_matching_pair_passes(tiny_models) -> None:
    for pair in tiny_models.values():
        checked = check_pair(pair.model, pair.mmproj)
        assert checked.size_bytes == pair.model.stat().st_size + pair.mmproj.stat().st_size


def test_swapped_files_are_named(tiny_models) -> None:
    pair = tiny_models["f16"]
    with pytest.raises(WrongModelKind, match="is a vision projector"):
        check_pair(pair.mmproj, pair.mmproj)
    with pytest.raises(WrongModelKind, match="is a language model, not a vision projector"):
        check_pair(pair.model, pair.model)


def test_a_projector_for_another_model_size_is_refused(tiny_models, tmp_path) -> None:
    other = write_projector(tmp_path / "mmproj-wider-f16.gguf", WIDER)
    with pytest.raises(ProjectorMismatch) as caught:
        check_pair(tiny_models["f16"].model, other)
    message = caught.value.user_message()
    assert "does not belong" in message
    assert "512" in message
    assert str(TINY.hidden) in message
    assert caught.value.stops_run


def test_a_truncated_model_is_refused_with_sizes(tiny_models, tmp_path) -> None:
    data = tiny_models["q4_k_m"].model.read_bytes()
    cut = tmp_path / "cut-Q4_K_M.gguf"
    cut.write_bytes(data[: int(len(data) * 0.8)])
    with pytest.raises(GgufDamaged, match=r"incomplete: .* MB of .* MB"):
        check_pair(cut, tiny_models["q4_k_m"].mmproj)


def test_the_right_projector_is_found_next_to_the_model(tiny_models, tmp_path) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    model = shutil.copy(tiny_models["q4_k_m"].model, folder / "Tiny-VL-Q4_K_M.gguf")
    shutil.copy(tiny_models["f16"].mmproj, folder / "mmproj-Tiny-VL-f16.gguf")
    shutil.copy(tiny_models["f16"].mmproj, folder / "mmproj-Other-f16.gguf")
    write_projector(folder / "mmproj-Tiny-VL-wider-f16.gguf", WIDER)  # fits another model
    write_text_model(folder / "Another-model-f16.gguf")
    (folder / "notes.gguf").write_text("not a model")
    assert find_projector(model) == folder / "mmproj-Tiny-VL-f16.gguf"
    assert require_projector(model, "") == folder / "mmproj-Tiny-VL-f16.gguf"
    assert require_projector(model, "/given/mmproj.gguf").as_posix() == "/given/mmproj.gguf"


def test_no_projector_next_to_the_model_says_what_to_do(tiny_models, tmp_path) -> None:
    model = shutil.copy(tiny_models["f16"].model, tmp_path / "alone.gguf")
    assert find_projector(model) is None
    with pytest.raises(ProjectorMissing, match="--mmproj"):
        require_projector(model, "")
