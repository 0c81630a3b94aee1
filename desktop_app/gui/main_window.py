"""The main window: toolbar, thumbnail grid, caption panel, status bar.

This module builds the window and wires its parts together; the behaviour lives in
small helpers it owns: ``FolderSession`` (opening folders), ``CaptionRuns`` (runs),
``WatchBinding`` (watching), ``PanelSync`` (the caption panel), plus the plain
functions of ``window_actions``, ``image_commands`` and ``window_settings``. The
window keeps its public methods, so callers and tests need not know the split.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSlider,
    QSplitter,
)

from desktop_app import APP_DISPLAY_NAME
from desktop_app.gui import window_state as window_settings
from desktop_app.gui.context import AppContext
from desktop_app.gui.folders.folder_loader import FolderLoader
from desktop_app.gui.folders.session import FolderSession, dropped_target, has_local_files
from desktop_app.gui.folders.watch_controller import WatchController
from desktop_app.gui.folders.watching import WatchBinding
from desktop_app.gui.grid import commands as image_commands
from desktop_app.gui.grid.filter_model import ImageFilterProxy
from desktop_app.gui.grid.image_model import ImageListModel
from desktop_app.gui.grid.thumbnail_loader import ThumbnailLoader
from desktop_app.gui.grid.view import ThumbnailGrid
from desktop_app.gui.panel.caption_panel import CaptionPanel
from desktop_app.gui.panel.component import PanelSync, to_qimage_from_pil
from desktop_app.gui.runs.component import CaptionRuns
from desktop_app.gui.runs.run_controller import RunController
from desktop_app.gui.runs.status_bar import StatusBar
from desktop_app.gui.toolbar import STATE_FILTERS, build_actions, build_toolbar

__all__ = ["STATE_FILTERS", "MainWindow", "to_qimage_from_pil"]


class MainWindow(QMainWindow):
    """One folder's images in a grid, the selected one's caption beside it."""

    # Built by window_actions.build_actions and build_toolbar.
    open_action: QAction
    caption_selected_action: QAction
    caption_missing_action: QAction
    watch_action: QAction
    stop_action: QAction
    settings_action: QAction
    rescan_action: QAction
    about_action: QAction
    welcome_action: QAction
    copy_action: QAction
    reveal_action: QAction
    open_file_action: QAction
    recent_menu: QMenu
    search: QLineEdit
    state_filter: QComboBox
    size_slider: QSlider

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.folder: Path | None = None
        self.setWindowTitle(APP_DISPLAY_NAME)
        self.setAcceptDrops(True)
        self.resize(1280, 820)
        self._build_parts(ctx)
        self._build_helpers()
        self._build_layout()
        build_actions(self)
        build_toolbar(self)
        self._connect()
        window_settings.restore_state(self)
        self.panel_sync.refresh_presets()
        self.update_actions()
        self.status.showMessage("Open a folder (Ctrl+O) or drop one on the window to begin.")

    # -- construction -----------------------------------------------------------------
    def _build_parts(self, ctx: AppContext) -> None:
        """The models, views and controllers that tests and callers reach directly."""
        self.model = ImageListModel()
        self.proxy = ImageFilterProxy()
        self.loader = ThumbnailLoader(ctx.thumbnails)
        self.grid = ThumbnailGrid(self.model, self.proxy, self.loader)
        self.panel = CaptionPanel()
        self.status = StatusBar()
        self.setStatusBar(self.status)
        self.runs = RunController(ctx.library, ctx.secrets)
        self.watch = WatchController(ctx.library, ctx.background, ctx.secrets)
        self.folder_loader = FolderLoader(ctx.library)

    def _build_helpers(self) -> None:
        """The window's behaviour, one helper per concern (they call back through it)."""
        self.folders = FolderSession(self)
        self.caption_runs = CaptionRuns(self)
        self.watching = WatchBinding(self)
        self.panel_sync = PanelSync(self)

    def _build_layout(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.grid)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.setCentralWidget(self.splitter)

    def _connect(self) -> None:
        self._connect_filters()
        self._connect_grid_and_panel()
        self._connect_controllers()
        self._connect_counts()

    def _connect_filters(self) -> None:
        """Search waits for a pause in typing; filtering 100,000 rows per key would lag."""
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(lambda: self.proxy.set_text(self.search.text()))
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.state_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_states(self.state_filter.currentData())
        )
        self.size_slider.valueChanged.connect(self.grid.set_thumb_size)

    def _connect_grid_and_panel(self) -> None:
        self.grid.selectionModel().selectionChanged.connect(
            lambda *_: self.panel_sync.on_selection_changed()
        )
        self.grid.customContextMenuRequested.connect(self._context_menu)
        self.grid.doubleClicked.connect(lambda _index: self.panel.editor.setFocus())
        self.panel.save_requested.connect(self.save_caption)
        self.panel.recaption_requested.connect(self.recaption)
        self.panel.prompt_preview_requested.connect(self.preview_prompt)

    def _connect_controllers(self) -> None:
        """Signals from worker threads go to helpers in this (the GUI) thread: queued."""
        runs, watching, folders = self.caption_runs, self.watching, self.folders
        self.runs.run_event.connect(runs.on_event)
        self.runs.progress.connect(runs.on_progress)
        self.runs.finished.connect(runs.on_finished)
        self.runs.failed_to_start.connect(runs.on_failed_to_start)
        self.watch.watch_event.connect(watching.on_event)
        self.watch.started.connect(watching.on_started)
        self.watch.stopped.connect(watching.on_stopped)
        self.watch.failed.connect(watching.on_failed)
        self.loader.failed.connect(lambda path, reason: self.model.update(path, broken=reason))
        self.folder_loader.rows_found.connect(folders.on_rows_found)
        self.folder_loader.rows_updated.connect(self._on_rows_updated)
        self.folder_loader.listing_done.connect(folders.on_listing_done)
        self.folder_loader.finished.connect(folders.on_folder_loaded)

    def _connect_counts(self) -> None:
        """The status bar's counts, recomputed once a burst of model changes settles."""
        for signal in (
            self.model.rowsInserted,
            self.model.dataChanged,
            self.proxy.layoutChanged,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
        ):
            signal.connect(self._schedule_counts)
        self._counts_timer = QTimer(self, singleShot=True, interval=150)
        self._counts_timer.timeout.connect(self._update_counts)

    # -- folders ----------------------------------------------------------------------
    @property
    def _generation(self) -> int:
        """The folder loader's generation of the folder shown now."""
        return self.folders.generation

    @_generation.setter
    def _generation(self, value: int) -> None:
        self.folders.generation = value

    def choose_folder(self) -> None:
        self.folders.choose()

    def open_folder(self, folder: Path, select: Path | None = None) -> None:
        self.folders.open(folder, select)

    def rescan(self) -> None:
        self.folders.rescan()

    def _on_rows_updated(
        self, generation: int, updates: list[tuple[Path | str, dict[str, object]]]
    ) -> None:
        self.folders.on_rows_updated(generation, updates)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if has_local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """A dropped folder opens; a dropped file opens its folder with it selected."""
        target = dropped_target(event.mimeData())
        if target is None:
            return
        if target.is_dir():
            self.open_folder(target)
        else:
            self.open_folder(target.parent, select=target)
        event.acceptProposedAction()

    # -- watching, captioning, the panel ---------------------------------------------------
    def set_watching(self, on: bool) -> None:
        self.watching.set_watching(on)

    def caption_selected(self) -> None:
        self.caption_runs.caption_selected()

    def caption_missing(self) -> None:
        self.caption_runs.caption_missing()

    def recaption(self, path: Path, preset: str) -> None:
        self.caption_runs.recaption(path, preset)

    def stop_run(self) -> None:
        self.caption_runs.stop()

    def _load_preview(self, path: Path) -> None:
        self.panel_sync.load_preview(path)

    def save_caption(self, path: Path, text: str) -> None:
        self.panel_sync.save_caption(path, text)

    def preview_prompt(self, path: Path, preset: str) -> None:
        image_commands.preview_prompt(self, path, preset)

    def copy_caption(self) -> None:
        image_commands.copy_caption(self)

    def reveal_current(self) -> None:
        image_commands.reveal_current(self)

    def open_current(self) -> None:
        image_commands.open_current(self)

    def _context_menu(self, position: QPoint) -> None:
        image_commands.show_context_menu(self, position)

    # -- settings and state ------------------------------------------------------------
    def open_settings(self) -> None:
        window_settings.open_settings(self)

    def show_about(self) -> None:
        window_settings.show_about(self)

    def show_first_run(self) -> None:
        window_settings.show_first_run(self)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def zoom(self, step: int) -> None:
        """Change the thumbnail size by ``step`` pixels (the slider clamps it)."""
        self.size_slider.setValue(self.size_slider.value() + step)

    def update_actions(self) -> None:
        """Enable what can be done now: nothing that starts a run while one runs."""
        running = self.runs.running
        has_rows = self.model.rowCount() > 0
        self.caption_selected_action.setEnabled(not running and bool(self.grid.selected_rows()))
        self.caption_missing_action.setEnabled(not running and has_rows)
        self.stop_action.setEnabled(running)
        self.panel.recaption_button.setEnabled(not running and self.panel.path is not None)

    def _schedule_counts(self, *_args: object) -> None:
        self._counts_timer.start()

    def _update_counts(self) -> None:
        self.status.show_counts(
            self.proxy.rowCount(), self.model.rowCount(), self.model.captioned_count
        )
        self.update_actions()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask before stopping a run; stop every thread; remember the layout."""
        if self.runs.running:
            answer = QMessageBox.question(
                self,
                "Stop captioning?",
                "A caption run is in progress. Stop it and quit? Finished captions are kept.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.runs.stop()
            self.runs.wait(30)
        self.watch.stop_and_wait()
        self.folder_loader.cancel()
        window_settings.save_state(self)
        self.loader.wait_idle(5000)
        event.accept()
