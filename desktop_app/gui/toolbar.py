"""The window's actions (shortcuts and menu items) and the toolbar that shows them.

Kept apart from the window so that the window's own module reads as wiring: what
happens, not which icon a button has or how wide the search field is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QSlider,
    QStyle,
    QToolBar,
    QWidget,
)

from desktop_app.gui.grid.image_model import DisplayState
from desktop_app.gui.panel.caption_details import source_filter

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow

STATE_FILTERS: list[tuple[str, frozenset[DisplayState]]] = [
    ("All images", frozenset()),
    ("Without caption", frozenset({DisplayState.NO_CAPTION})),
    ("With caption", frozenset({DisplayState.HAS_CAPTION, DisplayState.DONE})),
    ("Queued or captioning", frozenset({DisplayState.QUEUED, DisplayState.CAPTIONING})),
    ("Captioned now", frozenset({DisplayState.DONE})),
    ("Failed", frozenset({DisplayState.FAILED})),
]


def make_action(
    window: MainWindow,
    text: str,
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
    slot: object,
    tip: str = "",
) -> QAction:
    """An action added to the window, so its shortcut works wherever the focus is.

    The tooltip names the shortcut: toolbar buttons are how people discover them.
    """
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setToolTip(
        f"{tip or text} ({action.shortcut().toString()})" if shortcut else tip or text
    )
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def build_actions(window: MainWindow) -> None:
    """Create the window's actions (its ``*_action`` attributes) and the recent menu."""
    w = window
    w.open_action = make_action(w, "Open folder…", QKeySequence.StandardKey.Open, w.choose_folder)
    w.caption_selected_action = make_action(
        w, "Caption selected", "Ctrl+Return", w.caption_selected, "Caption the selected images"
    )
    w.caption_missing_action = make_action(
        w, "Caption all without caption", "Ctrl+Shift+Return", w.caption_missing
    )
    w.watch_action = make_action(
        w,
        "Watch folder",
        "Ctrl+Shift+W",
        w.watching.toggle,
        "Caption new images in this folder as they arrive",
    )
    w.watch_action.setCheckable(True)
    w.stop_action = make_action(
        w, "Stop", "Esc", w.stop_run, "Stop the run; finished captions are kept"
    )
    w.settings_action = make_action(
        w, "Settings…", QKeySequence.StandardKey.Preferences, w.open_settings
    )
    if w.settings_action.shortcut().isEmpty():  # no platform standard (Linux desktops)
        w.settings_action.setShortcut(QKeySequence("Ctrl+,"))
    w.rescan_action = make_action(w, "Rescan", QKeySequence.StandardKey.Refresh, w.rescan)
    w.about_action = make_action(w, "About Folder Captioner", None, w.show_about)
    w.welcome_action = make_action(w, "Where captions are made…", None, w.show_first_run)
    w.copy_action = make_action(w, "Copy caption", "Ctrl+Shift+C", w.copy_caption)
    w.reveal_action = make_action(w, "Reveal in file manager", "Ctrl+R", w.reveal_current)
    w.open_file_action = make_action(w, "Open in default app", "Ctrl+Shift+O", w.open_current)
    _build_view_actions(w)
    w.recent_menu = QMenu("Recent folders", w)


def _build_view_actions(window: MainWindow) -> None:
    """Shortcuts with no button: search and thumbnail zoom."""
    make_action(window, "Search", QKeySequence.StandardKey.Find, window.focus_search)
    make_action(
        window, "Larger thumbnails", QKeySequence.StandardKey.ZoomIn, lambda: window.zoom(+32)
    )
    make_action(
        window, "Smaller thumbnails", QKeySequence.StandardKey.ZoomOut, lambda: window.zoom(-32)
    )


def _set_icons(window: MainWindow) -> None:
    """Standard icons from the style, so the toolbar matches the desktop without assets."""
    style = window.style()
    pixmap = QStyle.StandardPixmap
    for action, icon in (
        (window.open_action, pixmap.SP_DirOpenIcon),
        (window.caption_selected_action, pixmap.SP_MediaPlay),
        (window.caption_missing_action, pixmap.SP_MediaSeekForward),
        (window.stop_action, pixmap.SP_MediaStop),
        (window.settings_action, pixmap.SP_FileDialogDetailedView),
        (window.rescan_action, pixmap.SP_BrowserReload),
    ):
        action.setIcon(style.standardIcon(icon))


def build_toolbar(window: MainWindow) -> None:
    """The one toolbar: folder, run buttons, search and filters, size, settings, help.

    Sets the window's ``search``, ``state_filter`` and ``size_slider``.
    """
    _set_icons(window)
    bar = QToolBar("Main")
    bar.setObjectName("mainToolbar")
    bar.setMovable(False)
    bar.setIconSize(QSize(18, 18))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    bar.addAction(window.open_action)
    recent = bar.addAction("Recent")
    recent.setMenu(window.recent_menu)
    bar.addSeparator()
    for action in (
        window.caption_selected_action,
        window.caption_missing_action,
        window.stop_action,
        window.watch_action,
    ):
        bar.addAction(action)
    bar.addSeparator()
    _add_filters(window, bar)
    _add_size_and_help(window, bar)
    window.addToolBar(bar)


def _add_filters(window: MainWindow, bar: QToolBar) -> None:
    """Search field, state filter and source filter."""
    window.search = QLineEdit()
    window.search.setPlaceholderText("Search names and captions  (Ctrl+F)")
    window.search.setClearButtonEnabled(True)
    window.search.setMaximumWidth(320)
    window.search.setObjectName("search")
    bar.addWidget(window.search)
    window.state_filter = QComboBox()
    window.state_filter.setObjectName("stateFilter")
    for label, states in STATE_FILTERS:
        window.state_filter.addItem(label, states)
    bar.addWidget(window.state_filter)
    bar.addWidget(source_filter(window.proxy, window))


def _add_size_and_help(window: MainWindow, bar: QToolBar) -> None:
    """Right-aligned: thumbnail size slider, settings and the help menu."""
    spacer = QWidget()
    spacer.setSizePolicy(
        spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy()
    )
    bar.addWidget(spacer)
    bar.addWidget(QLabel("Size "))
    window.size_slider = QSlider(Qt.Orientation.Horizontal)
    window.size_slider.setRange(96, 384)
    window.size_slider.setSingleStep(16)
    window.size_slider.setMaximumWidth(140)
    window.size_slider.setObjectName("sizeSlider")
    bar.addWidget(window.size_slider)
    bar.addAction(window.settings_action)
    help_menu = QMenu("Help", window)
    help_menu.addAction(window.welcome_action)
    help_menu.addAction(window.about_action)
    help_button = bar.addAction("Help")
    help_button.setMenu(help_menu)
