"""The commands speak the user's language: LANG=de_DE.UTF-8 gives German messages with
German plurals, Settings' language wins over the environment, --json stays English."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from desktop_app.cli import main
from desktop_app.core.paths import app_dirs
from desktop_app.core.settings import Settings, SettingsStore
from desktop_app.i18n import UiLanguage
from tests.images import photo_folder


def test_lang_de_gives_german_messages_and_plurals(
    cloud_env, tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    photo_folder(tmp_path / "one", 1)
    photo_folder(tmp_path / "two", 2)
    assert main(["caption", str(tmp_path / "one")]) == 0
    _, one = capsys.readouterr()
    assert main(["caption", str(tmp_path / "two")]) == 0
    _, two = capsys.readouterr()
    assert "Beschrifte 1 Bild mit cloud" in one
    assert "Beschrifte 2 Bilder mit cloud" in two
    assert "2 beschriftet" in two
    assert main(["caption", str(tmp_path / "two")]) == 0
    _, again = capsys.readouterr()
    assert "2 übersprungen (bereits beschriftet)" in again


def test_errors_and_hints_are_german(cloud_env, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    monkeypatch.delenv("RUNWARE_API_KEY")
    photo_folder(tmp_path / "p", 1)
    with pytest.raises(SystemExit) as exited:
        main(["caption", str(tmp_path / "p")])
    assert exited.value.code == 2
    _, err = capsys.readouterr()
    assert "Fehler: Kein API-Schlüssel für den Cloud-Beschriftungsdienst." in err
    assert "Setzen Sie die Umgebungsvariable RUNWARE_API_KEY" in err


def test_json_lines_stay_english_for_scripts(cloud_env, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    photo_folder(tmp_path / "p", 2)
    assert main(["caption", str(tmp_path / "p")]) == 0
    capsys.readouterr()
    assert main(["caption", str(tmp_path / "p"), "--json"]) == 0
    out, err = capsys.readouterr()
    reasons = [json.loads(line)["reason"] for line in out.splitlines()]
    assert reasons == ["already has a caption (embedded)"] * 2  # the default: the photo library
    assert "2 skipped (already captioned)" in err


def test_the_setting_wins_over_the_environment(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    SettingsStore(app_dirs().settings_file).save(Settings(language=UiLanguage.FRENCH))
    with pytest.raises(SystemExit):
        main(["caption", str(tmp_path / "missing")])
    _, err = capsys.readouterr()
    assert "aucun fichier ou dossier de ce nom" in err


def test_help_is_translated_in_a_fresh_process(tmp_path) -> None:
    """The parser is built after the language is chosen: --help speaks it."""
    env = {"LANG": "fr_FR.UTF-8", "FOLDER_CAPTIONER_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", "watch", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert "surveiller des dossiers" in done.stdout.lower()
    assert "dossiers à surveiller" in done.stdout
    assert done.stdout.startswith("utilisation : folder-captioner watch")  # argparse's own
    assert "afficher cette aide et quitter" in done.stdout
