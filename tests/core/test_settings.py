"""Typed settings: defaults, round trip, broken files, newer files, migrations."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from desktop_app.backends.runware import RunwareConfig
from desktop_app.core.prompts import PromptPreset
from desktop_app.core.settings import (
    SETTINGS_VERSION,
    OverwritePolicy,
    PromptSettings,
    Settings,
    SettingsStore,
    WriteSettings,
)
from desktop_app.metadata.base import SidecarNaming


def test_defaults_are_sensible() -> None:
    settings = Settings()
    assert settings.backend == "cloud"
    assert settings.write.destinations == ("embedded",)  # a photo library
    assert (settings.write.embed_dng, settings.write.embed_heif) == (False, False)
    assert settings.write.overwrite is OverwritePolicy.SKIP
    assert settings.prompts.preset == "concise"
    assert isinstance(settings.backend_config(), RunwareConfig)


def test_round_trip_keeps_every_typed_value(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    original = Settings(
        write=WriteSettings(
            ("txt", "xmp", "embedded"),
            OverwritePolicy.OVERWRITE,
            SidecarNaming.DARKTABLE,
            True,
            True,
        ),
        prompts=PromptSettings(
            preset="mine", user_presets=(PromptPreset("mine", "Mine", "Five words."),)
        ),
        concurrency=3,
    ).with_backend_config("cloud", RunwareConfig(model="runware:152@2", delivery="async"))
    store.save(original)
    loaded = SettingsStore(tmp_path / "settings.json").load()
    assert loaded == original
    raw = json.loads((tmp_path / "settings.json").read_text())
    assert raw["version"] == SETTINGS_VERSION
    assert raw["backends"]["cloud"]["model"] == "runware:152@2"


def test_broken_values_keep_defaults_and_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "version": 1,
                "concurrency": "lots",
                "write": {"overwrite": "sometimes", "keep_mtime": True},
                "images": {"pixel_level": "gigantic"},
                "backends": {"cloud": {"batch_size": 8}, "gone": {}},
                "unknown_key": 1,
            }
        )
    )
    store = SettingsStore(path)
    settings = store.load()
    assert settings.concurrency == 0
    assert settings.write.keep_mtime is True
    assert settings.write.overwrite is OverwritePolicy.SKIP
    assert settings.images.pixel_level == "detailed"
    assert settings.backend_config("cloud").batch_size == 8
    problems = " ".join(store.problems)
    assert "concurrency" in problems
    assert "overwrite" in problems
    assert "gone" in problems


def test_unreadable_file_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{ not json")
    store = SettingsStore(path)
    assert store.load() == Settings()
    assert store.problems


def test_file_from_a_newer_version_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": SETTINGS_VERSION + 5, "backend": "future"}))
    store = SettingsStore(path)
    assert store.load() == Settings()
    store.save(Settings(concurrency=9))
    assert json.loads(path.read_text())["backend"] == "future"


def test_unversioned_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"backend": "cloud", "recursive": True}))
    settings = SettingsStore(path).load()
    assert settings.recursive is True
    assert settings.version == SETTINGS_VERSION
    # written under the old default destination (.txt): it keeps it
    old_default = dataclasses.replace(Settings().write, destinations=("txt",))
    assert dataclasses.replace(settings, recursive=False) == Settings(write=old_default)


def test_a_fresh_install_captions_a_photo_library(tmp_path: Path) -> None:
    settings = SettingsStore(tmp_path / "no-such-settings.json").load()
    assert settings.write.destinations == ("embedded",)
    assert settings.write.options().embed_dng is False


def test_an_existing_users_stored_destinations_are_kept(tmp_path: Path) -> None:
    for stored in (["txt"], ["xmp", "embedded"], ["embedded"]):
        path = tmp_path / "settings.json"
        path.write_text(json.dumps({"version": 1, "write": {"destinations": stored}}))
        assert SettingsStore(path).load().write.destinations == tuple(stored)


def test_settings_from_before_the_new_default_keep_txt(tmp_path: Path) -> None:
    """Version 1 files were written when .txt was the default: an upgrade must not start
    writing into anyone's photos unasked."""
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "write": {"keep_mtime": True}, "backend": "local"}))
    settings = SettingsStore(path).load()
    assert settings.write.destinations == ("txt",)
    assert settings.write.keep_mtime is True
    SettingsStore(path).save(settings)
    assert json.loads(path.read_text())["write"]["destinations"] == ["txt"]
