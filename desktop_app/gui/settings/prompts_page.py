"""The settings dialog's "Prompts" page: the default preset and the user's own presets.

Built-in presets (from the cloud models' own examples) are read-only; duplicating one
makes an editable copy that produces what its source does.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.prompts import PromptPreset, all_presets, slugify
from desktop_app.core.settings import Settings
from desktop_app.gui.settings.preset_extras import PresetExtras


class PromptsPage(QWidget):
    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.user_presets = list(settings.prompts.user_presets)
        self.preset_list = QListWidget()
        self.default_preset = QComboBox()
        self.preset_title = QLineEdit()
        self.preset_prompt = QPlainTextEdit()
        self.preset_tokens = QSpinBox()
        self.preset_tokens.setRange(0, 4096)
        self.preset_tokens.setSpecialValueText(self.tr("preset default"))
        self.preset_extras = PresetExtras()
        self.preset_note = QLabel()
        self.preset_note.setWordWrap(True)
        self.new_button = QPushButton(self.tr("New"))
        self.duplicate_button = QPushButton(self.tr("Duplicate"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self._lay_out()
        self._connect()
        self._refresh(select=settings.prompts.preset)

    def _lay_out(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self.preset_list, 1)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.duplicate_button, self.delete_button):
            buttons.addWidget(button)
        left.addLayout(buttons)
        right = QFormLayout()
        right.addRow(self.tr("Default preset"), self.default_preset)
        right.addRow(self.tr("Title"), self.preset_title)
        right.addRow(self.tr("Prompt"), self.preset_prompt)
        right.addRow(self.tr("Longest caption"), self.preset_tokens)
        right.addRow(self.tr("Also writes"), self.preset_extras)
        right.addRow("", self.preset_note)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)

    def _connect(self) -> None:
        self.new_button.clicked.connect(self.new_preset)
        self.duplicate_button.clicked.connect(self.duplicate_preset)
        self.delete_button.clicked.connect(self.delete_preset)
        self.preset_list.currentRowChanged.connect(self._show_preset)
        self.preset_title.editingFinished.connect(self._store_preset)
        self.preset_prompt.textChanged.connect(self._store_preset)
        self.preset_tokens.valueChanged.connect(self._store_preset)
        self.preset_extras.changed.connect(self._store_preset)

    def _presets(self) -> list[PromptPreset]:
        return all_presets(self.user_presets)

    def _refresh(self, select: str | None = None) -> None:
        current_default = self.default_preset.currentData() or self.settings.prompts.preset
        self.preset_list.blockSignals(True)
        self.preset_list.clear()
        self.default_preset.clear()
        for preset in self._presets():
            label = preset.title + ("" if preset.builtin else self.tr("  (yours)"))
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, preset.name)
            self.preset_list.addItem(item)
            self.default_preset.addItem(preset.title, preset.name)
        self.preset_list.blockSignals(False)
        self.default_preset.setCurrentIndex(max(0, self.default_preset.findData(current_default)))
        names = [p.name for p in self._presets()]
        self.preset_list.setCurrentRow(names.index(select) if select in names else 0)

    def selected_preset(self) -> PromptPreset | None:
        item: QListWidgetItem | None = self.preset_list.currentItem()
        if item is None:
            return None
        name = item.data(Qt.ItemDataRole.UserRole)
        return next((p for p in self._presets() if p.name == name), None)

    def _show_preset(self, _row: int) -> None:
        preset = self.selected_preset()
        editable = preset is not None and not preset.builtin
        for widget in (self.preset_title, self.preset_prompt, self.preset_tokens):
            widget.blockSignals(True)
            widget.setEnabled(editable)
        self.delete_button.setEnabled(editable)
        self.preset_title.setText(preset.title if preset else "")
        self.preset_prompt.setPlainText(preset.prompt if preset else "")
        self.preset_tokens.setValue(preset.max_tokens or 0 if preset else 0)
        for widget in (self.preset_title, self.preset_prompt, self.preset_tokens):
            widget.blockSignals(False)
        self.preset_extras.show_preset(preset, editable=editable)
        self.preset_note.setText(
            self.tr(
                "Built-in preset (from the cloud models' own examples): duplicate it to change it."
            )
            if preset is not None and preset.builtin
            else ""
        )

    def _store_preset(self) -> None:
        preset = self.selected_preset()
        if preset is None or preset.builtin or not self.preset_prompt.toPlainText().strip():
            return
        updated = dataclasses.replace(
            self.preset_extras.applied(preset),
            title=self.preset_title.text().strip() or preset.title,
            prompt=self.preset_prompt.toPlainText().strip(),
            max_tokens=self.preset_tokens.value() or None,
        )
        self.user_presets = [updated if p.name == preset.name else p for p in self.user_presets]
        item = self.preset_list.currentItem()
        if item is not None:
            item.setText(updated.title + self.tr("  (yours)"))

    def _unique_name(self, title: str) -> str:
        base = slugify(title)
        names = {p.name for p in self._presets()}
        name, counter = base, 2
        while name in names:
            name, counter = f"{base}-{counter}", counter + 1
        return name

    def new_preset(self) -> None:
        title = self.tr("My preset")
        # The prompt is sent to the model: content, in English like the built-in ones.
        preset = PromptPreset(self._unique_name(title), title, "Describe this image.")
        self.user_presets.append(preset)
        self._refresh(select=preset.name)

    def duplicate_preset(self) -> None:
        source = self.selected_preset()
        if source is None:
            return
        title = self.tr("{title} (copy)").format(title=source.title)
        # A copy produces what its source does (keywords, title, languages...).
        copy = dataclasses.replace(
            source, name=self._unique_name(title), title=title, builtin=False
        )
        self.user_presets.append(copy)
        self._refresh(select=copy.name)

    def delete_preset(self) -> None:
        preset = self.selected_preset()
        if preset is not None and not preset.builtin:
            self.user_presets = [p for p in self.user_presets if p.name != preset.name]
            self._refresh()

    def apply(self, settings: Settings) -> Settings:
        """``settings`` with this page's presets and default preset."""
        prompts = dataclasses.replace(
            settings.prompts,
            preset=self.default_preset.currentData() or settings.prompts.preset,
            user_presets=tuple(self.user_presets),
        )
        return dataclasses.replace(settings, prompts=prompts)
