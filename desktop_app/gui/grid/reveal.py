"""Show a file in the system's file manager, selected where the platform allows it.

Runs the platform's command asynchronously (QProcess), so a slow or missing file
manager never blocks the window; when it fails, the containing folder is opened instead.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QUrl
from PySide6.QtGui import QDesktopServices


def reveal_command(path: Path) -> list[str] | None:
    """The command that shows ``path`` selected, or None to open its folder instead."""
    if sys.platform == "darwin":
        return ["open", "-R", str(path)]
    if sys.platform == "win32":
        return ["explorer", f"/select,{path}"]
    if shutil.which("dbus-send"):
        # The freedesktop FileManager1 interface: Nautilus, Dolphin, Nemo, Caja, Thunar...
        return [
            "dbus-send",
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.FileManager1",
            "/org/freedesktop/FileManager1",
            "org.freedesktop.FileManager1.ShowItems",
            f"array:string:{path.as_uri()}",
            "string:",
        ]
    return None


def open_folder_of(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def reveal_in_file_manager(path: Path, parent: QObject) -> QProcess | None:
    command = reveal_command(path)
    if command is None:
        open_folder_of(path)
        return None
    process = QProcess(parent)

    def finished(code: int, _status: QProcess.ExitStatus) -> None:
        if code != 0:
            open_folder_of(path)
        process.deleteLater()

    def failed(_error: QProcess.ProcessError) -> None:
        open_folder_of(path)
        process.deleteLater()

    process.finished.connect(finished)
    process.errorOccurred.connect(failed)
    process.start(command[0], command[1:])
    return process
