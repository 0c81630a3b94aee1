"""The folders component: which folder the window shows, and listing it into the grid.

Opening a folder (the dialog, the recent-folders menu, a drop, the command line) starts
the folder loader on its own thread; its batches are passed on as signals the main
window wires to the grid. Every load gets a generation number from the loader; a batch
from an older generation (a folder the user has already left) is dropped rather than
mixed into the new grid.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QStyle, QWidget

from desktop_app.core.library import Library
from desktop_app.core.settings import Settings
from desktop_app.gui.actions import make_action
from desktop_app.gui.context import SettingsHolder, save_gui
from desktop_app.gui.folders.folder_loader import FolderLoader
from desktop_app.gui.grid.image_model import ImageRow
from desktop_app.metadata.registry import writer_ids, writer_set

Updates = list[tuple[Path | str, dict[str, object]]]


class FoldersComponent(QObject):
    """Opens folders and fills the grid from the folder loader.

    A QObject living in the GUI thread, so the loader's signals from its own thread
    are queued here.
    """

    folder_opened = Signal(object)  # Path: the grid and the panel start afresh
    rows_found = Signal(list)  # [ImageRow] of the open folder
    rows_updated = Signal(list)  # [(path, {field: value})]: captions and states found
    listing_done = Signal(object)  # every file is listed: the image to select, or None
    message = Signal(str, int)  # text, milliseconds

    def __init__(
        self,
        library: Library,
        settings: SettingsHolder,
        give_way_while: Callable[[], bool],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._give_way_while = give_way_while
        self._window = parent
        self.folder: Path | None = None
        self.generation = 0
        self._select_after_load: Path | None = None
        self.loader = FolderLoader(library)
        self.loader.rows_found.connect(self._on_rows_found)
        self.loader.rows_updated.connect(self._on_rows_updated)
        self.loader.listing_done.connect(self._on_listing_done)
        self.loader.finished.connect(self._on_folder_loaded)
        self.recent_menu = QMenu(self.tr("Recent folders"), parent)
        self.actions = self._make_actions()
        self.refresh_recent_menu()

    def _make_actions(self) -> list[QAction]:
        style, icon = self._window.style(), QStyle.StandardPixmap
        self.open_action = make_action(
            self, self.tr("Open folder…"), QKeySequence.StandardKey.Open, self.choose
        )
        self.open_action.setIcon(style.standardIcon(icon.SP_DirOpenIcon))
        self.rescan_action = make_action(
            self, self.tr("Rescan"), QKeySequence.StandardKey.Refresh, self.rescan
        )
        self.rescan_action.setIcon(style.standardIcon(icon.SP_BrowserReload))
        return [self.open_action, self.rescan_action]

    # -- opening ---------------------------------------------------------------------------
    def choose(self) -> None:
        """Ask for a folder, starting where the user already is."""
        start = str(self.folder or Path.home())
        folder = QFileDialog.getExistingDirectory(
            self._window, self.tr("Open a folder of images"), start
        )
        if folder:
            self.open(Path(folder))

    def open(self, folder: Path, select: Path | None = None) -> None:
        """Show ``folder`` (selecting ``select`` once listed); remember it as recent."""
        folder = folder.expanduser().resolve()
        if not folder.is_dir():
            QMessageBox.warning(
                self._window,
                self.tr("Cannot open folder"),
                self.tr("{folder} is not a folder.").format(folder=folder),
            )
            return
        self.folder = folder
        self._select_after_load = select
        gc.unfreeze()  # the previous folder's rows may go now
        self.folder_opened.emit(folder)
        self._start_loading(folder)
        self.message.emit(self.tr("Opening {folder}…").format(folder=folder), 3000)
        self._remember(folder)

    def open_path(self, target: Path) -> None:
        """A folder opens; an image opens its folder with the image selected."""
        if target.is_dir():
            self.open(target)
        elif target.exists():
            self.open(target.parent, select=target)
        else:
            self.message.emit(self.tr("{path} does not exist.").format(path=target), 8000)

    def open_dropped(self, mime: QMimeData) -> bool:
        """Open what was dropped on the window; False when it holds no local file."""
        target = dropped_target(mime)
        if target is None:
            return False
        self.open_path(target)
        return True

    def rescan(self) -> None:
        """Open the current folder again (new files, changed captions, settings)."""
        if self.folder is not None:
            self.open(self.folder)

    def settings_changed(self, old: Settings, new: Settings) -> None:
        """Including subfolders or not changes what the folder holds: list it again."""
        if old.gui.recursive != new.gui.recursive:
            self.rescan()

    def close(self) -> None:
        self.loader.cancel()

    def _start_loading(self, folder: Path) -> None:
        """List the folder on the loader's thread; it gives way while thumbnails decode."""
        settings = self._settings.settings
        readers = writer_set(writer_ids(), settings.write.options())
        self.generation = self.loader.load(
            folder,
            recursive=settings.gui.recursive,
            readers=readers,
            give_way_while=self._give_way_while,
        )

    def _remember(self, folder: Path) -> None:
        gui = self._settings.settings.gui.with_recent(str(folder))
        save_gui(self._settings, recent_folders=gui.recent_folders, last_folder=gui.last_folder)
        self.refresh_recent_menu()

    def refresh_recent_menu(self) -> None:
        """One menu entry per remembered folder; the menu is disabled while there are none."""
        recent = self._settings.settings.gui.recent_folders
        self.recent_menu.clear()
        for folder in recent:
            action = self.recent_menu.addAction(folder)
            action.triggered.connect(lambda _checked=False, f=folder: self.open(Path(f)))
        self.recent_menu.setEnabled(bool(recent))

    # -- the folder loader's signals ----------------------------------------------------
    def _on_rows_found(self, generation: int, rows: list[ImageRow]) -> None:
        if generation == self.generation:
            self.rows_found.emit(rows)

    def _on_rows_updated(self, generation: int, updates: Updates) -> None:
        if generation == self.generation:
            self.rows_updated.emit(updates)

    def _on_listing_done(self, generation: int, count: int) -> None:
        """Select the requested image, or the first one, once every file is listed."""
        if generation != self.generation:
            return
        if count == 0:
            self.message.emit(self.tr("No images in this folder."), 5000)
        self.listing_done.emit(self._select_after_load)

    def _on_folder_loaded(self, generation: int) -> None:
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
