"""The settings dialog's "Images & window" page: what is sent to the model, how many
photos at once, and how the window behaves."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.imaging import PIXEL_LEVELS
from desktop_app.core.settings import Settings
from desktop_app.gui.settings.widgets import count_spin

THEMES = (("Follow the system", "system"), ("Light", "light"), ("Dark", "dark"))
LEVEL_WORDS = {
    "fast": "Fast",
    "balanced": "Balanced",
    "detailed": "Detailed",
    "maximum": "Maximum",
}


class ImagesPage(QWidget):
    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.level_combo = self._levels(settings.images.pixel_level)
        self.quality_spin = count_spin(settings.images.jpeg_quality, 30, 100)
        self.quality_spin.setToolTip("Photos travel as JPEG; 90 loses nothing a model sees.")
        self.max_mp_spin = count_spin(
            settings.images.max_source_pixels // 1_000_000, 10, 5000, suffix=" MP"
        )
        self.max_mp_spin.setToolTip(
            "Bigger files are skipped with a message: a protection against broken or "
            "malicious files that claim billions of pixels."
        )
        self.concurrency_spin: QSpinBox = count_spin(
            settings.concurrency, 0, 64, "As the backend sets"
        )
        self.concurrency_spin.setToolTip(
            "How many photos are being captioned at the same time. The backend's own "
            "setting (requests at once) fits it best."
        )
        self.recursive_box = QCheckBox("Include subfolders when opening a folder")
        self.recursive_box.setChecked(settings.gui.recursive)
        self.theme_combo = QComboBox()
        for label, value in THEMES:
            self.theme_combo.addItem(label, value)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(settings.gui.theme)))
        sent = QFormLayout()
        sent.addRow("Photo detail", self.level_combo)
        sent.addRow("JPEG quality", self.quality_spin)
        sent.addRow("Photos at once", self.concurrency_spin)
        sent.addRow("Largest photo read", self.max_mp_spin)
        window = QFormLayout()
        window.addRow("", self.recursive_box)
        window.addRow("Theme", self.theme_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(_group("What is sent to the model", sent))
        layout.addWidget(_group("The window", window))
        layout.addStretch(1)

    @staticmethod
    def _levels(current: str) -> QComboBox:
        combo = QComboBox()
        for name, budget in PIXEL_LEVELS.items():
            words = LEVEL_WORDS.get(name, name.capitalize())
            megapixels = budget.max_pixels / 1e6
            combo.addItem(
                f"{words} ({budget.vision_tokens} vision tokens, {megapixels:.2f} MP)", name
            )
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.setToolTip(
            "How finely the model sees each photo: more detail reads small things better, "
            "costs more time (and, in the cloud, more upload). The local model takes at "
            "most the detail set on its own page."
        )
        return combo

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


def _group(title: str, form: QFormLayout) -> QGroupBox:
    group = QGroupBox(title)
    group.setLayout(form)
    return group
