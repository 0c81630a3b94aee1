"""Which ExifTool the app runs, and whether it is new enough.

Looked for, in order: ``FOLDER_CAPTIONER_EXIFTOOL`` (a path to ``exiftool`` or
``exiftool.exe``), the copy an installer bundles (``exiftool/`` inside the bundle:
Image-ExifTool run by the system's perl on Linux and macOS, the standalone
``exiftool.exe`` on Windows), then ``exiftool`` on the ``PATH`` (Debian and Ubuntu:
``libimage-exiftool-perl``). Only embedded captions need it: a missing or too old
ExifTool is a clear error for that destination, and ``.txt`` and XMP sidecars keep
working.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from desktop_app.i18n import Text, join_texts, lazy_gettext
from desktop_app.metadata.errors import WriteError
from desktop_app.metadata.process_guard import child_setup

EXIFTOOL_ENV = "FOLDER_CAPTIONER_EXIFTOOL"
# -echo4 "${status}" (12.10; its stray newline fixed in 12.15) tells each command's
# outcome; earlier versions also lack writers the app relies on.
MIN_VERSION = (12, 15)
# Formats ExifTool learnt to write later than that.
FORMAT_MIN_VERSION = {".webp": (12, 46)}
_VERSION_TIMEOUT_S = 30.0


class ExifToolMissing(WriteError):
    """ExifTool is not installed (or too old): embedded captions cannot be written."""

    code = "exiftool-missing"
    stops_run = False


@dataclass(frozen=True)
class ExifToolInstall:
    command: tuple[str, ...]  # how to start it: ("exiftool",) or ("perl", ".../exiftool")
    version: str
    origin: str  # "bundled", "PATH" or the environment variable's name

    @property
    def version_tuple(self) -> tuple[int, int]:
        return version_tuple(self.version)

    def describe(self) -> str:
        return f"ExifTool {self.version} ({self.origin}: {self.command[-1]})"


def version_tuple(text: str) -> tuple[int, int]:
    major, _, minor = text.strip().partition(".")
    try:
        return int(major), int((minor + "00")[:2])
    except ValueError:
        return (0, 0)


def install_hint() -> Text:
    """What to install, in the words of this platform."""
    if sys.platform == "win32":
        return lazy_gettext(
            "Reinstall Folder Captioner (its installer carries ExifTool), or put exiftool.exe "
            "from exiftool.org on the PATH or in {variable}.",
            variable=EXIFTOOL_ENV,
        )
    if sys.platform == "darwin":
        return lazy_gettext("Install ExifTool from exiftool.org (or `brew install exiftool`).")
    return lazy_gettext(
        "Install ExifTool: `sudo apt install libimage-exiftool-perl` on Debian and Ubuntu, "
        "`sudo dnf install perl-Image-ExifTool` on Fedora, `sudo pacman -S perl-image-exiftool` "
        "on Arch."
    )


def bundled_folders() -> list[Path]:
    """Where an installer puts ExifTool: beside the executable (Windows, the portable
    Linux folder), or in the macOS app's Resources."""
    if not getattr(sys, "frozen", False):
        return []
    program = Path(sys.executable).resolve().parent
    folders = [program / "exiftool", program.parent / "Resources" / "exiftool"]
    base = getattr(sys, "_MEIPASS", None)
    if base is not None:
        folders.insert(0, Path(base) / "exiftool")
    return folders


def _bundled_command() -> tuple[str, ...] | None:
    for folder in bundled_folders():
        if (folder / "exiftool.exe").is_file():
            return (str(folder / "exiftool.exe"),)
        script = folder / "exiftool"
        perl = shutil.which("perl") or ("/usr/bin/perl" if Path("/usr/bin/perl").exists() else None)
        if script.is_file() and perl is not None:
            return (perl, str(script))
    return None


def _command_for(path: str) -> tuple[str, ...]:
    """A script without the execute bit (or on Windows) runs through perl."""
    if path.lower().endswith(".exe") or (os.access(path, os.X_OK) and sys.platform != "win32"):
        return (path,)
    perl = shutil.which("perl")
    return (perl, path) if perl else (path,)


def candidates() -> list[tuple[tuple[str, ...], str]]:
    found: list[tuple[tuple[str, ...], str]] = []
    configured = os.environ.get(EXIFTOOL_ENV)
    if configured:
        found.append((_command_for(configured), EXIFTOOL_ENV))
    bundled = _bundled_command()
    if bundled is not None:
        found.append((bundled, "bundled"))
    on_path = shutil.which("exiftool")
    if on_path is not None:
        found.append((_command_for(on_path), "PATH"))
    return found


def _ask_version(command: tuple[str, ...]) -> str | None:
    try:
        result = subprocess.run(
            [*command, "-ver"],
            capture_output=True,
            timeout=_VERSION_TIMEOUT_S,
            check=False,
            **child_setup(),
        )
    except (OSError, subprocess.SubprocessError):
        return None
    text = result.stdout.decode("ascii", "replace").strip()
    return text if result.returncode == 0 and version_tuple(text) > (0, 0) else None


@functools.cache
def _find(environment: tuple[str | None, str]) -> ExifToolInstall | str | None:
    del environment  # part of the cache key only: a changed setting is looked up again
    too_old: str | None = None
    for command, origin in candidates():
        version = _ask_version(command)
        if version is None:
            continue
        install = ExifToolInstall(command, version, origin)
        if install.version_tuple >= MIN_VERSION:
            return install
        too_old = too_old or install.describe()
    return too_old


def find_exiftool() -> ExifToolInstall:
    """The ExifTool to run; raises :class:`ExifToolMissing` with what to install."""
    found = _find((os.environ.get(EXIFTOOL_ENV), os.environ.get("PATH", "")))
    if isinstance(found, ExifToolInstall):
        return found
    needed = ".".join(str(n) for n in MIN_VERSION)
    hint = join_texts(
        install_hint(),
        lazy_gettext("The .txt and XMP sidecar destinations work without it."),
    )
    if found is not None:
        raise ExifToolMissing(
            lazy_gettext(
                "Captions cannot be embedded: {found} is too old (the app needs {needed} or "
                "later).",
                found=found,
                needed=needed,
            ),
            hint,
        )
    raise ExifToolMissing(
        lazy_gettext(
            "Captions cannot be embedded: ExifTool, which writes them into photos, is not "
            "installed."
        ),
        hint,
    )


def exiftool_status() -> str:
    """One line for ``doctor`` and the About dialog."""
    try:
        return find_exiftool().describe()
    except ExifToolMissing as missing:
        return missing.user_message()


def check_format_support(install: ExifToolInstall, suffix: str) -> None:
    """Refuse a format this ExifTool cannot write yet (WebP before 12.46)."""
    needed = FORMAT_MIN_VERSION.get(suffix.lower())
    if needed is not None and install.version_tuple < needed:
        first = f"{needed[0]}.{needed[1]:02d}"
        raise ExifToolMissing(
            lazy_gettext(
                "Captions cannot be embedded in {suffix} files by ExifTool {version} (it "
                "writes them from version {needed}).",
                suffix=suffix,
                version=install.version,
                needed=first,
            ),
            lazy_gettext(
                "Install a newer ExifTool, or choose the XMP sidecar destination for these files."
            ),
        )
