"""Logging set-up, shared by the window and the commands (core, below both)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import logging
from desktop_app.core.logs import setup_logging
setup_logging()
setup_logging()  # the window and a command may both ask: one set of handlers
logging.getLogger("desktop_app.test").warning("a warning for the file")
logging.getLogger("httpx").info("chatter that stays out")
print(len(logging.getLogger().handlers))
"""


def test_one_rotating_file_in_the_app_log_folder(tmp_path: Path) -> None:
    env = {**os.environ, "FOLDER_CAPTIONER_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "2"  # the file and stderr, once each
    assert "a warning for the file" in out.stderr
    text = (tmp_path / "log" / "folder-captioner.log").read_text(encoding="utf-8")
    assert "WARNING desktop_app.test: a warning for the file" in text
    assert "chatter" not in text
