"""ExifTool from the command line: ``doctor`` names it, and without it a run says what
to install before it sends anything (or writes the other destinations)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.paths import app_dirs
from desktop_app.core.settings import Settings, SettingsStore, WriteSettings
from desktop_app.metadata.exiftool_install import EXIFTOOL_ENV
from tests import exiftool
from tests.images import photo_folder


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


def test_without_exiftool_a_photo_library_run_stops_before_sending_anything(
    cloud_env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    photo_folder(tmp_path / "p", 2)
    _without_exiftool(tmp_path, monkeypatch)
    with pytest.raises(SystemExit) as stopped:
        main(["caption", str(tmp_path / "p")])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "is not installed" in err
    assert "libimage-exiftool-perl" in err
    assert "--write txt" in err
    assert cloud_env.caption_tasks() == []  # nothing paid for


def test_without_exiftool_the_other_destinations_are_written(
    cloud_env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    photos = photo_folder(tmp_path / "p", 2)
    _without_exiftool(tmp_path, monkeypatch)
    code = main(["caption", str(tmp_path / "p"), "--write", "embedded,txt", "--json"])
    out, err = capsys.readouterr()
    assert code == 1  # the embedded half failed, clearly
    lines = err.splitlines()
    assert lines[0].startswith("Captions go inside the photos")
    assert lines[1].startswith("! Captions cannot be embedded: ExifTool")
    for photo in photos:
        assert photo.with_suffix(".txt").read_text(encoding="utf-8").startswith("A landscape")
    assert "libimage-exiftool-perl" in out  # each image's error says what to install
