"""A section of options most people never change, folded away until asked for."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QToolButton, QVBoxLayout, QWidget


class AdvancedSection(QWidget):
    """A "▸ Advanced" button and the form it shows; collapsed when the page opens."""

    def __init__(self, title: str = "") -> None:
        super().__init__()
        title = title or QCoreApplication.translate("AdvancedSection", "Advanced")
        self.toggle = QToolButton()
        self.toggle.setObjectName("advancedToggle")
        self.toggle.setText(title)
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.body = QFrame()
        self.body.setObjectName("advancedBody")
        self.body.setFrameShape(QFrame.Shape.StyledPanel)
        self.form = QFormLayout(self.body)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.body.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.body)
        self.toggle.toggled.connect(self.set_expanded)

    @property
    def expanded(self) -> bool:
        return self.toggle.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        self.toggle.setChecked(expanded)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)

    def add_row(self, label: str, widget: QWidget, tip: str = "") -> None:
        """One option; the tip says what it does and when to change it."""
        if tip:
            widget.setToolTip(tip)
        self.form.addRow(label, widget)
