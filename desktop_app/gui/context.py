"""What the window shares: settings, the library index, caches, the background helper.

Components never get the whole context: each takes the services it uses in its
constructor. Settings travel as a ``SettingsHolder`` (read the settings in force,
save a new value), which ``AppContext`` is.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from desktop_app.core.library import Library
from desktop_app.core.paths import AppDirs, app_dirs
from desktop_app.core.secrets import SecretStore
from desktop_app.core.settings import Settings, SettingsStore
from desktop_app.core.thumbnails import ThumbnailCache, freedesktop_cache_root
from desktop_app.gui.background import Background


class SettingsHolder(Protocol):
    """The settings in force, and the one way to change them (saved at once)."""

    @property
    def settings(self) -> Settings: ...

    def save_settings(self, settings: Settings) -> None: ...


def save_gui(holder: SettingsHolder, **changes: Any) -> None:
    """Change the window's own settings (``settings.gui``) and save."""
    settings = holder.settings
    gui = dataclasses.replace(settings.gui, **changes)
    holder.save_settings(dataclasses.replace(settings, gui=gui))


@dataclass
class AppContext:
    dirs: AppDirs
    store: SettingsStore
    settings: Settings
    library: Library
    thumbnails: ThumbnailCache
    background: Background
    secrets: SecretStore

    @classmethod
    def create(cls, dirs: AppDirs | None = None) -> AppContext:
        dirs = dirs or app_dirs()
        store = SettingsStore(dirs.settings_file)
        root = freedesktop_cache_root() or dirs.cache / "thumbnails"
        return cls(
            dirs=dirs,
            store=store,
            settings=store.load(),
            library=Library(dirs.library_file),
            thumbnails=ThumbnailCache(root),
            background=Background(),
            secrets=SecretStore(),
        )

    @property
    def log_file(self) -> Path:
        return self.dirs.log_file

    def save_settings(self, settings: Settings) -> None:
        self.settings = settings
        self.store.save(settings)

    def close(self) -> None:
        self.background.wait(10_000)
        self.library.close()
