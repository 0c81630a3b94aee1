"""Where the app keeps its files: platformdirs, overridable for tests and portable use.

``FOLDER_CAPTIONER_HOME`` puts every directory under one folder. Tests use it so they
never touch the user's real index or settings; a portable install can use it to keep
everything beside the program.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from desktop_app import APP_NAME

HOME_ENV = "FOLDER_CAPTIONER_HOME"


@dataclass(frozen=True)
class AppDirs:
    """The app's own directories; created on first use, not on construction."""

    config: Path
    data: Path
    cache: Path
    log: Path

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def library_file(self) -> Path:
        return self.data / "library.sqlite3"

    @property
    def models_dir(self) -> Path:
        return self.data / "models"

    @property
    def log_file(self) -> Path:
        return self.log / "folder-captioner.log"


def app_dirs() -> AppDirs:
    """The directories for this process, honouring ``FOLDER_CAPTIONER_HOME``."""
    home = os.environ.get(HOME_ENV)
    if home:
        root = Path(home).expanduser()
        return AppDirs(root / "config", root / "data", root / "cache", root / "log")
    return AppDirs(
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        log=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if missing and return it."""
    path.mkdir(parents=True, exist_ok=True)
    return path
