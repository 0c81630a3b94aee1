"""What a user preset produces besides its caption: keywords, a title, alt text and its
languages. A small form the settings dialog's preset editor adds with a few lines."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from desktop_app.backends.languages import BadLanguage, parse_languages
from desktop_app.core.prompts import PromptPreset


class PresetExtras(QWidget):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.keywords = QCheckBox(self.tr("Keywords"))
        self.short_title = QCheckBox(self.tr("Title"))
        self.alt_text = QCheckBox(self.tr("Alt text"))
        self.languages = QLineEdit()
        self.languages.setObjectName("presetLanguages")
        self.languages.setPlaceholderText(self.tr("languages, e.g. en, de (empty: the settings')"))
        boxes = QHBoxLayout()
        for box in (self.keywords, self.short_title, self.alt_text):
            boxes.addWidget(box)
            box.toggled.connect(lambda _checked: self.changed.emit())
        boxes.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(boxes)
        layout.addWidget(self.languages)
        self.languages.editingFinished.connect(self.changed.emit)

    def show_preset(self, preset: PromptPreset | None, *, editable: bool) -> None:
        widgets = (self.keywords, self.short_title, self.alt_text, self.languages)
        for widget in widgets:
            widget.blockSignals(True)
            widget.setEnabled(editable)
        self.keywords.setChecked(bool(preset and preset.keywords))
        self.short_title.setChecked(bool(preset and preset.short_title))
        self.alt_text.setChecked(bool(preset and preset.alt_text))
        self.languages.setText(", ".join(preset.languages) if preset else "")
        for widget in widgets:
            widget.blockSignals(False)

    def applied(self, preset: PromptPreset) -> PromptPreset:
        """``preset`` with this form's choices (languages kept when they do not parse)."""
        try:
            languages = parse_languages(self.languages.text())
        except BadLanguage:
            languages = preset.languages
        return dataclasses.replace(
            preset,
            keywords=self.keywords.isChecked(),
            short_title=self.short_title.isChecked(),
            alt_text=self.alt_text.isChecked(),
            languages=languages,
        )
