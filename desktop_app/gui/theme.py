"""Light and dark palettes that follow the system colour scheme.

Fusion renders the same on every platform; the palette switches when the desktop's
colour scheme changes (Qt 6.5+ reports it through the style hints).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = QColor(52, 132, 228)


def is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    palette = QPalette()
    window, base, text = QColor(37, 37, 40), QColor(28, 28, 30), QColor(230, 230, 232)
    for role, color in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, QColor(44, 44, 48)),
        (QPalette.ColorRole.ToolTipBase, QColor(50, 50, 54)),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, QColor(48, 48, 52)),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.BrightText, QColor(255, 90, 90)),
        (QPalette.ColorRole.Highlight, ACCENT),
        (QPalette.ColorRole.HighlightedText, QColor(255, 255, 255)),
        (QPalette.ColorRole.Link, QColor(110, 170, 255)),
        (QPalette.ColorRole.PlaceholderText, QColor(140, 140, 146)),
    ):
        palette.setColor(role, color)
    disabled = QPalette.ColorGroup.Disabled
    palette.setColor(disabled, QPalette.ColorRole.Text, QColor(120, 120, 126))
    palette.setColor(disabled, QPalette.ColorRole.ButtonText, QColor(120, 120, 126))
    palette.setColor(disabled, QPalette.ColorRole.WindowText, QColor(120, 120, 126))
    return palette


def light_palette() -> QPalette:
    palette = QApplication.style().standardPalette()
    palette.setColor(QPalette.ColorRole.Highlight, ACCENT)
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
    return palette


class ThemeFollower:
    """Applies the user's theme choice; with "system", follows the desktop's changes."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.preference = "system"
        app.setStyle("Fusion")
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: self.refresh())

    def set_preference(self, preference: str) -> None:
        self.preference = preference
        self.refresh()

    @property
    def dark(self) -> bool:
        if self.preference == "system":
            return is_dark()
        return self.preference == "dark"

    def refresh(self) -> None:
        self.app.setPalette(dark_palette() if self.dark else light_palette())


_follower: ThemeFollower | None = None


def apply(app: QApplication, preference: str = "system") -> ThemeFollower:
    """Use Fusion with the palette for ``preference`` (system, light or dark)."""
    global _follower  # noqa: PLW0603 - one per application
    if _follower is None or _follower.app is not app:
        _follower = ThemeFollower(app)
    _follower.set_preference(preference)
    return _follower
