"""Starting the window: application object, theme, error hook, context, main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication

from desktop_app import APP_DISPLAY_NAME, APP_NAME, __version__, metadata
from desktop_app.core.logs import setup_logging
from desktop_app.core.paths import ensure_dir
from desktop_app.gui import theme, translations
from desktop_app.gui.context import AppContext
from desktop_app.gui.error_hook import ErrorReporter, install
from desktop_app.gui.help.about import app_icon
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.scripted_exit import ScriptedExit, requested_delay_ms

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(APP_NAME)
    app.setWindowIcon(QIcon.fromTheme(APP_NAME, app_icon()))
    theme.apply(app)
    return app


# Python hands the GIL between threads every 5 ms by default; the window's thread then
# waits up to that long behind a busy folder loader or thumbnail worker at each switch.
GIL_SWITCH_INTERVAL_S = 0.001


def run_gui(paths: list[str]) -> int:
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    setup_logging()
    app = create_application()
    metadata.initialize()  # exiv2's XMP toolkit, once, on the main thread
    ctx = AppContext.create()
    translations.install(app, ctx.settings.language)  # before any widget is made
    ensure_dir(ctx.dirs.log)
    reporter = ErrorReporter(ctx.log_file)
    install(reporter)
    theme.apply(app, ctx.settings.gui.theme)
    window = MainWindow(ctx)
    if (delay_ms := requested_delay_ms()) is not None:
        ScriptedExit(window, delay_ms)
    window.show()
    file_opener = FileOpenHandler(window)
    app.installEventFilter(file_opener)
    if not ctx.settings.gui.first_run_done:
        # From the event loop, after the window has painted behind it.
        QTimer.singleShot(0, window.help.show_first_run)
    if paths:
        window.folders.open_path(Path(paths[0]).expanduser())
    elif ctx.settings.gui.last_folder and Path(ctx.settings.gui.last_folder).is_dir():
        window.folders.open(Path(ctx.settings.gui.last_folder))
    code = app.exec()
    ctx.close()
    return code


class FileOpenHandler(QObject):
    """Files and folders handed over by the desktop after start-up.

    macOS does not pass a document opened with the app ("Open With", a drop on the Dock
    icon) on the command line: it sends an Apple event, which Qt delivers to the
    application as a QFileOpenEvent.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        is_file_open = event.type() == QEvent.Type.FileOpen
        if is_file_open and isinstance(event, QFileOpenEvent) and event.file():
            self._window.folders.open_path(Path(event.file()))
            return True
        return False
