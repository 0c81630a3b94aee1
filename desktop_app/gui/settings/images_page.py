"""The settings dialog's "Images & window" page: what is sent, how many at once, and
how the window behaves."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QSpinBox, QWidget

from desktop_app.core.imaging import PIXEL_LEVELS
from desktop_app.core.settings import Settings

THEMES = (("Follow the system", "system"), ("Light", "light"), ("Dark", "dark"))


class ImagesPage(QWidget):
    def __init__(self, settings: Settings) -> None:
        super().__init__()
        images = settings.images
        self.level_combo = QComboBox()
        for name, budget in PIXEL_LEVELS.items():
            megapixels = budget.max_pixels / 1e6
            self.level_combo.addItem(
                f"{name} ({budget.vision_tokens} vision tokens, {megapixels:.2f} MP)", name
            )
        self.level_combo.setCurrentIndex(max(0, self.level_combo.findData(images.pixel_level)))
        self.quality_spin = QSpinBox()
        self.quality_spin.setRange(30, 100)
        self.quality_spin.setValue(images.jpeg_quality)
        self.max_mp_spin = QSpinBox()
        self.max_mp_spin.setRange(10, 5000)
        self.max_mp_spin.setSuffix(" MP")
        self.max_mp_spin.setValue(images.max_source_pixels // 1_000_000)
        self.concurrency_spin = QSpinBox()
        self.concurrency_spin.setRange(0, 64)
        self.concurrency_spin.setSpecialValueText("backend default")
        self.concurrency_spin.setValue(settings.concurrency)
        self.recursive_box = QCheckBox("Include subfolders when opening a folder")
        self.recursive_box.setChecked(settings.gui.recursive)
        self.theme_combo = QComboBox()
        for label, value in THEMES:
            self.theme_combo.addItem(label, value)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(settings.gui.theme)))
        layout = QFormLayout(self)
        layout.addRow("Pixel budget", self.level_combo)
        layout.addRow("JPEG quality sent", self.quality_spin)
        layout.addRow("Largest image decoded", self.max_mp_spin)
        layout.addRow("Concurrency", self.concurrency_spin)
        layout.addRow("", self.recursive_box)
        layout.addRow("Theme", self.theme_combo)

    def apply(self, settings: Settings) -> Settings:
        images = dataclasses.replace(
            settings.images,
            pixel_level=self.level_combo.currentData(),
            jpeg_quality=self.quality_spin.value(),
            max_source_pixels=self.max_mp_spin.value() * 1_000_000,
        )
        gui = dataclasses.replace(
            settings.gui,
            recursive=self.recursive_box.isChecked(),
            theme=self.theme_combo.currentData(),
        )
        return dataclasses.replace(
            settings, images=images, concurrency=self.concurrency_spin.value(), gui=gui
        )
