"""The app's settings: one typed declaration with defaults, a version and migrations.

Stored as JSON in platformdirs' config directory. Every backend's options are the
typed configuration class its registry entry declares, so a new backend brings its own
settings without this module changing. Secrets (API keys) are never stored here: they
live in the OS keyring (:mod:`desktop_app.core.secrets`).
"""

from __future__ import annotations

import dataclasses
import enum
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from desktop_app.backends import registry as backends
from desktop_app.core.content import ContentSettings
from desktop_app.core.imaging import DEFAULT_LEVEL, DEFAULT_MAX_SOURCE_PIXELS, PIXEL_LEVELS
from desktop_app.core.prompts import PromptPreset, default_preset_name
from desktop_app.core.serialization import from_data, to_data
from desktop_app.core.watch.fstype import WatchMode
from desktop_app.i18n import UiLanguage
from desktop_app.metadata.atomic import write_new_file
from desktop_app.metadata.base import SidecarNaming, WriteOptions

log = logging.getLogger(__name__)

SETTINGS_VERSION = 2


class OverwritePolicy(enum.Enum):
    SKIP = "skip"  # an image that already has a caption is left alone
    OVERWRITE = "overwrite"


# A photo library: the caption inside each photo (an XMP sidecar for RAW and HEIC
# files), where Lightroom, Bridge, darktable and digiKam read it. Until version 2 the
# default was ("txt",); settings files written before keep it (see MIGRATIONS).
PHOTO_LIBRARY: tuple[str, ...] = ("embedded",)
TRAINING_DATASET: tuple[str, ...] = ("txt",)


@dataclass(frozen=True)
class WriteSettings:
    destinations: tuple[str, ...] = PHOTO_LIBRARY
    overwrite: OverwritePolicy = OverwritePolicy.SKIP
    sidecar_naming: SidecarNaming = SidecarNaming.ADOBE
    keep_mtime: bool = False
    xmp_for_all: bool = False  # XMP sidecars for JPEG/TIFF/PNG/WebP too
    embed_dng: bool = False  # inside DNG files, as Lightroom does when asked
    embed_heif: bool = False  # inside HEIC/HEIF and AVIF files

    def options(self) -> WriteOptions:
        return WriteOptions(
            keep_mtime=self.keep_mtime,
            sidecar_naming=self.sidecar_naming,
            xmp_for_all=self.xmp_for_all,
            embed_dng=self.embed_dng,
            embed_heif=self.embed_heif,
        )


@dataclass(frozen=True)
class PromptSettings:
    preset: str = field(default_factory=default_preset_name)
    custom_prompt: str = ""  # when set, used instead of the preset's prompt
    user_presets: tuple[PromptPreset, ...] = ()
    max_tokens: int | None = None  # None: the preset's own
    temperature: float | None = None  # None: the backend's default


@dataclass(frozen=True)
class ImageSettings:
    pixel_level: str = DEFAULT_LEVEL
    jpeg_quality: int = 90
    max_source_pixels: int = DEFAULT_MAX_SOURCE_PIXELS

    def __post_init__(self) -> None:
        if self.pixel_level not in PIXEL_LEVELS:
            raise ValueError(f"unknown pixel level {self.pixel_level!r}")
        if not 30 <= self.jpeg_quality <= 100:
            raise ValueError("jpeg_quality must be between 30 and 100")


@dataclass(frozen=True)
class GuiSettings:
    """What the window remembers between sessions (no Qt types: plain values)."""

    recent_folders: tuple[str, ...] = ()
    last_folder: str = ""
    thumbnail_size: int = 160
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    splitter_state: str = ""
    recursive: bool = True
    theme: Literal["system", "light", "dark"] = "system"
    first_run_done: bool = False
    watching: bool = False  # watch the open folder (resumed at the next start)

    def with_recent(self, folder: str, keep: int = 10) -> GuiSettings:
        recent = (folder, *[f for f in self.recent_folders if f != folder])[:keep]
        return dataclasses.replace(self, recent_folders=recent, last_folder=folder)


@dataclass(frozen=True)
class WatchSettings:
    """Watched folders: the ``watch`` command and the window's folder list."""

    folders: tuple[str, ...] = ()  # watched when ``watch`` is given no PATH
    mode: WatchMode = WatchMode.AUTO  # auto: polling on network filesystems
    settle_s: float = 2.0  # a file must stay unchanged this long before it is taken
    poll_interval_s: float = 5.0
    rescan_interval_s: float = 900.0  # the safety-net scan (stat only)
    stop_grace_s: float = 10.0  # on stop, requests in flight may finish this long
    max_attempts: int = 8  # transient failures (network, busy service) are retried
    retry_base_s: float = 30.0  # ... after 30 s, 1 min, 2 min, ... (capped at 30 min)

    def __post_init__(self) -> None:
        if self.settle_s < 0 or self.stop_grace_s < 0:
            raise ValueError("settle_s and stop_grace_s cannot be negative")
        if self.poll_interval_s <= 0 or self.rescan_interval_s <= 0:
            raise ValueError("poll_interval_s and rescan_interval_s must be positive")
        if self.max_attempts < 1 or self.retry_base_s < 0:
            raise ValueError("max_attempts must be at least 1, retry_base_s not negative")


def _default_backend_configs() -> dict[str, Any]:
    return {spec.backend_id: spec.config_type() for spec in backends.all_backends()}


@dataclass(frozen=True)
class Settings:
    version: int = SETTINGS_VERSION
    backend: str = "cloud"
    backends: Mapping[str, Any] = field(default_factory=_default_backend_configs)
    prompts: PromptSettings = field(default_factory=PromptSettings)
    images: ImageSettings = field(default_factory=ImageSettings)
    write: WriteSettings = field(default_factory=WriteSettings)
    watch: WatchSettings = field(default_factory=WatchSettings)
    recursive: bool = False
    concurrency: int = 0  # 0: the backend's own default
    gui: GuiSettings = field(default_factory=GuiSettings)
    # Keywords, languages, title, alt text, prompt context, provenance (issue 8).
    content: ContentSettings = field(default_factory=ContentSettings)
    # The language of the window and the commands; "system" follows the environment.
    language: UiLanguage = UiLanguage.SYSTEM

    def backend_config(self, backend_id: str | None = None) -> Any:
        """The typed configuration of a backend (the current one by default)."""
        backend_id = backend_id or self.backend
        spec = backends.get_backend(backend_id)
        return self.backends.get(backend_id) or spec.config_type()

    def with_backend_config(self, backend_id: str, config: Any) -> Settings:
        merged = dict(self.backends)
        merged[backend_id] = config
        return dataclasses.replace(self, backends=merged)


# -- migrations: version N -> N+1 on the raw JSON, before typed loading --------------
Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _keep_old_destination_default(data: dict[str, Any]) -> dict[str, Any]:
    """1 -> 2: the default destination became the photo library (inside the photos).
    A file written before stored its destinations (the app saves every field), and a
    user's choice stays as it is; one without them was written under the old default,
    ``.txt`` only, and keeps it: an upgrade must not start writing into photos."""
    write = data.get("write")
    write = dict(write) if isinstance(write, dict) else {}
    write.setdefault("destinations", list(TRAINING_DATASET))
    return {**data, "write": write}


MIGRATIONS: dict[int, Migration] = {
    # 0 -> 1: files written before versioning had no "version" and no per-backend map.
    0: lambda data: {**data, "backends": data.get("backends", {})},
    1: _keep_old_destination_default,
}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("version", 0)
    if not isinstance(version, int) or version > SETTINGS_VERSION:
        raise SettingsTooNew(version)
    while version < SETTINGS_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["version"] = version
    return data


class SettingsTooNew(Exception):
    def __init__(self, version: object) -> None:
        super().__init__(
            f"The settings file was written by a newer version (format {version}); "
            "using defaults without overwriting it."
        )


def settings_from_data(data: dict[str, Any], problems: list[str]) -> Settings:
    data = migrate(dict(data))
    raw_backends = data.pop("backends", {}) or {}
    settings = from_data(Settings, {k: v for k, v in data.items() if k != "backends"}, problems)
    configs = _default_backend_configs()
    if isinstance(raw_backends, dict):
        for backend_id, raw in raw_backends.items():
            try:
                spec = backends.get_backend(backend_id)
            except Exception:  # noqa: BLE001 - a backend removed since: ignore its settings
                problems.append(f"backends.{backend_id}: unknown backend, ignored")
                continue
            configs[backend_id] = from_data(
                spec.config_type, raw, problems, f"backends.{backend_id}"
            )
    return dataclasses.replace(settings, backends=configs)


def read_language(path: Path) -> UiLanguage:
    """The language setting alone, before anything else is set up (the commands need it
    to word their --help); quiet: a broken file is reported when it is loaded."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return UiLanguage(raw.get("language", UiLanguage.SYSTEM.value))
    except (OSError, ValueError, AttributeError):
        return UiLanguage.SYSTEM


class SettingsStore:
    """Loads and saves settings at one path; a broken file never stops the app."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        self._read_only = False

    def load(self) -> Settings:
        self.problems = []
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Settings()
        except (OSError, ValueError) as exc:
            self.problems.append(f"{self.path}: {exc}; using defaults")
            return Settings()
        if not isinstance(raw, dict):
            self.problems.append(f"{self.path}: not a settings object; using defaults")
            return Settings()
        try:
            settings = settings_from_data(raw, self.problems)
        except SettingsTooNew as exc:
            self._read_only = True
            self.problems.append(str(exc))
            return Settings()
        for problem in self.problems:
            log.warning("settings: %s", problem)
        return settings

    def save(self, settings: Settings) -> None:
        if self._read_only:
            log.warning("not saving settings: the file belongs to a newer version")
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(to_data(settings), indent=2, ensure_ascii=False, sort_keys=False)
        write_new_file(self.path, text.encode("utf-8") + b"\n")
