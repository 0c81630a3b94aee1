"""An editor for any typed configuration dataclass: one widget per simple field.

Backends declare their options as frozen dataclasses; this form edits them without
knowing them, so a new backend gets a settings page for free, and a field added to a
backend that has its own page still shows up (under its page's Advanced section).
Nested dataclasses (retry policies and the like) keep their values and are left to
the settings file.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from desktop_app.gui.texts import QT_TRANSLATE_NOOP

LABELS = {
    "api_url": QT_TRANSLATE_NOOP("ConfigForm", "API URL"),
    "max_in_flight": QT_TRANSLATE_NOOP("ConfigForm", "Requests in flight"),
    "batch_size": QT_TRANSLATE_NOOP("ConfigForm", "Images per request"),
    "timeout_s": QT_TRANSLATE_NOOP("ConfigForm", "Timeout (s)"),
    "task_type": QT_TRANSLATE_NOOP("ConfigForm", "Task type"),
    "n_ctx": QT_TRANSLATE_NOOP("ConfigForm", "Context size (0 = automatic)"),
    "gpu_layers": QT_TRANSLATE_NOOP("ConfigForm", "GPU layers (-1 = automatic)"),
    "threads": QT_TRANSLATE_NOOP("ConfigForm", "Threads (0 = automatic)"),
    "max_tokens": QT_TRANSLATE_NOOP("ConfigForm", "Longest caption (tokens)"),
}


def label_for(name: str) -> str:
    """A field's label: known fields in words; a new field by its name (no catalogue
    can know it before a translator has seen it)."""
    if name in LABELS:
        return QCoreApplication.translate("ConfigForm", LABELS[name])
    return name.replace("_", " ").capitalize()


class ConfigForm(QWidget):
    """Edits the simple fields of ``config``; ``value()`` returns an updated copy."""

    def __init__(
        self, config: Any, *, hidden: frozenset[str] = frozenset(), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._config = config
        self._editors: dict[str, tuple[QWidget, Any]] = {}
        layout = QFormLayout(self)
        hints = typing.get_type_hints(type(config))
        for field in dataclasses.fields(config):
            if field.name in hidden:
                continue
            editor = self._editor_for(hints[field.name], getattr(config, field.name))
            if editor is not None:
                editor.setObjectName(f"field_{field.name}")
                self._editors[field.name] = (editor, hints[field.name])
                layout.addRow(label_for(field.name), editor)

    @property
    def is_empty(self) -> bool:
        """True when every field is shown elsewhere (or cannot be edited here)."""
        return not self._editors

    def editor(self, name: str) -> QWidget:
        return self._editors[name][0]

    @property
    def base(self) -> Any:
        """The configuration the form started from (fields it does not show live here)."""
        return self._config

    def update_base(self, **changes: Any) -> None:
        """Change fields the form does not edit (an imported model list, say)."""
        self._config = dataclasses.replace(self._config, **changes)

    def set_text(self, name: str, text: str) -> None:
        editor = self._editors[name][0]
        if isinstance(editor, QLineEdit):
            editor.setText(text)

    def _editor_for(self, tp: Any, value: Any) -> QWidget | None:
        origin = typing.get_origin(tp)
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if origin in (typing.Union, types.UnionType) and len(args) == 1:
            tp, origin = args[0], typing.get_origin(args[0])
        if tp is bool:
            box = QCheckBox()
            box.setChecked(bool(value))
            return box
        if tp is int:
            spin = QSpinBox()
            spin.setRange(-1, 1_000_000)
            spin.setValue(int(value or 0))
            return spin
        if tp is float:
            dspin = QDoubleSpinBox()
            dspin.setRange(0.0, 100_000.0)
            dspin.setDecimals(2)
            dspin.setValue(float(value or 0.0))
            return dspin
        if tp is str:
            return QLineEdit(str(value or ""))
        choices: list[Any] = []
        if origin is typing.Literal:
            choices = list(typing.get_args(tp))
        elif isinstance(tp, type) and issubclass(tp, enum.Enum):
            choices = list(tp)
        if choices:
            combo = QComboBox()
            for choice in choices:
                combo.addItem(str(getattr(choice, "value", choice)), choice)
            combo.setCurrentIndex(max(0, choices.index(value) if value in choices else 0))
            return combo
        return None  # nested dataclasses and containers: kept as they are

    def value(self) -> Any:
        changes: dict[str, Any] = {}
        for name, (editor, _tp) in self._editors.items():
            if isinstance(editor, QCheckBox):
                changes[name] = editor.isChecked()
            elif isinstance(editor, QSpinBox | QDoubleSpinBox):
                changes[name] = editor.value()
            elif isinstance(editor, QLineEdit):
                changes[name] = editor.text().strip()
            elif isinstance(editor, QComboBox):
                changes[name] = editor.currentData()
        return dataclasses.replace(self._config, **changes)
