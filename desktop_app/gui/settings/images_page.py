"""The settings dialog's "Images & window" page: what is sent to the model, how many
photos at once, and how the window behaves."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.imaging import PIXEL_LEVELS
from desktop_app.core.settings import Settings
from desktop_app.gui.settings.widgets import count_spin
from desktop_app.gui.texts import QT_TRANSLATE_NOOP
from desktop_app.i18n import NATIVE_NAMES, UiLanguage

THEMES = (
    (QT_TRANSLATE_NOOP("ImagesPage", "Follow the system"), "system"),
    (QT_TRANSLATE_NOOP("ImagesPage", "Light"), "light"),
    (QT_TRANSLATE_NOOP("ImagesPage", "Dark"), "dark"),
)
LEVEL_WORDS = {
    "fast": QT_TRANSLATE_NOOP("ImagesPage", "Fast"),
    "balanced": QT_TRANSLATE_NOOP("ImagesPage", "Balanced"),
    "detailed": QT_TRANSLATE_NOOP("ImagesPage", "Detailed"),
    "maximum": QT_TRANSLATE_NOOP("ImagesPage", "Maximum"),
}


class ImagesPage(QWidget):
    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.level_combo = self._levels(settings.images.pixel_level)
        self.quality_spin = count_spin(settings.images.jpeg_quality, 30, 100)
        self.quality_spin.setToolTip(
            self.tr("Photos travel as JPEG; 90 loses nothing a model sees.")
        )
        self.max_mp_spin = count_spin(
            settings.images.max_source_pixels // 1_000_000, 10, 5000, suffix=self.tr(" MP")
        )
        self.max_mp_spin.setToolTip(
            self.tr(
                "Bigger files are skipped with a message: a protection against broken or "
                "malicious files that claim billions of pixels."
            )
        )
        self.concurrency_spin: QSpinBox = count_spin(
            settings.concurrency, 0, 64, self.tr("As the backend sets")
        )
        self.concurrency_spin.setToolTip(
            self.tr(
                "How many photos are being captioned at the same time. The backend's own "
                "setting (requests at once) fits it best."
            )
        )
        self.recursive_box = QCheckBox(self.tr("Include subfolders when opening a folder"))
        self.recursive_box.setChecked(settings.gui.recursive)
        self.theme_combo = QComboBox()
        for label, value in THEMES:
            self.theme_combo.addItem(self.tr(label), value)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(settings.gui.theme)))
        self.language_combo = self._languages(settings.language)
        self.language_note = QLabel(
            self.tr("A new language takes effect when Folder Captioner starts again.")
        )
        self.language_note.setObjectName("languageNote")
        self.language_note.setWordWrap(True)
        sent = QFormLayout()
        sent.addRow(self.tr("Photo detail"), self.level_combo)
        sent.addRow(self.tr("JPEG quality"), self.quality_spin)
        sent.addRow(self.tr("Photos at once"), self.concurrency_spin)
        sent.addRow(self.tr("Largest photo read"), self.max_mp_spin)
        window = QFormLayout()
        window.addRow("", self.recursive_box)
        window.addRow(self.tr("Theme"), self.theme_combo)
        window.addRow(self.tr("Language"), self.language_combo)
        window.addRow("", self.language_note)
        layout = QVBoxLayout(self)
        layout.addWidget(_group(self.tr("What is sent to the model"), sent))
        layout.addWidget(_group(self.tr("The window"), window))
        layout.addStretch(1)

    def _levels(self, current: str) -> QComboBox:
        combo = QComboBox()
        for name, budget in PIXEL_LEVELS.items():
            words = self.tr(LEVEL_WORDS[name]) if name in LEVEL_WORDS else name
            label = self.tr("{level} ({tokens} vision tokens, {megapixels} MP)").format(
                level=words,
                tokens=budget.vision_tokens,
                megapixels=QLocale().toString(budget.max_pixels / 1e6, "f", 2),
            )
            combo.addItem(label, name)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.setToolTip(
            self.tr(
                "How finely the model sees each photo: more detail reads small things "
                "better, costs more time (and, in the cloud, more upload). The local model "
                "takes at most the detail set on its own page."
            )
        )
        return combo

    def _languages(self, current: UiLanguage) -> QComboBox:
        """The system's language, or one by its own name (readable whatever is shown)."""
        combo = QComboBox()
        combo.setObjectName("languageChoice")
        combo.addItem(self.tr("System language"), UiLanguage.SYSTEM)
        for choice in UiLanguage:
            if choice is not UiLanguage.SYSTEM:
                combo.addItem(NATIVE_NAMES[choice.value], choice)
        combo.setCurrentIndex(max(0, combo.findData(current)))
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
            settings,
            images=images,
            concurrency=self.concurrency_spin.value(),
            gui=gui,
            language=self.language_combo.currentData(),
        )


def _group(title: str, form: QFormLayout) -> QGroupBox:
    group = QGroupBox(title)
    group.setLayout(form)
    return group
