"""The runs component: starting, stopping and following caption runs.

The RunController does the work on its own thread; this component decides which
images a command sends, says what each event means for their cells (queued,
captioning, done, failed) through signals the main window wires to the grid and the
panel, and shows progress in the status bar it owns.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core.captioning import Overrides, where_captions_go
from desktop_app.core.events import (
    ImageCaptioned,
    ImageFailed,
    ImageSent,
    ImageSkipped,
    RunEvent,
    RunStarted,
    RunSummary,
)
from desktop_app.core.library import Library
from desktop_app.core.scan import ImageFile
from desktop_app.core.secrets import SecretStore
from desktop_app.gui.actions import make_action
from desktop_app.gui.context import SettingsHolder
from desktop_app.gui.grid.image_model import DisplayState, ImageRow
from desktop_app.gui.grid.rows import ImageRows
from desktop_app.gui.runs.run_controller import RunController, summary_text
from desktop_app.gui.runs.status_bar import StatusBar

Changes = list[tuple[Path, dict[str, object]]]
RETRIED = frozenset({DisplayState.NO_CAPTION, DisplayState.FAILED})


def images_for(rows: list[ImageRow]) -> list[ImageFile]:
    """The core's view of grid rows: the facts it needs to caption them."""
    return [ImageFile(r.path, r.kind, r.size, r.mtime_ns) for r in rows]


def event_changes(event: RunEvent) -> Changes:
    """What one run event changes in the grid's rows."""
    if isinstance(event, ImageSent):
        return [(event.path, {"state": DisplayState.CAPTIONING})]
    if isinstance(event, ImageCaptioned):
        done = {"state": DisplayState.DONE, "caption": event.text, "cost": event.cost}
        return [(event.path, {**done, "error": "", "source": "generated"})]
    if isinstance(event, ImageFailed):
        return [(event.path, {"state": DisplayState.FAILED, "error": event.error.user_message()})]
    if isinstance(event, ImageSkipped):
        return [(event.path, {"state": DisplayState.HAS_CAPTION})]
    return []


class RunsComponent(QObject):
    """Caption runs: the commands that start them, their progress, their end."""

    images_changed = Signal(list)  # [(path, {field: value})] for the grid's rows
    caption_finished = Signal(object)  # a path whose caption was written (or failed)
    run_ended = Signal()  # images the run never reached may go back to how they were
    running_changed = Signal(bool)

    def __init__(
        self,
        library: Library,
        secrets: SecretStore,
        settings: SettingsHolder,
        rows: ImageRows,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._rows = rows
        self._window = parent
        self.controller = RunController(library, secrets)
        self.status = StatusBar()
        self.actions = self._make_actions()
        self.controller.run_event.connect(self.show_event)
        self.controller.progress.connect(self.status.run_progress)
        self.controller.finished.connect(self._on_finished)
        self.controller.failed_to_start.connect(self._on_failed_to_start)
        self.controller.ended.connect(self._on_ended)
        self.update_actions()

    def _make_actions(self) -> list[QAction]:
        self.caption_selected_action = make_action(
            self,
            self.tr("Caption selected"),
            "Ctrl+Return",
            self.caption_selected,
            self.tr("Caption the selected images"),
        )
        self.caption_missing_action = make_action(
            self,
            self.tr("Caption all without caption"),
            "Ctrl+Shift+Return",
            self.caption_missing,
        )
        self.stop_action = make_action(
            self,
            self.tr("Stop"),
            "Esc",
            self.stop,
            self.tr("Stop the run; finished captions are kept"),
        )
        style = self._window.style()
        for action, icon in (
            (self.caption_selected_action, style.StandardPixmap.SP_MediaPlay),
            (self.caption_missing_action, style.StandardPixmap.SP_MediaSeekForward),
            (self.stop_action, style.StandardPixmap.SP_MediaStop),
        ):
            action.setIcon(style.standardIcon(icon))
        return [self.caption_selected_action, self.caption_missing_action, self.stop_action]

    @property
    def running(self) -> bool:
        return self.controller.running

    # -- commands --------------------------------------------------------------------------
    def caption_selected(self) -> None:
        """Caption the selection, replacing captions it already has (the user asked)."""
        self.start(self._rows.selected_rows(), Overrides(overwrite=True))

    def caption_missing(self) -> None:
        """Caption every image without a caption, and retry the failed ones."""
        rows = [row for row in self._rows.rows() if row.state in RETRIED]
        if not rows:
            self.status.showMessage(self.tr("Every image already has a caption."), 4000)
            return
        self.start(rows, Overrides())

    def recaption(self, path: Path, preset: str) -> None:
        """Caption one image again with the preset chosen in the panel."""
        row = self._rows.row_data(path)
        if row is not None:
            self.start([row], Overrides(preset=preset, overwrite=True))

    def start(self, rows: list[ImageRow], overrides: Overrides) -> None:
        """Mark ``rows`` queued and start a run; one run at a time."""
        if self.running or not rows:
            return
        self.images_changed.emit(
            [(r.path, {"state": DisplayState.QUEUED, "error": ""}) for r in rows]
        )
        self.status.run_started(len(rows))
        self.status.showMessage(str(where_captions_go(self._settings.settings, overrides)), 10_000)
        self.controller.start(images_for(rows), self._settings.settings, overrides)
        self.running_changed.emit(True)
        self.update_actions()

    def stop(self) -> None:
        """Ask the run to stop; captions already written stay."""
        if self.running:
            self.controller.stop()
            self.status.run_label.setText(self.tr("Stopping… finished captions are kept"))

    def wait(self, timeout: float = 30.0) -> None:
        self.controller.wait(timeout)

    def confirm_close(self) -> bool:
        """Ask before quitting during a run; stop it when the user agrees."""
        if not self.running:
            return True
        answer = QMessageBox.question(
            self._window,
            self.tr("Stop captioning?"),
            self.tr("A caption run is in progress. Stop it and quit? Finished captions are kept."),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.controller.stop()
        self.controller.wait(30)
        return True

    def update_actions(self) -> None:
        """Enable what can be done now: nothing that starts a run while one runs."""
        running = self.running
        self.caption_selected_action.setEnabled(not running and bool(self._rows.selected_rows()))
        self.caption_missing_action.setEnabled(not running and self._rows.row_count() > 0)
        self.stop_action.setEnabled(running)

    # -- events (from the run, or from the folder watcher) ----------------------------
    def show_event(self, event: RunEvent) -> None:
        """One image's progress, shown in its cell (and the panel when it shows it)."""
        if isinstance(event, RunStarted):
            self.status.run_started(event.total)
        changes = event_changes(event)
        if changes:
            self.images_changed.emit(changes)
        if isinstance(event, ImageCaptioned | ImageFailed):
            self.caption_finished.emit(event.path)

    def _on_finished(self, summary: RunSummary) -> None:
        """Say how it went; images the run never reached go back to how they were."""
        self.run_ended.emit()
        self.status.run_finished(summary_text(summary))
        if summary.stopped_reason:
            QMessageBox.warning(
                self._window, self.tr("Captioning stopped"), str(summary.stopped_reason)
            )

    def _on_failed_to_start(self, message: str) -> None:
        """No run happened (no key, no model): undo the queued marks and explain."""
        self.run_ended.emit()
        self.status.run_finished(self.tr("Could not start"))
        QMessageBox.warning(self._window, self.tr("Cannot caption"), message)

    def _on_ended(self) -> None:
        """The run's thread is done: its last act was to send this."""
        self.controller.wait(5)
        self.running_changed.emit(False)
        self.update_actions()
