"""The freedesktop integration both Linux packages carry: menu entry and icons.

The entry (resources/folder-captioner.desktop) runs ``folder-captioner`` from PATH, as
the .deb installs it; the portable folder's install-desktop-entry.sh rewrites Exec to
the folder's own program when it registers the entry for a user.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from installers.project import APP_NAME, ICON_SIZES, ICONS, ROOT

DESKTOP_FILE = ROOT / "resources" / f"{APP_NAME}.desktop"


def install_icons(share: Path) -> list[Path]:
    """hicolor PNGs in every rendered size, plus the SVG as the scalable icon."""
    installed = []
    for size in ICON_SIZES:
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_NAME}.png", target)
        installed.append(target)
    scalable = share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICONS / f"{APP_NAME}.svg", scalable)
    installed.append(scalable)
    return installed


def install_desktop_entry(share: Path) -> Path:
    target = share / "applications" / f"{APP_NAME}.desktop"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DESKTOP_FILE, target)
    return target
