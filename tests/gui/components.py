"""Building blocks for component tests: a parent window, rows made from real files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop_app.core.scan import image_file
from desktop_app.gui.grid.image_model import DisplayState, ImageRow


def parent_widget(qtbot) -> QWidget:
    """What a component hangs off (the main window in the app)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def rows_for(
    paths: list[Path], state: DisplayState = DisplayState.NO_CAPTION, caption: str = ""
) -> list[ImageRow]:
    rows = []
    for path in paths:
        image = image_file(path)
        assert image is not None
        rows.append(ImageRow(image.path, image.kind, image.size, image.mtime_ns, state, caption))
    return rows
