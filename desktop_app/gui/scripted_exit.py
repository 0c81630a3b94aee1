"""A hidden switch for installer checks: open, show the window, then quit cleanly.

``FOLDER_CAPTIONER_EXIT_AFTER_MS=N folder-captioner`` starts the window as usual,
writes ``folder-captioner: window shown`` to standard error when the main window has
painted for the first time, waits N ms, closes whatever dialog is open (the first-run
screen on a fresh install), then closes the window through its normal close path
(settings saved, workers stopped) so the exit status means what it says. The packaging
smoke test and the cold-start measurement (packaging/installers/smoke.py) use it; users
never need it, so it is an environment variable rather than a documented option.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow

EXIT_AFTER_ENV = "FOLDER_CAPTIONER_EXIT_AFTER_MS"
SHOWN_LINE = "folder-captioner: window shown"


def requested_delay_ms() -> int | None:
    """The delay asked for in the environment, or None for a normal session."""
    value = os.environ.get(EXIT_AFTER_ENV, "").strip()
    if not value:
        return None
    try:
        return max(0, int(value))
    except ValueError:
        print(f"folder-captioner: ignoring {EXIT_AFTER_ENV}={value!r}", file=sys.stderr)
        return None


class ScriptedExit(QObject):
    """Watches the window's first paint, then schedules the exit."""

    def __init__(self, window: QMainWindow, delay_ms: int) -> None:
        super().__init__(window)
        self._window = window
        self._delay_ms = delay_ms
        self._shown = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._shown and watched is self._window and event.type() == QEvent.Type.Paint:
            self._shown = True
            print(SHOWN_LINE, file=sys.stderr, flush=True)
            QTimer.singleShot(self._delay_ms, self._close_all)
        return False

    def _close_all(self) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            print(f"folder-captioner: closing {dialog.windowTitle()!r}", file=sys.stderr)
            dialog.reject()
            QTimer.singleShot(0, self._close_all)  # after its exec() has returned
            return
        self._window.close()
