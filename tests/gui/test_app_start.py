"""Starting the real program: the window opens on its folder, then quits cleanly.

``FOLDER_CAPTIONER_EXIT_AFTER_MS`` is the hidden switch the installers' smoke test and
start-up timing use (packaging/installers/app_checks.py); here it runs on the source
tree, so a broken start-up is caught before any package is built.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from desktop_app.gui.app import FileOpenHandler
from desktop_app.gui.scripted_exit import EXIT_AFTER_ENV, SHOWN_LINE, requested_delay_ms


def start_app(home: Path, *args: str, delay_ms: str = "200") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "FOLDER_CAPTIONER_HOME": str(home),
        EXIT_AFTER_ENV: delay_ms,
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_first_start_shows_window_and_welcome_then_exits_cleanly(tmp_path: Path) -> None:
    photos = tmp_path / "photos"
    photos.mkdir()
    Image.new("RGB", (64, 48), "teal").save(photos / "one.jpg")
    home = tmp_path / "home"
    result = start_app(home, str(photos))
    assert result.returncode == 0, result.stderr
    assert SHOWN_LINE in result.stderr
    assert "closing 'Welcome to Folder Captioner'" in result.stderr  # the first-run screen
    settings = json.loads((home / "config" / "settings.json").read_text())
    assert settings["gui"]["first_run_done"]  # "decide later" was recorded
    assert settings["gui"]["last_folder"] == str(photos.resolve())
    again = start_app(home)  # second start: no welcome screen, reopens the folder
    assert again.returncode == 0, again.stderr
    assert "Welcome" not in again.stderr


def test_the_switch_reads_a_delay_and_ignores_nonsense(monkeypatch, capsys) -> None:
    monkeypatch.delenv(EXIT_AFTER_ENV, raising=False)
    assert requested_delay_ms() is None  # a normal session
    monkeypatch.setenv(EXIT_AFTER_ENV, "250")
    assert requested_delay_ms() == 250
    monkeypatch.setenv(EXIT_AFTER_ENV, "-5")
    assert requested_delay_ms() == 0
    monkeypatch.setenv(EXIT_AFTER_ENV, "soon")
    assert requested_delay_ms() is None
    assert "ignoring" in capsys.readouterr().err


def test_files_opened_by_the_desktop_open_their_folder(qtbot, window, tmp_path: Path) -> None:
    """macOS hands documents over as QFileOpenEvent ("Open With", the Dock icon)."""
    image = tmp_path / "dropped.jpg"
    Image.new("RGB", (32, 32), "red").save(image)
    handler = FileOpenHandler(window)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(handler)
    try:
        QApplication.sendEvent(app, QFileOpenEvent(str(image)))
        assert window.folders.folder == tmp_path.resolve()
    finally:
        app.removeEventFilter(handler)
