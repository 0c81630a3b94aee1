"""The main window: its components, laid out, and the wiring between them.

Each component creates and owns its widgets and takes the services it uses in its
constructor; none of them knows the others or this window. They talk through typed
signals, connected below, so one can be changed (or tested) without knowing the rest.

    grid      GridComponent      thumbnails, filters, copy/reveal/open
    panel     PanelComponent     preview, caption editor, history
    runs      RunsComponent      caption runs and the status bar
    folders   FoldersComponent   opening folders, listing them into the grid
    watching  WatchComponent     watching the open folder
    settings  SettingsComponent  the settings dialog
    help      HelpComponent      first-run choice, About
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMainWindow, QSplitter

from desktop_app import APP_DISPLAY_NAME
from desktop_app.gui import window_state
from desktop_app.gui.context import AppContext
from desktop_app.gui.folders.component import FoldersComponent, has_local_files
from desktop_app.gui.folders.watching import WatchComponent
from desktop_app.gui.grid.component import GridComponent
from desktop_app.gui.help.component import HelpComponent
from desktop_app.gui.panel.component import PanelComponent
from desktop_app.gui.runs.component import RunsComponent
from desktop_app.gui.settings.component import SettingsComponent
from desktop_app.gui.toolbar import build_toolbar


class MainWindow(QMainWindow):
    """One folder's images in a grid, the selected one's caption beside it."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(APP_DISPLAY_NAME)
        self.setAcceptDrops(True)
        self.resize(1280, 820)
        self.grid = GridComponent(ctx.thumbnails, self)
        self.panel = PanelComponent(ctx.library, ctx.background, ctx, self.grid, self)
        self.runs = RunsComponent(ctx.library, ctx.secrets, ctx, self.grid, self)
        grid = self.grid  # read from the folder loader's thread: only its busy flag
        self.folders = FoldersComponent(ctx.library, ctx, lambda: grid.busy, self)
        self.watching = WatchComponent(ctx.library, ctx.background, ctx.secrets, ctx, self)
        self.settings = SettingsComponent(ctx, ctx.background, ctx.secrets, self)
        self.help = HelpComponent(ctx, ctx.background, ctx.secrets, self)
        self._lay_out()
        self._wire()
        window_state.restore(self, self.splitter, ctx.settings.gui)
        self.grid.set_thumb_size(ctx.settings.gui.thumbnail_size)
        self.panel.refresh_presets()
        self.runs.status.showMessage(
            self.tr("Open a folder (Ctrl+O) or drop one on the window to begin.")
        )

    def _lay_out(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.grid.widget)
        self.splitter.addWidget(self.panel.view)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.setCentralWidget(self.splitter)
        self.setStatusBar(self.runs.status)
        parts = (self.folders, self.runs, self.watching, self.grid, self.settings, self.help)
        for component in parts:
            self.addActions(component.actions)
        self.addToolBar(
            build_toolbar(
                folder=[self.folders.open_action],
                recent=self.folders.recent_menu,
                runs=[*self.runs.actions, self.watching.watch_action],
                settings=self.settings.settings_action,
                help_menu=self.help.menu,
            )
        )

    def _wire(self) -> None:
        grid, panel, runs, folders, watching = (
            self.grid,
            self.panel,
            self.runs,
            self.folders,
            self.watching,
        )
        status = runs.status
        # The grid: what is selected, how many there are.
        grid.selection_changed.connect(panel.show_selection)
        grid.selection_changed.connect(lambda _rows: runs.update_actions())
        grid.counts_changed.connect(status.show_counts)
        grid.counts_changed.connect(lambda *_counts: runs.update_actions())
        grid.activated.connect(panel.focus_editor)
        grid.message.connect(status.showMessage)
        grid.commands.set_menu_actions([runs.caption_selected_action, *grid.commands.actions])
        # The panel: an edited caption, a request to caption again.
        panel.caption_edited.connect(grid.mark_edited)
        panel.recaption_requested.connect(runs.recaption)
        # Runs: cells change as the run goes; the panel follows its image.
        runs.images_changed.connect(grid.update_rows)
        runs.caption_finished.connect(panel.refresh)
        runs.run_ended.connect(grid.settle_unfinished)
        runs.running_changed.connect(panel.set_running)
        # Folders: a new folder empties the views; its rows arrive in batches.
        folders.folder_opened.connect(self._show_folder)
        folders.folder_opened.connect(lambda _folder: grid.clear())
        folders.folder_opened.connect(lambda _folder: panel.clear())
        folders.folder_opened.connect(watching.follow)
        folders.rows_found.connect(grid.add_rows)
        folders.rows_updated.connect(grid.update_rows)
        folders.rows_updated.connect(panel.refresh_updated)
        folders.listing_done.connect(grid.select_listed)
        folders.message.connect(status.showMessage)
        # Watching: files come and go; the watcher's captions look like a run's.
        watching.image_found.connect(grid.add_image)
        watching.image_moved.connect(grid.move_image)
        watching.image_removed.connect(grid.remove_image)
        watching.images_changed.connect(grid.update_rows)
        watching.run_event.connect(runs.show_event)
        watching.status_changed.connect(status.show_watch)
        watching.message.connect(status.showMessage)
        # Settings and help.
        self.settings.settings_changed.connect(lambda _old, _new: panel.refresh_presets())
        self.settings.settings_changed.connect(folders.settings_changed)
        self.help.settings_wanted.connect(self.settings.open)

    def _show_folder(self, folder: Path) -> None:
        self.setWindowTitle(
            self.tr("{folder} — {app}").format(folder=folder.name, app=APP_DISPLAY_NAME)
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if has_local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """A dropped folder opens; a dropped file opens its folder with it selected."""
        if self.folders.open_dropped(event.mimeData()):
            event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask before stopping a run; stop every thread; remember the layout."""
        if not self.runs.confirm_close():
            event.ignore()
            return
        self.watching.close()
        self.folders.close()
        window_state.save(self.ctx, self, self.splitter, self.grid.thumb_size)
        self.grid.close()
        event.accept()
