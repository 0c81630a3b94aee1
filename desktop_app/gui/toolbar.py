"""The window's one toolbar: folder and run buttons, then settings and help.

The buttons are the components' own actions and widgets; this module only arranges
them, so the main window reads as wiring rather than icon sizes and spacers.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSizePolicy, QToolBar, QWidget


def build_toolbar(
    *,
    folder: Sequence[QAction],
    recent: QMenu,
    runs: Sequence[QAction],
    settings: QAction,
    help_menu: QMenu,
) -> QToolBar:
    """Left: what to open and what to run; right: settings and help."""
    translate = QCoreApplication.translate
    bar = QToolBar(translate("Toolbar", "Main"))
    bar.setObjectName("mainToolbar")
    bar.setMovable(False)
    bar.setIconSize(QSize(18, 18))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    bar.addActions(list(folder))
    bar.addAction(translate("Toolbar", "Recent")).setMenu(recent)
    bar.addSeparator()
    bar.addActions(list(runs))
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    bar.addWidget(spacer)
    bar.addAction(settings)
    bar.addAction(translate("Toolbar", "Help")).setMenu(help_menu)
    return bar
