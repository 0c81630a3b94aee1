"""Actions: one command with its text, shortcut and tooltip, shown in menus and bars.

Each component makes its own actions (parented to itself); the main window adds them
all to itself so that their shortcuts work wherever the focus is.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None


def make_action(
    parent: QObject,
    text: str,
    shortcut: Shortcut,
    slot: Callable[[], object],
    tip: str = "",
) -> QAction:
    """An action whose tooltip names its shortcut: buttons are how people find them."""
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{tip or text} ({keys})" if keys else tip or text)
    action.triggered.connect(lambda _checked=False: slot())
    return action
