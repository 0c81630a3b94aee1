"""One list of image types for the three desktops, checked against the app and the
system's MIME database (packaging/installers/image_types.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from installers import image_types
from installers.linux_desktop import DESKTOP_FILE

from desktop_app.core.formats import supported_extensions

MIME_DB = Path("/usr/share/mime")
needs_mime_db = pytest.mark.skipif(
    not (MIME_DB / "globs2").exists(), reason="no freedesktop shared-mime-info here"
)


def system_globs() -> dict[str, set[str]]:
    globs: dict[str, set[str]] = {}
    for line in (MIME_DB / "globs2").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        _weight, mime, pattern = line.split(":")[:3]
        if pattern.startswith("*."):
            globs.setdefault(pattern[1:].lower(), set()).add(mime)
    return globs


@needs_mime_db
def test_every_extension_the_app_reads_is_offered() -> None:
    """ "Open with" appears for a file when its MIME type is in the entry's list."""
    globs = system_globs()
    declared = set(image_types.MIME_TYPES)
    for ext in supported_extensions():
        images = {mime for mime in globs.get(ext, set()) if mime.startswith("image/")}
        if images:
            assert images & declared, f"{ext}: none of {sorted(images)} declared"


@needs_mime_db
def test_every_declared_type_exists() -> None:
    database = (MIME_DB / "packages" / "freedesktop.org.xml").read_text(encoding="utf-8")
    known = set(re.findall(r'<mime-type type="([^"]+)"', database))
    known |= set(re.findall(r'<alias type="([^"]+)"', database))
    assert set(image_types.MIME_TYPES) <= known


def test_the_desktop_entry_lists_exactly_those_types() -> None:
    entry = dict(
        line.split("=", 1) for line in DESKTOP_FILE.read_text().splitlines() if "=" in line
    )
    assert entry["MimeType"].rstrip(";").split(";") == list(image_types.MIME_TYPES)
    assert "Graphics" in entry["Categories"].split(";")
    assert entry["Exec"] == "folder-captioner %F"
    assert entry["Icon"] == "folder-captioner"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_the_desktop_entry_is_valid() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP_FILE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_windows_gets_every_extension_the_app_reads() -> None:
    assert image_types.supported_extensions() == sorted(supported_extensions())
    assert ".heic" in image_types.supported_extensions()
