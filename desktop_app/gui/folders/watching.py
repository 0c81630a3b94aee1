"""The watch component: watching the open folder, its toggle and what it reports.

The WatchController runs the core's service; this turns its events into signals for
the grid (new, moved and removed images) and a status text. Captioning events from
the watch service go out as ``run_event``, which the main window hands to the runs
component, so a watched image looks exactly like one captioned by hand.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core.events import ImageCaptioned, ImageFailed, ImageSent, ImageSkipped
from desktop_app.core.library import Library
from desktop_app.core.scan import image_file
from desktop_app.core.secrets import SecretStore
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
from desktop_app.gui.actions import make_action
from desktop_app.gui.background import Background
from desktop_app.gui.context import SettingsHolder, save_gui
from desktop_app.gui.folders.watch_controller import WatchController
from desktop_app.gui.grid.image_model import DisplayState, ImageRow

FileEvent = ImageDetected | ImageQueued | ImageMoved | JobDropped


class WatchComponent(QObject):
    """Starts and stops watching the open folder and shows what the watcher does.

    A QObject in the GUI thread: watch events come from the service's thread.
    """

    image_found = Signal(object)  # ImageRow of a file that appeared in the folder
    image_moved = Signal(object, object)  # old path, ImageRow at the new place or None
    image_removed = Signal(object)  # path
    images_changed = Signal(list)  # [(path, {field: value})]
    run_event = Signal(object)  # a caption event of the watcher's own runs
    status_changed = Signal(str)  # what the watcher is doing, "" when it is off
    message = Signal(str, int)  # text, milliseconds

    def __init__(
        self,
        library: Library,
        background: Background,
        secrets: SecretStore,
        settings: SettingsHolder,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._window = parent
        self.folder: Path | None = None
        self.controller = WatchController(library, background, secrets)
        self.controller.watch_event.connect(self._on_event)
        self.controller.started.connect(self._on_started)
        self.controller.stopped.connect(lambda: self.status_changed.emit(""))
        self.controller.failed.connect(self._on_failed)
        self.watch_action = make_action(
            self,
            self.tr("Watch folder"),
            "Ctrl+Shift+W",
            self.toggle,
            self.tr("Caption new images in this folder as they arrive"),
        )
        self.watch_action.setCheckable(True)
        self.actions = [self.watch_action]

    @property
    def running(self) -> bool:
        return self.controller.running

    def follow(self, folder: Path) -> None:
        """Another folder opened: watch it instead, when watching is on."""
        self.folder = folder
        if self.controller.running or self._settings.settings.gui.watching:
            self.controller.stop()
            self.start()

    def toggle(self) -> None:
        """The toolbar button: its checked state is the wish."""
        self.set_watching(self.watch_action.isChecked())

    def set_watching(self, on: bool) -> None:
        """Watch (or stop watching) and remember the choice for the next start."""
        save_gui(self._settings, watching=on)
        if on:
            self.start()
        else:
            self.controller.stop()
            self.status_changed.emit("")

    def start(self) -> None:
        """Watch the open folder, unless there is none or it is already watched."""
        if self.folder is None or self.controller.running:
            return
        self.watch_action.setChecked(True)
        self.status_changed.emit(self.tr("Starting to watch…"))
        self.controller.start([self.folder], self._settings.settings)

    def close(self) -> None:
        """At exit: stop the service now (the window is closing anyway)."""
        self.controller.stop_and_wait()

    # -- the controller's signals -------------------------------------------------------
    def _on_started(self, roots: tuple[Path, ...]) -> None:
        names = ", ".join(root.name for root in roots)
        self.status_changed.emit(self.tr("Watching {folders}").format(folders=names))
        self.message.emit(self.tr("New images in this folder are captioned as they arrive."), 6000)

    def _on_failed(self, message: str) -> None:
        self.watch_action.setChecked(False)
        self.status_changed.emit("")
        QMessageBox.warning(self._window, self.tr("Cannot watch this folder"), message)

    def _on_event(self, event: object) -> None:
        """Grid changes for file events, status text for the watcher's own state."""
        if isinstance(event, ImageDetected | ImageQueued | ImageMoved | JobDropped):
            self._on_file_event(event)
        elif isinstance(event, ImageSent | ImageCaptioned | ImageFailed | ImageSkipped):
            self.run_event.emit(event)
        else:
            self._show_watch_state(event)

    def _on_file_event(self, event: FileEvent) -> None:
        if isinstance(event, ImageDetected | ImageQueued):
            row = self._row_for(event.path)
            if row is not None:
                self.image_found.emit(row)
            if isinstance(event, ImageQueued):
                self.images_changed.emit(
                    [(event.path, {"state": DisplayState.QUEUED, "error": ""})]
                )
        elif isinstance(event, ImageMoved):
            self.image_moved.emit(event.old, self._row_for(event.new))
        elif not event.path.exists():
            self.image_removed.emit(event.path)
        else:
            self.images_changed.emit([(event.path, {"state": DisplayState.NO_CAPTION})])

    def _show_watch_state(self, event: object) -> None:
        if isinstance(event, QueueBlocked):
            text = self.tr("Watching paused: {reason}").format(reason=event.reason)
        elif isinstance(event, FolderUnavailable):
            text = self.tr("{folder} is not available: {reason}")
            text = text.format(folder=event.root.name, reason=event.reason)
        elif isinstance(event, FolderWatched) and event.polling:
            text = self.tr("Polling {folder}").format(folder=event.root.name)
        elif isinstance(event, FolderWatched):
            text = self.tr("Watching {folder}").format(folder=event.root.name)
        elif isinstance(event, QueueIdle):
            name = self.folder.name if self.folder else ""
            text = self.tr("Watching {folder}: up to date").format(folder=name)
        else:
            return
        self.status_changed.emit(text)

    def _row_for(self, path: Path) -> ImageRow | None:
        """The cell for a file that appeared while watching, when it is in this folder."""
        if self.folder is None or self.folder not in path.parents:
            return None
        image = image_file(path) if path.exists() else None
        if image is None:
            return None
        return ImageRow(image.path, image.kind, image.size, image.mtime_ns)
