"""Local backend settings: pixel levels, threads and context sizing."""

from __future__ import annotations

import dataclasses

import pytest

from desktop_app.backends.local.config import (
    PIXEL_LEVEL_TOKENS,
    LocalConfig,
    context_size,
    level_token_bound,
    physical_cores,
    resolved_threads,
    vision_token_bound,
)
from desktop_app.core.imaging import PIXEL_LEVELS, PixelBudget, target_size
from desktop_app.core.serialization import from_data, to_data


def test_pixel_levels_are_the_cores_levels() -> None:
    assert {name: level.vision_tokens for name, level in PIXEL_LEVELS.items()} == (
        PIXEL_LEVEL_TOKENS
    )


def test_defaults_suit_a_cpu() -> None:
    config = LocalConfig()
    assert config.model == "qwen2.5-vl-3b"
    assert config.flash_attn is True
    assert config.gpu_layers is None  # all layers when the build can offload
    assert config.pixel_level == "balanced"
    assert config.max_pixels == 576 * 28 * 28
    assert 1 <= resolved_threads(config) <= (__import__("os").cpu_count() or 1)
    assert resolved_threads(dataclasses.replace(config, threads=3)) == 3
    assert physical_cores() >= 1


def test_bad_values_are_refused() -> None:
    with pytest.raises(ValueError, match="pixel level"):
        LocalConfig(pixel_level="huge")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="threads"):
        LocalConfig(threads=-1)


def test_settings_round_trip_including_imported_models() -> None:
    from desktop_app.backends.local.config import ImportedModel

    config = LocalConfig(
        model="mine", imported=(ImportedModel("mine", "/m/a.gguf", "/m/mmproj-a.gguf"),)
    )
    problems: list[str] = []
    assert from_data(LocalConfig, to_data(config), problems) == config
    assert not problems


@pytest.mark.parametrize("level", list(PIXEL_LEVEL_TOKENS))
@pytest.mark.parametrize("size", [(6000, 4000), (4000, 6000), (1000, 1000), (9000, 1200)])
def test_images_within_a_level_never_exceed_its_token_bound(level, size) -> None:
    budget = PIXEL_LEVELS[level]
    width, height = target_size(*size, budget)
    assert vision_token_bound(width, height) <= level_token_bound(budget.max_pixels)


def test_a_small_image_rounds_up_like_llama_cpp() -> None:
    # llama.cpp measured: 224x168 -> 8x6 tokens; 1000x700 -> 36x25 (1008 x 700 px)
    assert vision_token_bound(224, 168) == 48
    assert vision_token_bound(1000, 700) == 36 * 25


def test_context_holds_image_prompt_template_and_answer() -> None:
    size = context_size(576, 120, 256)
    assert size >= 576 + 120 + 256
    assert size % 256 == 0
    assert context_size(576, 120, 257) >= size
    levels = PixelBudget.from_tokens("x", 1280)
    assert context_size(level_token_bound(levels.max_pixels), 100, 96) < 2048
