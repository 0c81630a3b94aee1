"""Windows .ico and macOS .icns icons, made from the PNGs scripts/render_icons.py renders.

Made at build time (into build/icons) rather than kept in the repository: the PNGs are
the one source, so the three desktops can never show different icons.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from installers.project import ICON_SIZES, ICONS

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest a .ico holds


def icon_png(size: int) -> Path:
    return ICONS / "hicolor" / f"{size}x{size}" / "apps" / "folder-captioner.png"


def make_ico(target: Path) -> Path:
    """Every size from its own rendering (small sizes are not just scaled down)."""
    images = [Image.open(icon_png(size)).convert("RGBA") for size in ICO_SIZES]
    target.parent.mkdir(parents=True, exist_ok=True)
    largest = images[-1]
    largest.save(
        target,
        format="ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=images[:-1],
    )
    return target


def make_icns(target: Path) -> Path:
    """Pillow writes the PNG-based icns entries macOS 10.7 and later read."""
    images = [Image.open(icon_png(size)).convert("RGBA") for size in ICON_SIZES]
    target.parent.mkdir(parents=True, exist_ok=True)
    images[-1].save(target, format="ICNS", append_images=images[:-1])
    return target


def make_platform_icons(folder: Path) -> list[Path]:
    return [
        make_ico(folder / "folder-captioner.ico"),
        make_icns(folder / "folder-captioner.icns"),
    ]
