"""A global exception hook: an unexpected error shows a dialog, never kills the window.

The traceback goes to the log file; the dialog says what happened, where the log is,
and that the app keeps running. Errors raised in worker threads are routed to the GUI
thread through a queued signal.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.errors import describe_exception

log = logging.getLogger(__name__)


class ErrorReporter(QObject):
    """Shows unexpected errors; lives on the GUI thread."""

    report = Signal(str, str)

    def __init__(self, log_file: Path) -> None:
        super().__init__()
        self.log_file = log_file
        self.shown: list[str] = []
        self._showing = False
        self.report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def handle(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        details = "".join(traceback.format_exception(kind, error, trace))
        log.error("unexpected error:\n%s", details)
        self.report.emit(describe_exception(error), details)

    @Slot(str, str)
    def _show(self, summary: str, details: str) -> None:
        self.shown.append(summary)
        if self._showing or QApplication.instance() is None:
            return
        self._showing = True
        try:
            box = QMessageBox(QApplication.activeWindow())
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(self.tr("Something went wrong"))
            box.setText(self.tr("An unexpected error happened: {error}").format(error=summary))
            box.setInformativeText(
                self.tr(
                    "Folder Captioner keeps running and nothing was lost. The details are "
                    "in the log:\n{log}"
                ).format(log=self.log_file)
            )
            box.setDetailedText(details)
            box.exec()
        finally:
            self._showing = False


def install(reporter: ErrorReporter) -> None:
    """Route uncaught exceptions (main and worker threads) to ``reporter``."""
    sys.excepthook = reporter.handle

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            reporter.handle(args.exc_type, args.exc_value, args.exc_traceback)

    threading.excepthook = thread_hook
