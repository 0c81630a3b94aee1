"""Keeping the caption panel in step with the grid: selection, preview, history, saving.

Decoding a preview and reading history go through the background helper, so a large
photo never blocks the GUI thread; each result names its path, and the panel ignores
one that arrives after the user has moved on.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from desktop_app.core import captioning
from desktop_app.core.editing import save_edited_caption
from desktop_app.core.prompts import all_presets
from desktop_app.core.thumbnails import Thumbnail, make_thumbnail
from desktop_app.gui.grid.image_model import DisplayState
from desktop_app.gui.grid.thumbnail_loader import to_qimage
from desktop_app.gui.panel.caption_panel import PREVIEW_SIZE

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow


def to_qimage_from_pil(path: Path) -> QImage:
    """A large preview, decoded off the GUI thread."""
    image = make_thumbnail(path, PREVIEW_SIZE)
    return to_qimage(Thumbnail(image.width, image.height, image.tobytes()))


class PanelSync(QObject):
    """What the caption panel shows, and saving what the user typed in it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def on_selection_changed(self) -> None:
        """Show the single selected image; an unsaved edit of the same image is kept."""
        window = self._window
        panel = window.panel
        rows = window.grid.selected_rows()
        current = rows[0] if len(rows) == 1 else None
        if current is not None and current.path == panel.path:
            if not panel.dirty:
                self.refresh(current.path)
            return
        panel.show_row(current, selected_count=len(rows))
        if current is not None:
            # Through the window: its ``_load_preview`` is the seam tests count decodes at.
            window._load_preview(current.path)
            self.load_history(current.path)
        window.update_actions()

    def load_preview(self, path: Path) -> None:
        """Decode the large preview in the background."""
        panel = self._window.panel

        def load() -> QImage:
            return to_qimage_from_pil(path)

        self._window.ctx.background.submit(
            load,
            lambda image: panel.show_preview(path, image),
            lambda message: panel.show_preview(path, None, message),
        )

    def load_history(self, path: Path) -> None:
        """Read the image's earlier captions from the library in the background."""
        library = self._window.ctx.library
        panel = self._window.panel

        def load() -> list[object]:
            record = library.image_by_path(path)
            return list(library.history(record.id)) if record else []

        self._window.ctx.background.submit(load, lambda records: panel.show_history(path, records))

    def refresh(self, path: Path) -> None:
        """Show the panel's image's new caption, state and history.

        The preview is not decoded again: writing a caption never changes the pixels,
        and decoding a 24-megapixel photo for nothing would compete with the thumbnails.
        """
        window = self._window
        row = window.model.row_data(path)
        if row is not None and not window.panel.dirty:
            window.panel.show_facts(row)
            self.load_history(path)

    def refresh_presets(self) -> None:
        """The preset menu: built-in and user presets, the chosen one selected."""
        prompts = self._window.ctx.settings.prompts
        self._window.panel.set_presets(all_presets(prompts.user_presets), prompts.preset)

    def save_caption(self, path: Path, text: str) -> None:
        """Write an edited caption with the configured writers, in the background."""
        window = self._window
        settings = window.ctx.settings
        writers = captioning.build_writers(settings)
        library = window.ctx.library
        window.panel.set_status("Saving…")

        def done(_report: object) -> None:
            window.model.update(
                path, caption=text, state=DisplayState.DONE, error="", source="edited"
            )
            window.panel.mark_saved(path, text)
            window.panel.set_status(f"Saved to {', '.join(writers.ids)}.")
            self.load_history(path)

        def failed(message: str) -> None:
            window.panel.set_status("")
            QMessageBox.warning(window, "The caption was not saved", message)

        content = settings.content
        language = content.languages[0] if content.languages else None
        window.ctx.background.submit(
            lambda: save_edited_caption(
                path,
                text,
                writers,
                library,
                language=language,
                mark_provenance=content.mark_provenance,
            ),
            done,
            failed,
        )
