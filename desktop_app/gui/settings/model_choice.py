"""A model chosen by name, with any other id behind "Other…".

People pick "Qwen2.5-VL 7B, better captions", not ``runware:152@2``; the id is still
reachable for the few who need another one, and is checked as they type.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

OTHER = "\x00other"  # the "Other…" entry's data: no model id can be this
Check = Callable[[str], str]  # an id -> "" when fine, else what is wrong with it


class ModelChoice(QWidget):
    changed = Signal()

    def __init__(
        self,
        choices: Sequence[tuple[str, str]],
        *,
        other_placeholder: str,
        check: Check | None = None,
    ) -> None:
        super().__init__()
        self._check = check
        self.combo = QComboBox()
        self.combo.setObjectName("modelChoice")
        self.custom = QLineEdit()
        self.custom.setObjectName("customModel")
        self.custom.setPlaceholderText(other_placeholder)
        self.note = QLabel()
        self.note.setObjectName("modelNote")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.custom)
        layout.addWidget(self.note)
        self.set_choices(choices)
        self.combo.currentIndexChanged.connect(lambda _index: self._update())
        self.custom.textChanged.connect(lambda _text: self._update())

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        """Offer ``choices`` (label, id) and "Other…"; the current value stays chosen."""
        current = self.value() if self.combo.count() else ""
        self.combo.blockSignals(True)
        self.combo.clear()
        for label, model in choices:
            self.combo.addItem(label, model)
            self.combo.setItemData(
                self.combo.count() - 1, model or label, Qt.ItemDataRole.ToolTipRole
            )
        self.combo.addItem(self.tr("Other…"), OTHER)
        self.combo.blockSignals(False)
        self.set_value(current)

    def set_value(self, model: str) -> None:
        """Choose ``model`` by name when it is offered, else as "Other…" with its id."""
        position = self.combo.findData(model)
        if position < 0:
            position = self.combo.findData(OTHER)
            self.custom.setText(model)
        self.combo.setCurrentIndex(position)
        self._update()

    def value(self) -> str:
        data = self.combo.currentData()
        return self.custom.text().strip() if data == OTHER else str(data)

    @property
    def problem(self) -> str:
        """What is wrong with a typed id ("" when nothing is)."""
        if self.combo.currentData() != OTHER or self._check is None:
            return ""
        return self._check(self.value())

    def _update(self) -> None:
        other = self.combo.currentData() == OTHER
        self.custom.setVisible(other)
        problem = self.problem
        self.note.setText(f"✗ {problem}" if problem else "")
        self.note.setVisible(bool(problem))
        self.changed.emit()
