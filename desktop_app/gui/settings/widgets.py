"""Small editors the backend pages share: counts, seconds, retries, named choices."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QDoubleSpinBox, QSizePolicy, QSpinBox

SPIN_WIDTH = 150  # numbers need no more; words (a special value) get what they need
SPIN_ARROWS = 48  # the arrows and the frame beside the text


def _narrow(spin: QAbstractSpinBox) -> None:
    """Numbers stay narrow in a form whose text fields grow."""
    spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    spin.setMinimumWidth(SPIN_WIDTH)


def count_spin(value: int, low: int, high: int, special: str = "", suffix: str = "") -> QSpinBox:
    """A whole number; ``special`` names the lowest value ("Automatic", say)."""
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(max(low, min(high, value)))
    if special:
        spin.setSpecialValueText(special)
    if suffix:
        spin.setSuffix(suffix)
    _narrow(spin)
    if special:  # words are as long as the language makes them: room for them and arrows
        needed = spin.fontMetrics().horizontalAdvance(special) + SPIN_ARROWS
        spin.setMinimumWidth(max(SPIN_WIDTH, needed))
    return spin


def seconds_spin(value: float, high: float = 3600.0) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(1.0, high)
    spin.setDecimals(0)
    spin.setSuffix(QCoreApplication.translate("Settings", " s"))
    spin.setValue(value)
    _narrow(spin)
    return spin


def number_spin(value: float, low: float, high: float, step: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setDecimals(2)
    spin.setSingleStep(step)
    spin.setValue(value)
    _narrow(spin)
    return spin


def choice_combo(choices: Sequence[tuple[str, object]], current: object) -> QComboBox:
    """A drop-down of (words, value) pairs with ``current`` chosen."""
    combo = QComboBox()
    for label, value in choices:
        combo.addItem(label, value)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo
