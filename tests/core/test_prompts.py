"""Prompt presets: the seed prompts ship, user presets shadow built-ins."""

from __future__ import annotations

import pytest

from desktop_app.core.prompts import (
    PromptPreset,
    UnknownPreset,
    all_presets,
    builtin_presets,
    default_preset_name,
    find_preset,
    slugify,
)
from tests.images import DATA

SEEDS = DATA / "seeds"


def test_builtin_presets_include_every_seed_prompt() -> None:
    prompts = {preset.prompt for preset in builtin_presets()}
    assert (
        "Write a concise, vivid caption in 1-2 sentences describing the main action, setting, "
        "and mood of this image." in prompts
    )
    seen = 0
    for seed in SEEDS.glob("*.txt"):
        for line in seed.read_text(encoding="utf-8").splitlines():
            if line.startswith('"prompt": '):
                assert line[len('"prompt": "') : -2] in prompts
                seen += 1
    assert seen == 8


def test_default_and_lookup() -> None:
    assert default_preset_name() == "concise"
    assert find_preset("detailed").max_tokens
    with pytest.raises(UnknownPreset, match="Known presets: concise"):
        find_preset("nope")


def test_user_preset_shadows_builtin() -> None:
    mine = PromptPreset("concise", "Mine", "Say it in five words.")
    presets = all_presets([mine, PromptPreset("tags", "Tags", "List ten tags.")])
    assert find_preset("concise", [mine]).prompt == "Say it in five words."
    assert presets[0].name == "concise"
    assert presets[-1].name == "tags"


def test_preset_names_are_checked() -> None:
    with pytest.raises(ValueError, match="lower-case"):
        PromptPreset("Bad Name", "t", "p")
    with pytest.raises(ValueError, match="empty prompt"):
        PromptPreset("ok", "t", "  ")
    assert slugify("My tags, v2!") == "my-tags-v2"
