"""The portable Linux folder: the bundle, its menu entry and icons, in a .tar.gz.

    python packaging/build.py tarball [--variant NAME]   # after `bundle`

Unpack it anywhere and run ``folder-captioner`` inside; ``install-desktop-entry.sh``
adds it to the menu (and to "Open with") for the current user only. It needs the same
system libraries as the .deb (listed in its README.txt) and perl, which runs the
ExifTool it carries (Image-ExifTool, copied from the build machine's
libimage-exiftool-perl); everything else travels with it.
"""

from __future__ import annotations

import platform
import shutil
import tarfile
from pathlib import Path

from installers import exiftool_bundle, linux_desktop
from installers.project import APP_NAME, BUILD_DIR, DISPLAY_NAME, DIST_DIR, Variant, app_version
from installers.shell import tree_size

INSTALL_SCRIPT = """#!/bin/sh
# Adds Folder Captioner to this user's application menu and "Open with" lists,
# pointing at this folder (run it again after moving the folder).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$data/applications"
cp -R "$here/share/icons" "$data/"
program="$here/folder-captioner"
sed -e "s|^Exec=.*|Exec=\\"$program\\" %F|" -e "s|^TryExec=.*|TryExec=$program|" \\
    "$here/share/applications/folder-captioner.desktop" \\
    > "$data/applications/folder-captioner.desktop"
if command -v update-desktop-database >/dev/null; then
    update-desktop-database "$data/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null; then
    gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
fi
echo "Folder Captioner added to the menu: $data/applications/folder-captioner.desktop"
"""

README = """{title} {version} ({variant}), portable folder for Linux {machine}

Run it from here, no installation needed:
    ./folder-captioner                  the window
    ./folder-captioner caption DIR      caption a folder from the command line
    ./folder-captioner --help           every command

Add it to your application menu and to "Open with" (for you only):
    ./install-desktop-entry.sh

It uses these libraries from your system (installed on every desktop; on a minimal
Debian or Ubuntu system: sudo apt install {packages}):
    X11/xcb or Wayland, OpenGL/EGL, fontconfig, FreeType, D-Bus, GLib, the C and C++
    runtimes.

Captions inside photos are written by ExifTool {exiftool} (Phil Harvey; free software
under Perl's terms, see exiftool/LICENSE.txt), which this folder carries and your
system's perl runs (every Linux desktop has perl; a minimal system: sudo apt install
perl).

Settings, the library index and logs live in your home folder (~/.config,
~/.local/share and ~/.local/state, "folder-captioner"); models in the Hugging Face
cache (~/.cache/huggingface). Deleting this folder removes the program.
"""


def archive_name(variant: Variant) -> str:
    machine = platform.machine().lower()
    return f"{APP_NAME}-{app_version()}-linux-{machine}{variant.suffix}"


def build_tarball(
    bundle: Path,
    variant: Variant,
    system_packages: list[str],
    out_dir: Path = DIST_DIR,
    *,
    fast: bool = False,
) -> Path:
    name = archive_name(variant)
    stage = BUILD_DIR / "tarball" / name
    if stage.exists():
        shutil.rmtree(stage)
    shutil.copytree(bundle, stage, symlinks=True)
    exiftool_version = exiftool_bundle.add_perl_exiftool(stage)  # embedded captions
    share = stage / "share"
    linux_desktop.install_desktop_entry(share)
    linux_desktop.install_icons(share)
    script = stage / "install-desktop-entry.sh"
    script.write_text(INSTALL_SCRIPT, encoding="utf-8")
    script.chmod(0o755)
    (stage / "README.txt").write_text(
        README.format(
            title=DISPLAY_NAME,
            version=app_version(),
            variant=variant.title,
            machine=platform.machine(),
            packages=" ".join(system_packages),
            exiftool=exiftool_version,
        ),
        encoding="utf-8",
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{name}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=1 if fast else 9) as archive:
        archive.add(stage, arcname=name, filter=_owned_by_root)
    print(
        f"{APP_NAME}: {target} ({target.stat().st_size / 1e6:.1f} MB; "
        f"{tree_size(stage) / 1e6:.1f} MB unpacked)"
    )
    return target


def _owned_by_root(member: tarfile.TarInfo) -> tarfile.TarInfo:
    member.uid = member.gid = 0
    member.uname = member.gname = "root"
    return member
