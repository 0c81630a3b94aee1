"""Render resources/icons/folder-captioner.svg to the PNG sizes desktops and installers use.

    .venv/bin/python scripts/render_icons.py

Writes resources/icons/hicolor/<size>x<size>/apps/folder-captioner.png (the freedesktop
icon theme layout the .deb installs) and resources/icons/folder-captioner.png (256 px).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "folder-captioner.svg"))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = ICONS / "hicolor" / f"{size}x{size}" / "apps" / "folder-captioner.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        image.save(str(target))
        if size == 256:
            image.save(str(ICONS / "folder-captioner.png"))
    del app


if __name__ == "__main__":
    main()
