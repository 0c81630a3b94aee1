"""The settings dialog: backend, prompts, output and images, all typed settings.

It edits a copy of the settings and returns a new ``Settings`` value; nothing is saved
until the user presses OK. Backend pages are generated from each backend's typed
configuration (``ConfigForm``), with extra widgets where a backend needs them (the cloud
API key and "Test connection").
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.backends import registry as backends
from desktop_app.backends import runware
from desktop_app.core.imaging import PIXEL_LEVELS
from desktop_app.core.prompts import PromptPreset, all_presets, slugify
from desktop_app.core.secrets import SecretStore
from desktop_app.core.settings import (
    ImageSettings,
    OverwritePolicy,
    PromptSettings,
    Settings,
)
from desktop_app.gui.background import Background
from desktop_app.gui.config_form import ConfigForm
from desktop_app.gui.content_page import ContentPage
from desktop_app.gui.preset_extras import PresetExtras
from desktop_app.metadata.base import SidecarNaming
from desktop_app.metadata.registry import all_writer_specs


def backend_extra(backend_id: str, dialog: SettingsDialog) -> QWidget | None:
    """Widgets a backend's page needs beyond its generated form."""
    from desktop_app.backends import openai_compat
    from desktop_app.gui.key_widget import ApiKeyWidget
    from desktop_app.gui.local_models import LocalModelsWidget

    if backend_id == runware.BACKEND_ID:
        return ApiKeyWidget(
            dialog,
            backend_id,
            runware.API_KEY_SECRET,
            runware.API_KEY_ENV,
            "Paste your Runware API key",
        )
    if backend_id == openai_compat.BACKEND_ID:
        return ApiKeyWidget(
            dialog,
            backend_id,
            openai_compat.API_KEY_SECRET,
            openai_compat.API_KEY_ENV,
            "Only if the server asks for one",
        )
    if backend_id == "local":
        return LocalModelsWidget(dialog)
    return None


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        background: Background,
        secrets: SecretStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.resize(720, 560)
        self.settings = settings
        self.background = background
        self.secrets = secrets or SecretStore()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._backend_tab(), "Captioning")
        self.tabs.addTab(self._prompts_tab(), "Prompts")
        self.tabs.addTab(self._output_tab(), "Output")
        self.tabs.addTab(self._images_tab(), "Images && window")
        self.content_page = ContentPage(settings, background)
        self.tabs.addTab(self.content_page, "Keywords && languages")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

    # -- Captioning ----------------------------------------------------------------------
    def _backend_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.backend_combo = QComboBox()
        self.backend_pages = QStackedWidget()
        self.backend_forms: dict[str, ConfigForm] = {}
        for spec in backends.all_backends():
            self.backend_combo.addItem(spec.display_name, spec.backend_id)
            form_page = QWidget()
            form_layout = QVBoxLayout(form_page)
            summary = QLabel(spec.summary)
            summary.setWordWrap(True)
            form_layout.addWidget(summary)
            form = ConfigForm(self.settings.backend_config(spec.backend_id))
            self.backend_forms[spec.backend_id] = form
            form_layout.addWidget(form)
            extra = backend_extra(spec.backend_id, self)
            if extra is not None:
                form_layout.addWidget(extra)
            form_layout.addStretch(1)
            self.backend_pages.addWidget(form_page)
        self.backend_combo.currentIndexChanged.connect(self.backend_pages.setCurrentIndex)
        self.backend_combo.setCurrentIndex(
            max(0, self.backend_combo.findData(self.settings.backend))
        )
        row = QFormLayout()
        row.addRow("Backend", self.backend_combo)
        layout.addLayout(row)
        layout.addWidget(self.backend_pages, 1)
        return page

    # -- Prompts ---------------------------------------------------------------------------
    def _prompts_tab(self) -> QWidget:
        page = QWidget()
        self.user_presets = list(self.settings.prompts.user_presets)
        self.preset_list = QListWidget()
        self.default_preset = QComboBox()
        self.preset_title = QLineEdit()
        self.preset_prompt = QPlainTextEdit()
        self.preset_tokens = QSpinBox()
        self.preset_tokens.setRange(0, 4096)
        self.preset_tokens.setSpecialValueText("preset default")
        new_button = QPushButton("New")
        duplicate_button = QPushButton("Duplicate")
        self.delete_button = QPushButton("Delete")
        new_button.clicked.connect(self._new_preset)
        duplicate_button.clicked.connect(self._duplicate_preset)
        self.delete_button.clicked.connect(self._delete_preset)
        self.preset_list.currentRowChanged.connect(self._show_preset)
        self.preset_title.editingFinished.connect(self._store_preset)
        self.preset_prompt.textChanged.connect(self._store_preset)
        self.preset_tokens.valueChanged.connect(self._store_preset)
        self.preset_extras = PresetExtras()
        self.preset_extras.changed.connect(self._store_preset)
        left = QVBoxLayout()
        left.addWidget(self.preset_list, 1)
        buttons = QHBoxLayout()
        for button in (new_button, duplicate_button, self.delete_button):
            buttons.addWidget(button)
        left.addLayout(buttons)
        right = QFormLayout()
        right.addRow("Default preset", self.default_preset)
        right.addRow("Title", self.preset_title)
        right.addRow("Prompt", self.preset_prompt)
        right.addRow("Longest caption", self.preset_tokens)
        right.addRow("Also writes", self.preset_extras)
        self.preset_note = QLabel()
        self.preset_note.setWordWrap(True)
        right.addRow("", self.preset_note)
        layout = QHBoxLayout(page)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)
        self._refresh_presets(select=self.settings.prompts.preset)
        return page

    def _presets(self) -> list[PromptPreset]:
        return all_presets(self.user_presets)

    def _refresh_presets(self, select: str | None = None) -> None:
        current_default = self.default_preset.currentData() or self.settings.prompts.preset
        self.preset_list.blockSignals(True)
        self.preset_list.clear()
        self.default_preset.clear()
        for preset in self._presets():
            label = preset.title + ("" if preset.builtin else "  (yours)")
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, preset.name)
            self.preset_list.addItem(item)
            self.default_preset.addItem(preset.title, preset.name)
        self.preset_list.blockSignals(False)
        self.default_preset.setCurrentIndex(max(0, self.default_preset.findData(current_default)))
        names = [p.name for p in self._presets()]
        self.preset_list.setCurrentRow(names.index(select) if select in names else 0)

    def _selected_preset(self) -> PromptPreset | None:
        item: QListWidgetItem | None = self.preset_list.currentItem()
        if item is None:
            return None
        name = item.data(Qt.ItemDataRole.UserRole)
        return next((p for p in self._presets() if p.name == name), None)

    def _show_preset(self, _row: int) -> None:
        preset = self._selected_preset()
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
            "Built-in preset (from the cloud models' own examples): duplicate it to change it."
            if preset is not None and preset.builtin
            else ""
        )

    def _store_preset(self) -> None:
        preset = self._selected_preset()
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
            item.setText(updated.title + "  (yours)")

    def _unique_name(self, title: str) -> str:
        base = slugify(title)
        names = {p.name for p in self._presets()}
        name, counter = base, 2
        while name in names:
            name, counter = f"{base}-{counter}", counter + 1
        return name

    def _new_preset(self) -> None:
        preset = PromptPreset(self._unique_name("My preset"), "My preset", "Describe this image.")
        self.user_presets.append(preset)
        self._refresh_presets(select=preset.name)

    def _duplicate_preset(self) -> None:
        source = self._selected_preset()
        if source is None:
            return
        title = f"{source.title} (copy)"
        # A copy produces what its source does (keywords, title, languages...).
        copy = dataclasses.replace(
            source, name=self._unique_name(title), title=title, builtin=False
        )
        self.user_presets.append(copy)
        self._refresh_presets(select=copy.name)

    def _delete_preset(self) -> None:
        preset = self._selected_preset()
        if preset is not None and not preset.builtin:
            self.user_presets = [p for p in self.user_presets if p.name != preset.name]
            self._refresh_presets()

    # -- Output ------------------------------------------------------------------------------
    def _output_tab(self) -> QWidget:
        page = QWidget()
        layout = QFormLayout(page)
        write = self.settings.write
        self.destination_boxes: dict[str, QCheckBox] = {}
        for spec in all_writer_specs():
            box = QCheckBox(spec.display_name)
            box.setToolTip(spec.summary)
            box.setChecked(spec.writer_id in write.destinations)
            box.setObjectName(f"dest_{spec.writer_id}")
            self.destination_boxes[spec.writer_id] = box
            layout.addRow("Write to" if len(self.destination_boxes) == 1 else "", box)
        self.overwrite_combo = QComboBox()
        self.overwrite_combo.addItem(
            "Skip images that already have a caption", OverwritePolicy.SKIP
        )
        self.overwrite_combo.addItem("Caption them again (overwrite)", OverwritePolicy.OVERWRITE)
        self.overwrite_combo.setCurrentIndex(0 if write.overwrite is OverwritePolicy.SKIP else 1)
        self.naming_combo = QComboBox()
        self.naming_combo.addItem(
            "IMG_0001.xmp (Lightroom, Bridge, Capture One)", SidecarNaming.ADOBE
        )
        self.naming_combo.addItem("IMG_0001.CR2.xmp (darktable, digiKam)", SidecarNaming.DARKTABLE)
        self.naming_combo.setCurrentIndex(0 if write.sidecar_naming is SidecarNaming.ADOBE else 1)
        self.keep_mtime = QCheckBox("Keep the files' modification time")
        self.keep_mtime.setChecked(write.keep_mtime)
        self.embed_dng = QCheckBox("Write inside DNG files, as Lightroom does")
        self.embed_dng.setToolTip(
            "Off: DNG files get an XMP sidecar, like other RAW files. On: the caption goes "
            "inside them (ExifTool writes it; nothing else in the file changes)."
        )
        self.embed_dng.setChecked(write.embed_dng)
        self.embed_heif = QCheckBox("Write inside HEIC and AVIF files")
        self.embed_heif.setToolTip(
            "Off: HEIC and AVIF files get an XMP sidecar. On: the caption goes inside them, "
            "checked by two readers before the file is replaced."
        )
        self.embed_heif.setChecked(write.embed_heif)
        layout.addRow("Existing captions", self.overwrite_combo)
        layout.addRow("New XMP sidecars", self.naming_combo)
        layout.addRow("", self.keep_mtime)
        layout.addRow("Inside the photos", self.embed_dng)
        layout.addRow("", self.embed_heif)
        return page

    # -- Images and window ---------------------------------------------------------------
    def _images_tab(self) -> QWidget:
        page = QWidget()
        layout = QFormLayout(page)
        images = self.settings.images
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
        self.concurrency_spin.setValue(self.settings.concurrency)
        self.recursive_box = QCheckBox("Include subfolders when opening a folder")
        self.recursive_box.setChecked(self.settings.gui.recursive)
        self.theme_combo = QComboBox()
        for label, value in (("Follow the system", "system"), ("Light", "light"), ("Dark", "dark")):
            self.theme_combo.addItem(label, value)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(self.settings.gui.theme)))
        layout.addRow("Pixel budget", self.level_combo)
        layout.addRow("JPEG quality sent", self.quality_spin)
        layout.addRow("Largest image decoded", self.max_mp_spin)
        layout.addRow("Concurrency", self.concurrency_spin)
        layout.addRow("", self.recursive_box)
        layout.addRow("Theme", self.theme_combo)
        return page

    # -- result --------------------------------------------------------------------------------
    def result_settings(self) -> Settings:
        settings = self.settings
        for backend_id, form in self.backend_forms.items():
            settings = settings.with_backend_config(backend_id, form.value())
        destinations = tuple(wid for wid, box in self.destination_boxes.items() if box.isChecked())
        return dataclasses.replace(
            settings,
            backend=self.backend_combo.currentData(),
            prompts=PromptSettings(
                preset=self.default_preset.currentData() or settings.prompts.preset,
                custom_prompt=settings.prompts.custom_prompt,
                user_presets=tuple(self.user_presets),
                max_tokens=settings.prompts.max_tokens,
                temperature=settings.prompts.temperature,
            ),
            write=dataclasses.replace(
                settings.write,
                destinations=destinations or ("txt",),
                overwrite=self.overwrite_combo.currentData(),
                sidecar_naming=self.naming_combo.currentData(),
                keep_mtime=self.keep_mtime.isChecked(),
                embed_dng=self.embed_dng.isChecked(),
                embed_heif=self.embed_heif.isChecked(),
            ),
            images=ImageSettings(
                pixel_level=self.level_combo.currentData(),
                jpeg_quality=self.quality_spin.value(),
                max_source_pixels=self.max_mp_spin.value() * 1_000_000,
            ),
            concurrency=self.concurrency_spin.value(),
            content=self.content_page.content_settings(commit=True),
            gui=dataclasses.replace(
                settings.gui,
                recursive=self.recursive_box.isChecked(),
                theme=self.theme_combo.currentData(),
            ),
        )
