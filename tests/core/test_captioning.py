"""Settings plus overrides become one run's parts, the same for the CLI and the GUI."""

from __future__ import annotations

import pytest

from desktop_app.backends.runware import RunwareCaptioner, RunwareConfig
from desktop_app.core.captioning import (
    Overrides,
    build_captioner,
    build_writers,
    effective_backend_config,
    prompt_choice,
    run_options,
)
from desktop_app.core.prompts import PromptPreset
from desktop_app.core.settings import OverwritePolicy, PromptSettings, Settings, WriteSettings


def test_environment_then_overrides_win_over_settings(monkeypatch) -> None:
    settings = Settings().with_backend_config("cloud", RunwareConfig(api_url="http://stored/v1"))
    assert effective_backend_config(settings).api_url == "http://stored/v1"
    monkeypatch.setenv("RUNWARE_API_URL", "http://env/v1")
    assert effective_backend_config(settings).api_url == "http://env/v1"
    override = Overrides(backend_options={"api_url": "http://cli/v1"})
    assert effective_backend_config(settings, override).api_url == "http://cli/v1"


def test_prompt_from_preset_custom_text_or_override() -> None:
    settings = Settings()
    assert prompt_choice(settings).preset == "concise"
    custom = Settings(prompts=PromptSettings(custom_prompt="Describe the light."))
    assert prompt_choice(custom).text == "Describe the light."
    assert prompt_choice(custom).preset is None
    # an explicit preset beats the stored custom prompt
    assert prompt_choice(custom, Overrides(preset="detailed")).preset == "detailed"
    mine = Settings(
        prompts=PromptSettings("tags", user_presets=(PromptPreset("tags", "T", "Tags."),))
    )
    assert prompt_choice(mine).text == "Tags."


def test_run_options_and_writers(monkeypatch) -> None:
    settings = Settings(write=WriteSettings(overwrite=OverwritePolicy.OVERWRITE), concurrency=5)
    options = run_options(settings)
    assert options.overwrite is True
    assert options.concurrency == 5
    assert (
        run_options(settings, Overrides(overwrite=False, pixel_level="fast")).budget.name == "fast"
    )
    assert build_writers(settings).ids == ["embedded"]  # a photo library by default
    monkeypatch.setenv("RUNWARE_API_KEY", "k")
    assert isinstance(build_captioner(settings), RunwareCaptioner)
    with pytest.raises(Exception, match="no captioning backend called 'x'"):
        build_captioner(settings, Overrides(backend="x"))


def test_write_options_come_from_settings_then_one_off_choices() -> None:
    from desktop_app.core.captioning import write_options
    from desktop_app.metadata.base import SidecarNaming, WriteOptions

    stored = Settings(
        write=WriteSettings(
            sidecar_naming=SidecarNaming.DARKTABLE, keep_mtime=True, xmp_for_all=True
        )
    )
    assert write_options(stored) == WriteOptions(
        keep_mtime=True, sidecar_naming=SidecarNaming.DARKTABLE, xmp_for_all=True
    )
    once = Overrides(sidecar_naming=SidecarNaming.ADOBE, keep_mtime=False)
    assert write_options(stored, once) == WriteOptions(
        keep_mtime=False, sidecar_naming=SidecarNaming.ADOBE, xmp_for_all=True
    )
    writers = build_writers(stored, Overrides(destinations=("embedded", "txt")))
    assert writers.ids == ["embedded", "txt"]
    assert [fallback.writer_id for fallback in writers.fallbacks.values()] == ["xmp"]


def test_options_a_backend_does_not_have_are_refused() -> None:
    with pytest.raises(ValueError, match="--mmproj does not apply to the cloud backend"):
        effective_backend_config(Settings(), Overrides(backend_options={"mmproj": "x.gguf"}))
    config = effective_backend_config(
        Settings(), Overrides(backend="local", backend_options={"mmproj": "/m/p.gguf"})
    )
    assert config.mmproj == "/m/p.gguf"


def test_a_pixel_level_for_the_run_also_sets_the_local_cap() -> None:
    from desktop_app.backends.local.config import LocalConfig

    local = effective_backend_config(Settings(), Overrides(backend="local"))
    assert isinstance(local, LocalConfig)
    assert local.pixel_level == "balanced"
    raised = effective_backend_config(
        Settings(), Overrides(backend="local", pixel_level="detailed")
    )
    assert raised.pixel_level == "detailed"
    # the cloud has no cap of its own: the level only sets the run's budget
    assert not hasattr(
        effective_backend_config(Settings(), Overrides(pixel_level="fast")), "pixel_level"
    )


def test_openai_base_url_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://gpu-box:8000/v1")
    config = effective_backend_config(Settings(), Overrides(backend="openai"))
    assert config.base_url == "http://gpu-box:8000/v1"
