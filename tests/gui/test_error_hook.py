"""Unexpected errors show a dialog with the log path; the window keeps running."""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.gui.error_hook import ErrorReporter, install


def close_message_boxes() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            widget.done(0)


def test_errors_from_any_thread_are_shown_not_fatal(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    reporter = ErrorReporter(tmp_path / "app.log")
    install(reporter)
    texts: list[str] = []

    def capture() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                texts.append(widget.text() + widget.informativeText())
        close_message_boxes()

    timer = QTimer()
    timer.timeout.connect(capture)
    timer.start(20)
    try:
        raise ValueError("boom in a slot")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: len(reporter.shown) == 1, timeout=5_000)

    def worker() -> None:
        raise RuntimeError("boom in a worker")

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(reporter.shown) == 2, timeout=5_000)
    qtbot.waitUntil(lambda: len(texts) >= 1, timeout=5_000)
    timer.stop()
    assert "ValueError: boom in a slot" in reporter.shown[0]
    assert "RuntimeError: boom in a worker" in reporter.shown[1]
    assert str(tmp_path / "app.log") in texts[0]
