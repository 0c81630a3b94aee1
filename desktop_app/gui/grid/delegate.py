"""Paints a grid cell: the thumbnail (or a placeholder / broken tile), the name, a badge."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop_app.gui.grid.image_model import DisplayState, ImageRow, Roles
from desktop_app.gui.grid.thumbnail_loader import ThumbnailLoader

BADGES: dict[DisplayState, tuple[str, str]] = {
    # state: (fill colour, glyph); image_model.state_name says what it means in words
    DisplayState.NO_CAPTION: ("#8a8a90", ""),
    DisplayState.HAS_CAPTION: ("#3b82f6", "T"),
    DisplayState.QUEUED: ("#d97706", "…"),
    DisplayState.CAPTIONING: ("#8b5cf6", "↻"),
    DisplayState.DONE: ("#16a34a", "✓"),
    DisplayState.FAILED: ("#dc2626", "!"),
}
NAME_HEIGHT = 22
ELIDED_CACHE = 20_000
PADDING = 6


class ThumbnailDelegate(QStyledItemDelegate):
    def __init__(self, loader: ThumbnailLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.thumb_size = 160
        self._badges: dict[tuple[DisplayState, int, float, str], QImage] = {}
        # Names as the cells show them (elided to the cell's width), measured once.
        self._elided: dict[tuple[str, int], str] = {}

    def set_thumb_size(self, size: int) -> None:
        self.thumb_size = size
        self._elided.clear()
        self.loader.set_size(size)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        side = self.thumb_size + 2 * PADDING
        return QSize(side, side + NAME_HEIGHT)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        rect: QRect = option.rect
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Highlight).lighter(110))
            painter.drawRoundedRect(rect.adjusted(2, 2, -2, -2), 8, 8)
        image_rect = QRect(
            rect.x() + PADDING,
            rect.y() + PADDING,
            rect.width() - 2 * PADDING,
            rect.height() - 2 * PADDING - NAME_HEIGHT,
        )
        # One trip through the model for the whole cell: each ``index.data`` call crosses
        # from C++ to Python and back, and three of them were a fifth of a page's paint.
        row: ImageRow | None = index.data(Roles.ROW)
        if row is not None:
            self._paint_image(painter, image_rect, row.path, palette)
            self._paint_name(painter, rect, row.name, palette, selected)
            self._paint_badge(painter, image_rect, row.state)
        painter.restore()

    def _paint_image(self, painter: QPainter, area: QRect, path: Path, palette: QPalette) -> None:
        image = self.loader.thumbnail(path)
        if image is None:
            reason = self.loader.broken_reason(path)
            self._paint_placeholder(painter, area, palette, broken=reason is not None)
            return
        scaled = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(
            area.x() + (area.width() - scaled.width()) // 2,
            area.y() + (area.height() - scaled.height()) // 2,
            scaled.width(),
            scaled.height(),
        )
        painter.drawImage(target, image)

    def _paint_placeholder(
        self, painter: QPainter, area: QRect, palette: QPalette, *, broken: bool
    ) -> None:
        base = palette.color(QPalette.ColorRole.AlternateBase)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(base)
        painter.drawRoundedRect(area.adjusted(4, 4, -4, -4), 6, 6)
        if broken:
            painter.setPen(QPen(QColor("#dc2626"), 2))
            center = QRectF(area).center()
            size = min(area.width(), area.height()) / 6
            painter.drawLine(center + QPointF(-size, -size), center + QPointF(size, size))
            painter.drawLine(center + QPointF(-size, size), center + QPointF(size, -size))
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            text_rect = area.adjusted(8, int(area.height() * 0.6), -8, -4)
            painter.drawText(
                text_rect,
                Qt.AlignmentFlag.AlignHCenter,
                QCoreApplication.translate("ThumbnailDelegate", "broken image"),
            )

    def _paint_name(
        self, painter: QPainter, rect: QRect, name: str, palette: QPalette, selected: bool
    ) -> None:
        text_rect = QRect(
            rect.x() + 4, rect.bottom() - NAME_HEIGHT, rect.width() - 8, NAME_HEIGHT - 2
        )
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(palette.color(role))
        key = (name, text_rect.width())
        elided = self._elided.get(key)
        if elided is None:
            if len(self._elided) > ELIDED_CACHE:
                self._elided.clear()  # a new size or font: start over
            elided = painter.fontMetrics().elidedText(
                name, Qt.TextElideMode.ElideMiddle, text_rect.width()
            )
            self._elided[key] = elided
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, elided
        )

    def _paint_badge(self, painter: QPainter, area: QRect, state: DisplayState | None) -> None:
        if state is None:
            return
        diameter = max(16, min(24, self.thumb_size // 7))
        badge = self._badge_image(state, diameter, painter)
        painter.drawImage(QPointF(area.right() - diameter - 3, area.top() + 1), badge)

    def _badge_image(self, state: DisplayState, diameter: int, painter: QPainter) -> QImage:
        """The badge drawn once per state, size, font and screen density, then reused.

        Drawing an antialiased circle and a glyph in a fresh font for every cell was
        two thirds of the cost of painting the grid while scrolling."""
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        family = painter.font().family()
        key = (state, diameter, ratio, family)
        image = self._badges.get(key)
        if image is None:
            image = render_badge(state, diameter, ratio, painter.font())
            self._badges[key] = image
        return image


def render_badge(state: DisplayState, diameter: int, ratio: float, base: QFont) -> QImage:
    """A badge on a transparent square with 1 px of margin for the outline."""
    color, glyph = BADGES[state]
    side = diameter + 2
    image = QImage(
        math.ceil(side * ratio), math.ceil(side * ratio), QImage.Format.Format_ARGB32_Premultiplied
    )
    image.setDevicePixelRatio(ratio)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        badge = QRectF(1, 1, diameter, diameter)
        painter.setPen(QPen(QColor(255, 255, 255, 230), 1.5))
        if state is DisplayState.NO_CAPTION:
            painter.setBrush(QColor(0, 0, 0, 60))
        else:
            painter.setBrush(QColor(color))
        painter.drawEllipse(badge)
        if glyph:
            font = QFont(base)
            font.setBold(True)
            font.setPixelSize(int(diameter * 0.62))
            painter.setFont(font)
            painter.setPen(QColor(255, 255, 255))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, glyph)
    finally:
        painter.end()
    return image
