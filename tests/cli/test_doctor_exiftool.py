"""``doctor`` says which ExifTool writes captions into photos, or what to install."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.paths import app_dirs
from desktop_app.core.settings import Settings, SettingsStore, WriteSettings
from desktop_app.metadata.exiftool_install import EXIFTOOL_ENV
from tests import exiftool


@exiftool.requires_exiftool
def test_doctor_names_the_exiftool_version_and_where_captions_go(capsys) -> None:
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "ExifTool (captions inside the photos)" in out
    assert "ExifTool 12." in out or "ExifTool 13." in out
    assert "Captions go inside the photos" in out


def _without_exiftool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(EXIFTOOL_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))


def test_doctor_says_what_to_install_when_exiftool_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    _without_exiftool(tmp_path, monkeypatch)
    assert main(["doctor"]) == 1  # embedded captions (the default) cannot be written
    out = capsys.readouterr().out
    assert "ExifTool, which writes them into photos, is not installed" in out
    assert "libimage-exiftool-perl" in out


def test_without_exiftool_a_dataset_setup_is_healthy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    SettingsStore(app_dirs().settings_file).save(
        Settings(write=WriteSettings(destinations=("txt",)))
    )
    _without_exiftool(tmp_path, monkeypatch)
    assert main(["doctor"]) == 0
    assert "not installed" in capsys.readouterr().out
