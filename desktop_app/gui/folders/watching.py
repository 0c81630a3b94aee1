"""The window's side of watching a folder: the toggle, the status line, new cells.

The WatchController runs the service; this turns its events into grid rows and a
status text. Captioning events from the watch service go to the run handlers, so a
watched image looks exactly like one captioned by hand.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from desktop_app.core.events import ImageCaptioned, ImageFailed, ImageSent, ImageSkipped
from desktop_app.core.scan import image_file
from desktop_app.core.watch.events import (
    FolderUnavailable,
    FolderWatched,
    ImageDetected,
    ImageMoved,
    ImageQueued,
    JobDropped,
    QueueBlocked,
    QueueIdle,
)
from desktop_app.gui.grid.image_model import DisplayState, ImageRow

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow


class WatchBinding(QObject):
    """Starts and stops watching the open folder and shows what the watcher does.

    A QObject in the GUI thread: watch events come from the service's thread.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def toggle(self) -> None:
        """The toolbar button: its checked state is the wish."""
        self.set_watching(self._window.watch_action.isChecked())

    def set_watching(self, on: bool) -> None:
        """Watch (or stop watching) and remember the choice for the next start."""
        window = self._window
        gui = dataclasses.replace(window.ctx.settings.gui, watching=on)
        window.ctx.save_settings(dataclasses.replace(window.ctx.settings, gui=gui))
        if on:
            self.start()
        else:
            window.watch.stop()
            window.status.watch_label.setText("")

    def start(self) -> None:
        """Watch the open folder, unless there is none or it is already watched."""
        window = self._window
        if window.folder is None or window.watch.running:
            return
        window.watch_action.setChecked(True)
        window.status.watch_label.setText("Starting to watch…")
        window.watch.start([window.folder], window.ctx.settings)

    def on_started(self, roots: tuple[Path, ...]) -> None:
        status = self._window.status
        names = ", ".join(root.name for root in roots)
        status.watch_label.setText(f"Watching {names}")
        status.showMessage("New images in this folder are captioned as they arrive.", 6000)

    def on_stopped(self) -> None:
        self._window.status.watch_label.setText("")

    def on_failed(self, message: str) -> None:
        window = self._window
        window.watch_action.setChecked(False)
        window.status.watch_label.setText("")
        QMessageBox.warning(window, "Cannot watch this folder", message)

    def on_event(self, event: object) -> None:
        """Grid changes for file events, status text for the watcher's own state."""
        if isinstance(event, ImageDetected | ImageQueued | ImageMoved | JobDropped):
            self._on_file_event(event)
        elif isinstance(event, ImageSent | ImageCaptioned | ImageFailed | ImageSkipped):
            self._window.caption_runs.on_event(event)
        else:
            self._show_watch_state(event)

    def _on_file_event(self, event: ImageDetected | ImageQueued | ImageMoved | JobDropped) -> None:
        model = self._window.model
        if isinstance(event, ImageDetected | ImageQueued):
            self._ensure_row(event.path)
            if isinstance(event, ImageQueued):
                model.update(event.path, state=DisplayState.QUEUED, error="")
        elif isinstance(event, ImageMoved):
            row = model.row_data(event.old)
            model.remove_path(event.old)
            self._ensure_row(event.new, caption=row.caption if row else "")
        elif not event.path.exists():
            model.remove_path(event.path)
        else:
            model.update(event.path, state=DisplayState.NO_CAPTION)

    def _show_watch_state(self, event: object) -> None:
        window = self._window
        label = window.status.watch_label
        if isinstance(event, QueueBlocked):
            label.setText(f"Watching paused: {event.reason}")
        elif isinstance(event, FolderUnavailable):
            label.setText(f"{event.root.name} is not available: {event.reason}")
        elif isinstance(event, FolderWatched):
            how = "polling" if event.polling else "watching"
            label.setText(f"{how.capitalize()} {event.root.name}")
        elif isinstance(event, QueueIdle):
            label.setText(f"Watching {window.folder.name if window.folder else ''}: up to date")

    def _ensure_row(self, path: Path, caption: str = "") -> None:
        """A file that appeared while watching gets its cell (when it is in this folder)."""
        window = self._window
        if window.model.row_of(path) is not None or window.folder is None:
            return
        if window.folder not in path.parents:
            return
        image = image_file(path) if path.exists() else None
        if image is not None:
            state = DisplayState.HAS_CAPTION if caption else DisplayState.NO_CAPTION
            window.model.append_rows(
                [ImageRow(image.path, image.kind, image.size, image.mtime_ns, state, caption)]
            )
