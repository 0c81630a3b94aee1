"""The panel component: the selected image's preview, caption, history and editing.

Decoding a preview and reading history go through the background helper, so a large
photo never blocks the GUI thread; each result names its path, and the panel ignores
one that arrives after the user has moved on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core import captioning
from desktop_app.core.editing import save_edited_caption
from desktop_app.core.library import Library
from desktop_app.core.prompts import all_presets
from desktop_app.core.thumbnails import Thumbnail, make_thumbnail
from desktop_app.gui.background import Background
from desktop_app.gui.context import SettingsHolder
from desktop_app.gui.grid.image_model import ImageRow
from desktop_app.gui.grid.rows import ImageRows
from desktop_app.gui.grid.thumbnail_loader import to_qimage
from desktop_app.gui.panel.caption_panel import PREVIEW_SIZE, CaptionPanel
from desktop_app.gui.panel.prompt_preview import PromptPreviewDialog


def decode_preview(path: Path) -> QImage:
    """A large preview, decoded off the GUI thread."""
    image = make_thumbnail(path, PREVIEW_SIZE)
    return to_qimage(Thumbnail(image.width, image.height, image.tobytes()))


class PanelComponent(QObject):
    """What the caption panel shows, and saving what the user typed in it."""

    recaption_requested = Signal(object, str)  # path, preset name
    caption_edited = Signal(object, str)  # path, the text now saved in the files

    def __init__(
        self,
        library: Library,
        background: Background,
        settings: SettingsHolder,
        rows: ImageRows,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._background = background
        self._settings = settings
        self._rows = rows
        self._window = parent
        self._running = False
        self.view = CaptionPanel()
        self.view.save_requested.connect(self.save_caption)
        self.view.recaption_requested.connect(self.recaption_requested)
        self.view.prompt_preview_requested.connect(self.preview_prompt)

    # -- what is shown -------------------------------------------------------------------
    def show_selection(self, rows: list[ImageRow]) -> None:
        """Show the single selected image; an unsaved edit of the same image is kept."""
        view = self.view
        current = rows[0] if len(rows) == 1 else None
        if current is not None and current.path == view.path:
            if not view.dirty:
                self.refresh(current.path)
            return
        view.show_row(current, selected_count=len(rows))
        if current is not None:
            self.load_preview(current.path)  # an attribute: tests count decodes here
            self.load_history(current.path)
        self._update_recaption()

    def clear(self) -> None:
        """Another folder opens: nothing is selected."""
        self.view.show_row(None)
        self._update_recaption()

    def refresh(self, path: Path) -> None:
        """Show the panel's image's new caption, state and history.

        The preview is not decoded again: writing a caption never changes the pixels,
        and decoding a 24-megapixel photo for nothing would compete with the thumbnails.
        """
        if path != self.view.path:
            return
        row = self._rows.row_data(path)
        if row is not None and not self.view.dirty:
            self.view.show_facts(row)
            self.load_history(path)

    def refresh_updated(self, updates: list[tuple[Path | str, dict[str, Any]]]) -> None:
        """Rows changed (a caption or state found by the folder listing): if the panel's
        image is among them, show its news."""
        shown = self.view.path
        if shown is not None and any(str(path) == str(shown) for path, _ in updates):
            self.refresh(shown)

    def refresh_presets(self) -> None:
        """The preset menu: built-in and user presets, the chosen one selected."""
        prompts = self._settings.settings.prompts
        self.view.set_presets(all_presets(prompts.user_presets), prompts.preset)

    def set_running(self, running: bool) -> None:
        """No "Caption again" while a run is going (one run at a time)."""
        self._running = running
        self._update_recaption()

    def focus_editor(self) -> None:
        self.view.editor.setFocus()

    def _update_recaption(self) -> None:
        self.view.recaption_button.setEnabled(not self._running and self.view.path is not None)

    # -- background work ---------------------------------------------------------------
    def load_preview(self, path: Path) -> None:
        """Decode the large preview in the background."""
        view = self.view
        self._background.submit(
            lambda: decode_preview(path),
            lambda image: view.show_preview(path, image),
            lambda message: view.show_preview(path, None, message),
            owner=view,  # the window may close first: its labels are gone by then
        )

    def load_history(self, path: Path) -> None:
        """Read the image's earlier captions from the library in the background."""
        library, view = self._library, self.view

        def load() -> list[object]:
            record = library.image_by_path(path)
            return list(library.history(record.id)) if record else []

        self._background.submit(load, lambda records: view.show_history(path, records), owner=view)

    def preview_prompt(self, path: Path, preset: str) -> None:
        """The prompt this image would be sent (issue 8), in a dialog of its own."""
        settings = self._settings.settings
        PromptPreviewDialog(settings, self._background, path, preset, self._window).show()

    def save_caption(self, path: Path, text: str) -> None:
        """Write an edited caption with the configured writers, in the background."""
        settings = self._settings.settings
        writers = captioning.build_writers(settings)
        library, view = self._library, self.view
        view.set_status(self.tr("Saving…"))

        def done(_report: object) -> None:
            self.caption_edited.emit(path, text)
            view.mark_saved(path, text)
            view.set_status(self.tr("Saved to {places}.").format(places=", ".join(writers.ids)))
            self.load_history(path)

        def failed(message: str) -> None:
            view.set_status("")
            QMessageBox.warning(self._window, self.tr("The caption was not saved"), message)

        content = settings.content
        language = content.languages[0] if content.languages else None
        self._background.submit(
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
