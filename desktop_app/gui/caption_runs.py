"""Caption runs from the window: which images to send, and their cells while they run.

The RunController does the work on its own thread; here the grid is told what each
event means (queued, captioning, done, failed) and the status bar how far it got.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

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
from desktop_app.core.scan import ImageFile
from desktop_app.gui.image_model import DisplayState, ImageRow
from desktop_app.gui.run_controller import Progress, summary_text

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow


def images_for(rows: list[ImageRow]) -> list[ImageFile]:
    """The core's view of grid rows: the facts it needs to caption them."""
    return [ImageFile(r.path, r.kind, r.size, r.mtime_ns) for r in rows]


class CaptionRuns(QObject):
    """Starting, stopping and following caption runs.

    A QObject in the GUI thread: run events are emitted on the run's own thread.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def caption_selected(self) -> None:
        """Caption the selection, replacing captions it already has (the user asked)."""
        self.start(self._window.grid.selected_rows(), Overrides(overwrite=True))

    def caption_missing(self) -> None:
        """Caption every image without a caption, and retry the failed ones."""
        wanted = {DisplayState.NO_CAPTION, DisplayState.FAILED}
        rows = [row for row in self._window.model.rows() if row.state in wanted]
        if not rows:
            self._window.status.showMessage("Every image already has a caption.", 4000)
            return
        self.start(rows, Overrides())

    def recaption(self, path: Path, preset: str) -> None:
        """Caption one image again with the preset chosen in the panel."""
        row = self._window.model.row_data(path)
        if row is not None:
            self.start([row], Overrides(preset=preset, overwrite=True))

    def start(self, rows: list[ImageRow], overrides: Overrides) -> None:
        """Mark ``rows`` queued and start a run; one run at a time."""
        window = self._window
        if window.runs.running or not rows:
            return
        window.model.update_many(
            (r.path, {"state": DisplayState.QUEUED, "error": ""}) for r in rows
        )
        window.status.run_started(len(rows))
        window.status.showMessage(where_captions_go(window.ctx.settings, overrides), 10_000)
        window.runs.start(images_for(rows), window.ctx.settings, overrides)
        window.update_actions()

    def stop(self) -> None:
        """Ask the run to stop; captions already written stay."""
        window = self._window
        if window.runs.running:
            window.runs.stop()
            window.status.run_label.setText("Stopping… finished captions are kept")

    def on_event(self, event: RunEvent) -> None:
        """One image's progress, shown in its cell (and the panel when it is shown there)."""
        window = self._window
        model = window.model
        if isinstance(event, ImageSent):
            model.update(event.path, state=DisplayState.CAPTIONING)
        elif isinstance(event, ImageCaptioned):
            model.update(
                event.path,
                state=DisplayState.DONE,
                caption=event.text,
                cost=event.cost,
                error="",
                source="generated",
            )
        elif isinstance(event, ImageFailed):
            model.update(event.path, state=DisplayState.FAILED, error=event.error.user_message())
        elif isinstance(event, ImageSkipped):
            model.update(event.path, state=DisplayState.HAS_CAPTION)
        elif isinstance(event, RunStarted):
            window.status.run_started(event.total)
        if isinstance(event, ImageCaptioned | ImageFailed) and event.path == window.panel.path:
            window.panel_sync.refresh(event.path)

    def on_progress(self, progress: Progress) -> None:
        self._window.status.run_progress(progress)

    def on_finished(self, summary: RunSummary) -> None:
        """Images the run never reached go back to how they were; say how it went."""
        window = self._window
        for row in window.model.rows():
            if row.state in (DisplayState.QUEUED, DisplayState.CAPTIONING):
                window.model.update(
                    row.path,
                    state=DisplayState.HAS_CAPTION if row.caption else DisplayState.NO_CAPTION,
                )
        window.status.run_finished(summary_text(summary))
        if summary.stopped_reason:
            QMessageBox.warning(window, "Captioning stopped", summary.stopped_reason)
        window.update_actions()

    def on_failed_to_start(self, message: str) -> None:
        """No run happened (no key, no model): undo the queued marks and explain."""
        self.on_finished(RunSummary(0, 0, 0, 0, 0, 0.0, 0.0))
        self._window.status.run_finished("Could not start")
        QMessageBox.warning(self._window, "Cannot caption", message)
