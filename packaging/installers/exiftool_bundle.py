"""ExifTool in the installers: it writes every embedded caption, so each one brings it.

- .deb: a dependency, ``libimage-exiftool-perl`` (Debian and Ubuntu keep it patched);
- portable .tar.gz and the macOS .app: Image-ExifTool itself (the ``exiftool`` script
  and its Perl library, about 15 MB), run by the system's perl, copied from the build
  machine's installed ExifTool (Debian: the ``libimage-exiftool-perl`` package; macOS:
  the one on the PATH, e.g. from exiftool.org's package or Homebrew);
- Windows: the standalone ``exiftool.exe`` (with the Perl it carries, ``exiftool_files``),
  downloaded by the build from exiftool.org (SourceForge as the mirror) and checked
  against the SHA-256 pinned below before anything is unpacked.

The app looks for ``exiftool/`` beside its executable (desktop_app/metadata/
exiftool_install.py) before the PATH.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import urllib.request
import zipfile
from pathlib import Path

from installers.project import BUILD_DIR
from installers.shell import BuildError

FOLDER = "exiftool"
DEB_PACKAGE = "libimage-exiftool-perl"
# The app needs 12.15 (desktop_app/metadata/exiftool_install.py MIN_VERSION).
DEB_DEPENDS = f"{DEB_PACKAGE} (>= 12.15)"
# The standalone Windows build: ExifTool 12.89, 64-bit (exiftool(-k).exe + exiftool_files).
# SHA-256 as pinned for this exact URL by digitalsleuth/winfor-salt (SaltStack's
# source_hash check, winfor/downloads/standalones/exiftool.sls); it could not be checked
# against exiftool.org from the machine this recipe was written on (no internet there).
WINDOWS_VERSION = "12.89"
WINDOWS_ARCHIVE = f"exiftool-{WINDOWS_VERSION}_64.zip"
WINDOWS_SHA256 = "344dd534c5cfcb46658151774a0762eff59501f84a26057a68dd48019bed789e"
WINDOWS_URLS = (
    f"https://exiftool.org/{WINDOWS_ARCHIVE}",
    f"https://sourceforge.net/projects/exiftool/files/{WINDOWS_ARCHIVE}/download",
)


# -- Image-ExifTool on the system perl (Linux tarball, macOS .app) -------------------------


def perl_exiftool_sources() -> tuple[Path, Path]:
    """The installed ``exiftool`` script and the folder holding ``Image/ExifTool.pm``."""
    script = shutil.which("exiftool")
    perl = shutil.which("perl")
    if script is None or perl is None:
        raise BuildError(
            "exiftool (and perl) must be installed to bundle it: "
            f"apt-get install {DEB_PACKAGE} (macOS: exiftool.org's package, or brew)"
        )
    found = subprocess.run(
        [perl, "-MImage::ExifTool", "-e", 'print $INC{"Image/ExifTool.pm"}'],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if not found:
        raise BuildError("perl cannot load Image::ExifTool: reinstall ExifTool")
    module = Path(found).resolve()
    return Path(script).resolve(), module.parent.parent  # .../perl5/Image/ExifTool.pm


def add_perl_exiftool(target: Path) -> str:
    """Copy Image-ExifTool into ``target/exiftool`` (script + lib); its version."""
    script, library = perl_exiftool_sources()
    folder = target / FOLDER
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "lib" / "File").mkdir(parents=True)
    shutil.copy2(script, folder / "exiftool")
    (folder / "exiftool").chmod(0o755)
    shutil.copy2(library / "Image" / "ExifTool.pm", _mkdir(folder / "lib" / "Image"))
    shutil.copytree(
        library / "Image" / "ExifTool",
        folder / "lib" / "Image" / "ExifTool",
        ignore=shutil.ignore_patterns("*.pod"),  # the documentation, not the code
    )
    random_access = library / "File" / "RandomAccess.pm"
    shutil.copy2(random_access, folder / "lib" / "File")
    _copy_licence(folder)
    version = _version(["perl", str(folder / "exiftool"), "-ver"])
    print(f"exiftool: Image-ExifTool {version} from {script} bundled in {folder}")
    return version


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _copy_licence(folder: Path) -> None:
    """ExifTool is free software under Perl's terms (GPL or Artistic): say so beside it."""
    debian = Path("/usr/share/doc") / DEB_PACKAGE / "copyright"
    text = (
        debian.read_text(encoding="utf-8")
        if debian.is_file()
        else "ExifTool by Phil Harvey: free software; you can redistribute it and/or modify "
        "it under the same terms as Perl itself (GPL-1.0-or-later or the Artistic License). "
        "https://exiftool.org\n"
    )
    (folder / "LICENSE.txt").write_text(text, encoding="utf-8")


def _version(command: list[str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    version = result.stdout.strip()
    if result.returncode != 0 or not version[:1].isdigit():
        raise BuildError(f"the bundled ExifTool does not run: {result.stderr.strip()}")
    return version


# -- the standalone exiftool.exe (Windows) ---------------------------------------------------


def fetch_windows_archive(cache: Path = BUILD_DIR / "downloads") -> Path:
    """The pinned Windows archive, downloaded once and always checked."""
    archive = cache / WINDOWS_ARCHIVE
    if not (archive.is_file() and _sha256(archive) == WINDOWS_SHA256):
        cache.mkdir(parents=True, exist_ok=True)
        _download(archive)
    digest = _sha256(archive)
    if digest != WINDOWS_SHA256:
        archive.unlink()
        raise BuildError(
            f"{WINDOWS_ARCHIVE} has SHA-256 {digest}, not the pinned {WINDOWS_SHA256}: "
            "not unpacked (a changed or damaged download)"
        )
    return archive


def _download(archive: Path) -> None:
    errors = []
    for url in WINDOWS_URLS:
        try:
            with urllib.request.urlopen(url, timeout=120) as response:
                archive.write_bytes(response.read())
            return
        except OSError as exc:
            errors.append(f"{url}: {exc}")
    raise BuildError("could not download ExifTool for Windows: " + "; ".join(errors))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def add_windows_exiftool(bundle: Path, archive: Path) -> None:
    """``bundle/exiftool/exiftool.exe`` and its ``exiftool_files`` (renamed from
    ``exiftool(-k).exe``, which would wait for a key press after every run)."""
    folder = bundle / FOLDER
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    with zipfile.ZipFile(archive) as zipped:
        for member in zipped.infolist():
            parts = Path(member.filename).parts
            if len(parts) < 2 or member.is_dir() or ".." in parts:
                continue
            inside = Path(*parts[1:])  # below exiftool-12.89_64/
            if inside.name == "exiftool(-k).exe":
                inside = inside.with_name("exiftool.exe")
            destination = folder / inside
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(zipped.read(member))
    if not (folder / "exiftool.exe").is_file():
        raise BuildError(f"{archive.name} holds no exiftool(-k).exe")
    print(f"exiftool: ExifTool {WINDOWS_VERSION} for Windows bundled in {folder}")
