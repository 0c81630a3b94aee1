"""The main window: toolbar, thumbnail grid, caption panel, status bar."""

from __future__ import annotations

import base64
import dataclasses
import gc
from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSlider,
    QSplitter,
    QStyle,
    QToolBar,
    QWidget,
)

from desktop_app import APP_DISPLAY_NAME
from desktop_app.backends import runware
from desktop_app.core import captioning
from desktop_app.core.captioning import Overrides
from desktop_app.core.editing import save_edited_caption
from desktop_app.core.events import (
    ImageCaptioned,
    ImageFailed,
    ImageSent,
    ImageSkipped,
    RunEvent,
    RunStarted,
    RunSummary,
)
from desktop_app.core.prompts import all_presets
from desktop_app.core.scan import ImageFile, image_file
from desktop_app.core.thumbnails import Thumbnail, make_thumbnail
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
from desktop_app.errors import CaptionerError
from desktop_app.gui import theme
from desktop_app.gui.about import AboutDialog
from desktop_app.gui.caption_details import source_filter
from desktop_app.gui.caption_panel import PREVIEW_SIZE, CaptionPanel
from desktop_app.gui.context import AppContext
from desktop_app.gui.filter_model import ImageFilterProxy
from desktop_app.gui.first_run import FirstRunDialog
from desktop_app.gui.folder_loader import FolderLoader
from desktop_app.gui.grid import ThumbnailGrid
from desktop_app.gui.image_model import DisplayState, ImageListModel, ImageRow
from desktop_app.gui.prompt_preview import PromptPreviewDialog
from desktop_app.gui.reveal import reveal_in_file_manager
from desktop_app.gui.run_controller import Progress, RunController, summary_text
from desktop_app.gui.settings_dialog import SettingsDialog
from desktop_app.gui.status_bar import StatusBar
from desktop_app.gui.thumbnail_loader import ThumbnailLoader, to_qimage
from desktop_app.gui.watch_controller import WatchController
from desktop_app.metadata.registry import writer_ids, writer_set

STATE_FILTERS: list[tuple[str, frozenset[DisplayState]]] = [
    ("All images", frozenset()),
    ("Without caption", frozenset({DisplayState.NO_CAPTION})),
    ("With caption", frozenset({DisplayState.HAS_CAPTION, DisplayState.DONE})),
    ("Queued or captioning", frozenset({DisplayState.QUEUED, DisplayState.CAPTIONING})),
    ("Captioned now", frozenset({DisplayState.DONE})),
    ("Failed", frozenset({DisplayState.FAILED})),
]


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.folder: Path | None = None
        self.setWindowTitle(APP_DISPLAY_NAME)
        self.setAcceptDrops(True)
        self.resize(1280, 820)
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
        self._generation = 0
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.grid)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.setCentralWidget(self.splitter)
        self._build_actions()
        self._build_toolbar()
        self._connect()
        self._restore_state()
        self._refresh_presets()
        self._update_actions()
        self._show_empty_hint()

    # -- construction -----------------------------------------------------------------
    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot: object,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(
            f"{tip or text} ({action.shortcut().toString()})" if shortcut else tip or text
        )
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.open_action = self._action(
            "Open folder…", QKeySequence.StandardKey.Open, self.choose_folder
        )
        self.caption_selected_action = self._action(
            "Caption selected", "Ctrl+Return", self.caption_selected, "Caption the selected images"
        )
        self.caption_missing_action = self._action(
            "Caption all without caption", "Ctrl+Shift+Return", self.caption_missing
        )
        self.watch_action = self._action(
            "Watch folder",
            "Ctrl+Shift+W",
            self._toggle_watch,
            "Caption new images in this folder as they arrive",
        )
        self.watch_action.setCheckable(True)
        self.stop_action = self._action(
            "Stop", "Esc", self.stop_run, "Stop the run; finished captions are kept"
        )
        self.settings_action = self._action(
            "Settings…", QKeySequence.StandardKey.Preferences, self.open_settings
        )
        if self.settings_action.shortcut().isEmpty():
            self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.rescan_action = self._action("Rescan", QKeySequence.StandardKey.Refresh, self.rescan)
        self.about_action = self._action("About Folder Captioner", None, self.show_about)
        self.welcome_action = self._action("Where captions are made…", None, self.show_first_run)
        self.copy_action = self._action("Copy caption", "Ctrl+Shift+C", self.copy_caption)
        self.reveal_action = self._action("Reveal in file manager", "Ctrl+R", self.reveal_current)
        self.open_file_action = self._action(
            "Open in default app", "Ctrl+Shift+O", self.open_current
        )
        self._action("Search", QKeySequence.StandardKey.Find, self._focus_search)
        self._action("Larger thumbnails", QKeySequence.StandardKey.ZoomIn, lambda: self._zoom(+32))
        self._action(
            "Smaller thumbnails", QKeySequence.StandardKey.ZoomOut, lambda: self._zoom(-32)
        )
        self.recent_menu = QMenu("Recent folders", self)

    def _set_icons(self) -> None:
        style = self.style()
        pixmap = QStyle.StandardPixmap
        for action, icon in (
            (self.open_action, pixmap.SP_DirOpenIcon),
            (self.caption_selected_action, pixmap.SP_MediaPlay),
            (self.caption_missing_action, pixmap.SP_MediaSeekForward),
            (self.stop_action, pixmap.SP_MediaStop),
            (self.settings_action, pixmap.SP_FileDialogDetailedView),
            (self.rescan_action, pixmap.SP_BrowserReload),
        ):
            action.setIcon(style.standardIcon(icon))

    def _build_toolbar(self) -> None:
        self._set_icons()
        bar = QToolBar("Main")
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setIconSize(QSize(18, 18))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addAction(self.open_action)
        recent = bar.addAction("Recent")
        recent.setMenu(self.recent_menu)
        bar.addSeparator()
        bar.addAction(self.caption_selected_action)
        bar.addAction(self.caption_missing_action)
        bar.addAction(self.stop_action)
        bar.addAction(self.watch_action)
        bar.addSeparator()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search names and captions  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(320)
        self.search.setObjectName("search")
        bar.addWidget(self.search)
        self.state_filter = QComboBox()
        self.state_filter.setObjectName("stateFilter")
        for label, states in STATE_FILTERS:
            self.state_filter.addItem(label, states)
        bar.addWidget(self.state_filter)
        bar.addWidget(source_filter(self.proxy, self))
        spacer = QWidget()
        spacer.setSizePolicy(
            spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy()
        )
        bar.addWidget(spacer)
        bar.addWidget(QLabel("Size "))
        self.size_slider = QSlider(Qt.Orientation.Horizontal)
        self.size_slider.setRange(96, 384)
        self.size_slider.setSingleStep(16)
        self.size_slider.setMaximumWidth(140)
        self.size_slider.setObjectName("sizeSlider")
        bar.addWidget(self.size_slider)
        bar.addAction(self.settings_action)
        help_menu = QMenu("Help", self)
        help_menu.addAction(self.welcome_action)
        help_menu.addAction(self.about_action)
        help_button = bar.addAction("Help")
        help_button.setMenu(help_menu)
        self.addToolBar(bar)

    def _connect(self) -> None:
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(lambda: self.proxy.set_text(self.search.text()))
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.state_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_states(self.state_filter.currentData())
        )
        self.size_slider.valueChanged.connect(self.grid.set_thumb_size)
        self.grid.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.grid.customContextMenuRequested.connect(self._context_menu)
        self.grid.doubleClicked.connect(lambda _index: self.panel.editor.setFocus())
        self.panel.save_requested.connect(self.save_caption)
        self.panel.recaption_requested.connect(self.recaption)
        self.panel.prompt_preview_requested.connect(self.preview_prompt)
        self.runs.run_event.connect(self._on_run_event)
        self.runs.progress.connect(self._on_progress)
        self.runs.finished.connect(self._on_run_finished)
        self.runs.failed_to_start.connect(self._on_run_failed_to_start)
        self.watch.watch_event.connect(self._on_watch_event)
        self.watch.started.connect(self._on_watch_started)
        self.watch.stopped.connect(lambda: self.status.watch_label.setText(""))
        self.watch.failed.connect(self._on_watch_failed)
        self.loader.failed.connect(lambda path, reason: self.model.update(path, broken=reason))
        self.folder_loader.rows_found.connect(self._on_rows_found)
        self.folder_loader.rows_updated.connect(self._on_rows_updated)
        self.folder_loader.listing_done.connect(self._on_listing_done)
        self.folder_loader.finished.connect(self._on_folder_loaded)
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

    def _restore_state(self) -> None:
        gui = self.ctx.settings.gui
        if gui.window_geometry:
            self.restoreGeometry(QByteArray(base64.b64decode(gui.window_geometry)))
        if gui.splitter_state:
            self.splitter.restoreState(QByteArray(base64.b64decode(gui.splitter_state)))
        else:
            self.splitter.setSizes([780, 500])
        self.size_slider.setValue(gui.thumbnail_size)
        self.grid.set_thumb_size(gui.thumbnail_size)
        self._refresh_recent_menu()

    # -- folders --------------------------------------------------------------------------
    def choose_folder(self) -> None:
        start = str(self.folder or Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of images", start)
        if folder:
            self.open_folder(Path(folder))

    def open_folder(self, folder: Path, select: Path | None = None) -> None:
        folder = folder.expanduser().resolve()
        if not folder.is_dir():
            QMessageBox.warning(self, "Cannot open folder", f"{folder} is not a folder.")
            return
        self.folder = folder
        self._select_after_load = select
        gc.unfreeze()  # the previous folder's rows may go now
        self.setWindowTitle(f"{folder.name} — {APP_DISPLAY_NAME}")
        self.model.clear()
        self.loader.clear()
        self.panel.show_row(None)
        recursive = self.ctx.settings.gui.recursive
        readers = writer_set(writer_ids(), self.ctx.settings.write.options())
        self._generation = self.folder_loader.load(
            folder,
            recursive=recursive,
            readers=readers,
            give_way_while=lambda: self.loader.busy,
        )
        self.status.showMessage(f"Opening {folder}…", 3000)
        self.ctx.save_settings(
            dataclasses.replace(
                self.ctx.settings, gui=self.ctx.settings.gui.with_recent(str(folder))
            )
        )
        self._refresh_recent_menu()
        self._update_actions()
        if self.watch.running or self.ctx.settings.gui.watching:
            self.watch.stop()
            self._start_watching()

    def rescan(self) -> None:
        if self.folder is not None:
            self.open_folder(self.folder)

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        for folder in self.ctx.settings.gui.recent_folders:
            action = self.recent_menu.addAction(folder)
            action.triggered.connect(lambda _checked=False, f=folder: self.open_folder(Path(f)))
        self.recent_menu.setEnabled(bool(self.ctx.settings.gui.recent_folders))

    def _on_rows_found(self, generation: int, rows: list[ImageRow]) -> None:
        if generation == self._generation:
            self.model.append_rows(rows)

    def _on_rows_updated(
        self, generation: int, updates: list[tuple[Path | str, dict[str, object]]]
    ) -> None:
        if generation != self._generation:
            return
        self.model.update_many(updates)
        shown = self.panel.path
        if shown is not None:
            # Only the panel's own image matters here (a caption or state found for it);
            # its pixels did not change, so the preview stays.
            target = str(shown)
            if any(str(path) == target for path, _ in updates):
                self._refresh_panel(shown)

    def _on_listing_done(self, generation: int, count: int) -> None:
        if generation != self._generation:
            return
        if count == 0:
            self.status.showMessage("No images in this folder.", 5000)
        select = getattr(self, "_select_after_load", None)
        if select is not None:
            self.grid.select_path(select)
        elif self.proxy.rowCount() and not self.grid.currentIndex().isValid():
            self.grid.setCurrentIndex(self.proxy.index(0, 0))
        self._update_actions()

    def _on_folder_loaded(self, generation: int) -> None:
        """Take the folder's rows out of the garbage collector's way.

        A full collection walks every container object: with 100,000 rows that is a
        pause of a tenth of a second, long enough to stutter a scroll. The rows live
        until the next folder opens, so they are frozen (never scanned) until then.
        """
        if generation == self._generation:
            gc.collect()
            gc.freeze()

    def _show_empty_hint(self) -> None:
        self.status.showMessage("Open a folder (Ctrl+O) or drop one on the window to begin.")

    # -- watching --------------------------------------------------------------------------
    def _toggle_watch(self) -> None:
        self.set_watching(self.watch_action.isChecked())

    def set_watching(self, on: bool) -> None:
        gui = dataclasses.replace(self.ctx.settings.gui, watching=on)
        self.ctx.save_settings(dataclasses.replace(self.ctx.settings, gui=gui))
        if on:
            self._start_watching()
        else:
            self.watch.stop()
            self.status.watch_label.setText("")

    def _start_watching(self) -> None:
        if self.folder is None or self.watch.running:
            return
        self.watch_action.setChecked(True)
        self.status.watch_label.setText("Starting to watch…")
        self.watch.start([self.folder], self.ctx.settings)

    def _on_watch_started(self, roots: tuple[Path, ...]) -> None:
        names = ", ".join(root.name for root in roots)
        self.status.watch_label.setText(f"Watching {names}")
        self.status.showMessage("New images in this folder are captioned as they arrive.", 6000)

    def _on_watch_failed(self, message: str) -> None:
        self.watch_action.setChecked(False)
        self.status.watch_label.setText("")
        QMessageBox.warning(self, "Cannot watch this folder", message)

    def _on_watch_event(self, event: object) -> None:
        if isinstance(event, ImageDetected | ImageQueued):
            self._ensure_row(event.path)
            if isinstance(event, ImageQueued):
                self.model.update(event.path, state=DisplayState.QUEUED, error="")
        elif isinstance(event, ImageMoved):
            row = self.model.row_data(event.old)
            self.model.remove_path(event.old)
            self._ensure_row(event.new, caption=row.caption if row else "")
        elif isinstance(event, JobDropped):
            if not event.path.exists():
                self.model.remove_path(event.path)
            else:
                self.model.update(event.path, state=DisplayState.NO_CAPTION)
        elif isinstance(event, QueueBlocked):
            self.status.watch_label.setText(f"Watching paused: {event.reason}")
        elif isinstance(event, FolderUnavailable):
            self.status.watch_label.setText(f"{event.root.name} is not available: {event.reason}")
        elif isinstance(event, FolderWatched):
            how = "polling" if event.polling else "watching"
            self.status.watch_label.setText(f"{how.capitalize()} {event.root.name}")
        elif isinstance(event, QueueIdle):
            self.status.watch_label.setText(
                f"Watching {self.folder.name if self.folder else ''}: up to date"
            )
        elif isinstance(event, ImageSent | ImageCaptioned | ImageFailed | ImageSkipped):
            self._on_run_event(event)

    def _ensure_row(self, path: Path, caption: str = "") -> None:
        """A file that appeared while watching gets its cell (when it is in this folder)."""
        if self.model.row_of(path) is not None or self.folder is None:
            return
        if self.folder not in path.parents:
            return
        image = image_file(path) if path.exists() else None
        if image is not None:
            state = DisplayState.HAS_CAPTION if caption else DisplayState.NO_CAPTION
            self.model.append_rows(
                [ImageRow(image.path, image.kind, image.size, image.mtime_ns, state, caption)]
            )

    # -- drag and drop ------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            return
        target = paths[0]
        if target.is_dir():
            self.open_folder(target)
        else:
            self.open_folder(target.parent, select=target)
        event.acceptProposedAction()

    # -- selection and the panel ---------------------------------------------------------------
    def _selection_changed(self) -> None:
        rows = self.grid.selected_rows()
        current = rows[0] if len(rows) == 1 else None
        if current is None and not rows:
            current = None
        if current is not None and current.path == self.panel.path and not self.panel.dirty:
            self._refresh_panel(current.path)
            return
        if current is not None and current.path == self.panel.path:
            return
        self.panel.show_row(current, selected_count=len(rows))
        if current is not None:
            self._load_preview(current.path)
            self._load_history(current.path)
        self._update_actions()

    def _load_preview(self, path: Path) -> None:
        def load() -> QImage:
            return to_qimage_from_pil(path)

        self.ctx.background.submit(
            load,
            lambda image: self.panel.show_preview(path, image),
            lambda message: self.panel.show_preview(path, None, message),
        )

    def _load_history(self, path: Path) -> None:
        library = self.ctx.library

        def load() -> list[object]:
            record = library.image_by_path(path)
            return list(library.history(record.id)) if record else []

        self.ctx.background.submit(load, lambda records: self.panel.show_history(path, records))

    def _refresh_presets(self) -> None:
        prompts = self.ctx.settings.prompts
        self.panel.set_presets(all_presets(prompts.user_presets), prompts.preset)

    # -- captioning -----------------------------------------------------------------------------
    def _images_for(self, rows: list[ImageRow]) -> list[ImageFile]:
        return [ImageFile(r.path, r.kind, r.size, r.mtime_ns) for r in rows]

    def caption_selected(self) -> None:
        rows = self.grid.selected_rows()
        self._start_run(rows, Overrides(overwrite=True))

    def caption_missing(self) -> None:
        wanted = {DisplayState.NO_CAPTION, DisplayState.FAILED}
        rows = [row for row in self.model.rows() if row.state in wanted]
        if not rows:
            self.status.showMessage("Every image already has a caption.", 4000)
            return
        self._start_run(rows, Overrides())

    def recaption(self, path: Path, preset: str) -> None:
        row = self.model.row_data(path)
        if row is not None:
            self._start_run([row], Overrides(preset=preset, overwrite=True))

    def _start_run(self, rows: list[ImageRow], overrides: Overrides) -> None:
        if self.runs.running or not rows:
            return
        self.model.update_many((r.path, {"state": DisplayState.QUEUED, "error": ""}) for r in rows)
        self.status.run_started(len(rows))
        self.runs.start(self._images_for(rows), self.ctx.settings, overrides)
        self._update_actions()

    def stop_run(self) -> None:
        if self.runs.running:
            self.runs.stop()
            self.status.run_label.setText("Stopping… finished captions are kept")

    def _on_run_event(self, event: RunEvent) -> None:
        if isinstance(event, ImageSent):
            self.model.update(event.path, state=DisplayState.CAPTIONING)
        elif isinstance(event, ImageCaptioned):
            self.model.update(
                event.path,
                state=DisplayState.DONE,
                caption=event.text,
                cost=event.cost,
                error="",
                source="generated",
            )
        elif isinstance(event, ImageFailed):
            self.model.update(
                event.path, state=DisplayState.FAILED, error=event.error.user_message()
            )
        elif isinstance(event, ImageSkipped):
            self.model.update(event.path, state=DisplayState.HAS_CAPTION)
        elif isinstance(event, RunStarted):
            self.status.run_started(event.total)
        if isinstance(event, ImageCaptioned | ImageFailed) and event.path == self.panel.path:
            self._refresh_panel(event.path)

    def _refresh_panel(self, path: Path) -> None:
        """Show the panel's image's new caption, state and history.

        The preview is not decoded again: writing a caption never changes the pixels,
        and decoding a 24-megapixel photo for nothing would compete with the thumbnails.
        """
        row = self.model.row_data(path)
        if row is not None and not self.panel.dirty:
            self.panel.show_facts(row)
            self._load_history(path)

    def _on_progress(self, progress: Progress) -> None:
        self.status.run_progress(progress)

    def _on_run_finished(self, summary: RunSummary) -> None:
        # images the run never reached go back to how they were
        for row in self.model.rows():
            if row.state in (DisplayState.QUEUED, DisplayState.CAPTIONING):
                self.model.update(
                    row.path,
                    state=DisplayState.HAS_CAPTION if row.caption else DisplayState.NO_CAPTION,
                )
        self.status.run_finished(summary_text(summary))
        if summary.stopped_reason:
            QMessageBox.warning(self, "Captioning stopped", summary.stopped_reason)
        self._update_actions()

    def _on_run_failed_to_start(self, message: str) -> None:
        self._on_run_finished(RunSummary(0, 0, 0, 0, 0, 0.0, 0.0))
        self.status.run_finished("Could not start")
        QMessageBox.warning(self, "Cannot caption", message)

    # -- editing -----------------------------------------------------------------------------------
    def save_caption(self, path: Path, text: str) -> None:
        settings = self.ctx.settings
        writers = captioning.build_writers(settings)
        library = self.ctx.library
        self.panel.set_status("Saving…")

        def done(_report: object) -> None:
            self.model.update(
                path, caption=text, state=DisplayState.DONE, error="", source="edited"
            )
            self.panel.mark_saved(path, text)
            self.panel.set_status(f"Saved to {', '.join(writers.ids)}.")
            self._load_history(path)

        def failed(message: str) -> None:
            self.panel.set_status("")
            QMessageBox.warning(self, "The caption was not saved", message)

        content = settings.content
        language = content.languages[0] if content.languages else None
        self.ctx.background.submit(
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

    def preview_prompt(self, path: Path, preset: str) -> None:
        """The prompt this image would be sent (issue 8), in a dialog of its own."""
        PromptPreviewDialog(self.ctx.settings, self.ctx.background, path, preset, self).show()

    def copy_caption(self) -> None:
        rows = self.grid.selected_rows()
        text = "\n\n".join(row.caption for row in rows if row.caption)
        if text:
            QGuiApplication.clipboard().setText(text)
            self.status.showMessage("Caption copied.", 2000)

    def reveal_current(self) -> None:
        row = self.grid.current_row()
        if row is not None:
            reveal_in_file_manager(row.path, self)

    def open_current(self) -> None:
        row = self.grid.current_row()
        if row is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(row.path)))

    def _context_menu(self, position: QPoint) -> None:
        if not self.grid.indexAt(position).isValid():
            return
        menu = QMenu(self)
        for action in (
            self.caption_selected_action,
            self.copy_action,
            self.reveal_action,
            self.open_file_action,
        ):
            menu.addAction(action)
        menu.exec(self.grid.viewport().mapToGlobal(position))

    # -- settings and state ------------------------------------------------------------------
    def open_settings(self) -> None:
        dialog = SettingsDialog(self.ctx.settings, self.ctx.background, self.ctx.secrets, self)
        if dialog.exec():
            old_recursive = self.ctx.settings.gui.recursive
            self.ctx.save_settings(dialog.result_settings())
            self._refresh_presets()
            theme.apply(QApplication.instance(), self.ctx.settings.gui.theme)  # type: ignore[arg-type]
            if self.ctx.settings.gui.recursive != old_recursive:
                self.rescan()

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def show_about(self) -> None:
        AboutDialog(self, self.ctx.background).exec()

    def show_first_run(self) -> None:
        dialog = FirstRunDialog(self)
        accepted = bool(dialog.exec())
        settings = self.ctx.settings
        if accepted:
            settings = dataclasses.replace(settings, backend=dialog.backend)
            if dialog.api_key:
                try:
                    self.ctx.secrets.set_secret(runware.API_KEY_SECRET, dialog.api_key)
                except CaptionerError as error:
                    QMessageBox.warning(self, "The key was not saved", error.user_message())
        gui = dataclasses.replace(settings.gui, first_run_done=True)
        self.ctx.save_settings(dataclasses.replace(settings, gui=gui))
        if accepted and dialog.backend != "cloud":
            self.open_settings()

    def _zoom(self, step: int) -> None:
        self.size_slider.setValue(self.size_slider.value() + step)

    def _update_actions(self) -> None:
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
        self._update_actions()

    def closeEvent(self, event: QCloseEvent) -> None:
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
        gui = dataclasses.replace(
            self.ctx.settings.gui,
            thumbnail_size=self.grid.thumb_size,
            window_geometry=base64.b64encode(bytes(self.saveGeometry().data())).decode(),
            splitter_state=base64.b64encode(bytes(self.splitter.saveState().data())).decode(),
        )
        self.ctx.save_settings(dataclasses.replace(self.ctx.settings, gui=gui))
        self.loader.wait_idle(5000)
        event.accept()


def to_qimage_from_pil(path: Path) -> QImage:
    """A large preview, decoded off the GUI thread."""
    image = make_thumbnail(path, PREVIEW_SIZE)
    return to_qimage(Thumbnail(image.width, image.height, image.tobytes()))
