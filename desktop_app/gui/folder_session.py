"""Opening a folder: the dialog, the recent-folders menu and the folder loader's batches.

Every load gets a generation number from the loader; a batch from an older generation
(a folder the user has already left) is dropped rather than mixed into the new grid.
"""

from __future__ import annotations

import dataclasses
import gc
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_app import APP_DISPLAY_NAME
from desktop_app.gui.image_model import ImageRow
from desktop_app.metadata.registry import writer_ids, writer_set

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow


class FolderSession(QObject):
    """Which folder the window shows, and filling the grid from the folder loader.

    A QObject living in the GUI thread, so the loader's signals from its own thread
    are queued here just as they were to the window.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.generation = 0
        self.select_after_load: Path | None = None

    def choose(self) -> None:
        """Ask for a folder, starting where the user already is."""
        window = self._window
        start = str(window.folder or Path.home())
        folder = QFileDialog.getExistingDirectory(window, "Open a folder of images", start)
        if folder:
            window.open_folder(Path(folder))

    def open(self, folder: Path, select: Path | None = None) -> None:
        """Show ``folder`` (selecting ``select`` once listed); remember it as recent."""
        window = self._window
        folder = folder.expanduser().resolve()
        if not folder.is_dir():
            QMessageBox.warning(window, "Cannot open folder", f"{folder} is not a folder.")
            return
        window.folder = folder
        self.select_after_load = select
        gc.unfreeze()  # the previous folder's rows may go now
        window.setWindowTitle(f"{folder.name} — {APP_DISPLAY_NAME}")
        self._clear_views()
        self._start_loading(folder)
        window.status.showMessage(f"Opening {folder}…", 3000)
        self._remember(folder)
        window.update_actions()
        if window.watch.running or window.ctx.settings.gui.watching:
            window.watch.stop()
            window.watching.start()

    def _clear_views(self) -> None:
        window = self._window
        window.model.clear()
        window.loader.clear()
        window.panel.show_row(None)

    def _start_loading(self, folder: Path) -> None:
        """List the folder on the loader's thread; it gives way while thumbnails decode."""
        window = self._window
        settings = window.ctx.settings
        readers = writer_set(writer_ids(), settings.write.options())
        self.generation = window.folder_loader.load(
            folder,
            recursive=settings.gui.recursive,
            readers=readers,
            give_way_while=lambda: window.loader.busy,
        )

    def _remember(self, folder: Path) -> None:
        ctx = self._window.ctx
        ctx.save_settings(
            dataclasses.replace(ctx.settings, gui=ctx.settings.gui.with_recent(str(folder)))
        )
        self.refresh_recent_menu()

    def rescan(self) -> None:
        """Open the current folder again (new files, changed captions, settings)."""
        if self._window.folder is not None:
            self._window.open_folder(self._window.folder)

    def refresh_recent_menu(self) -> None:
        """One menu entry per remembered folder; the menu is disabled while there are none."""
        window = self._window
        recent = window.ctx.settings.gui.recent_folders
        window.recent_menu.clear()
        for folder in recent:
            action = window.recent_menu.addAction(folder)
            action.triggered.connect(lambda _checked=False, f=folder: window.open_folder(Path(f)))
        window.recent_menu.setEnabled(bool(recent))

    # -- the folder loader's signals ----------------------------------------------------
    def on_rows_found(self, generation: int, rows: list[ImageRow]) -> None:
        if generation == self.generation:
            self._window.model.place_rows(rows)

    def on_rows_updated(
        self, generation: int, updates: list[tuple[Path | str, dict[str, object]]]
    ) -> None:
        if generation != self.generation:
            return
        window = self._window
        window.model.update_many(updates)
        shown = window.panel.path
        if shown is not None:
            # Only the panel's own image matters here (a caption or state found for it);
            # its pixels did not change, so the preview stays.
            target = str(shown)
            if any(str(path) == target for path, _ in updates):
                window.panel_sync.refresh(shown)

    def on_listing_done(self, generation: int, count: int) -> None:
        """Select the requested image, or the first one, once every file is listed,
        unless the user has chosen a row meanwhile (the folder streams)."""
        if generation != self.generation:
            return
        window = self._window
        if count == 0:
            window.status.showMessage("No images in this folder.", 5000)
        if window.grid.selectionModel().hasSelection():
            pass  # the user chose a row while the folder streamed in: it stays chosen
        elif self.select_after_load is not None:
            window.grid.select_path(self.select_after_load)
        elif window.proxy.rowCount():
            window.grid.setCurrentIndex(window.proxy.index(0, 0))
        window.update_actions()

    def on_folder_loaded(self, generation: int) -> None:
        """Take the folder's rows out of the garbage collector's way.

        A full collection walks every container object: with 100,000 rows that is a
        pause of a tenth of a second, long enough to stutter a scroll. The rows live
        until the next folder opens, so they are frozen (never scanned) until then.
        """
        if generation == self.generation:
            gc.collect()
            gc.freeze()


def has_local_files(mime: QMimeData) -> bool:
    """Whether a drag carries something this window can open."""
    return mime.hasUrls() and any(url.isLocalFile() for url in mime.urls())


def dropped_target(mime: QMimeData) -> Path | None:
    """The first local file or folder of a drop (only one folder is shown at a time)."""
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return paths[0] if paths else None
