"""The local backend's page: the model list (download, use, import), how much detail
the model sees, and the llama.cpp knobs folded under Advanced."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QCheckBox, QLineEdit

from desktop_app.backends.local.config import (
    BACKEND_ID,
    PIXEL_LEVEL_TOKENS,
    VISION_CELL,
    ImportedModel,
    LocalConfig,
    ProjectorChoice,
)
from desktop_app.backends.local.manager import ModelManager
from desktop_app.gui.settings.backend_page import BackendPage, PageServices
from desktop_app.gui.settings.local_models import LocalModelsWidget
from desktop_app.gui.settings.widgets import choice_combo, count_spin, number_spin
from desktop_app.gui.texts import QT_TRANSLATE_NOOP

SUMMARY = QT_TRANSLATE_NOOP(
    "LocalPage",
    "Qwen2.5-VL on this computer, through llama.cpp: private (photos never leave it) "
    "and free. One download, then it works offline; a GPU makes it much faster.",
)
LEVEL_WORDS = {
    "fast": QT_TRANSLATE_NOOP("LocalPage", "Fast"),
    "balanced": QT_TRANSLATE_NOOP("LocalPage", "Balanced, good on a CPU"),
    "detailed": QT_TRANSLATE_NOOP("LocalPage", "Detailed, a GPU helps"),
    "maximum": QT_TRANSLATE_NOOP("LocalPage", "Maximum, for a GPU"),
}
PROJECTOR_WORDS: dict[ProjectorChoice, str] = {
    "auto": QT_TRANSLATE_NOOP("LocalPage", "Automatic (Q8_0, or the one downloaded)"),
    "q8_0": QT_TRANSLATE_NOOP("LocalPage", "Q8_0: a third smaller, as fast"),
    "f16": QT_TRANSLATE_NOOP("LocalPage", "F16: the reference precision, larger"),
}
GPU_AUTOMATIC = -1  # the spin box's "Automatic" (None in the settings)


def projector_choices() -> list[tuple[str, object]]:
    """Each type of the catalog's vision projectors in words."""
    translate = QCoreApplication.translate
    return [(translate("LocalPage", words), choice) for choice, words in PROJECTOR_WORDS.items()]


def level_choices() -> list[tuple[str, object]]:
    """Each pixel level in words, with what it costs the model."""
    choices: list[tuple[str, object]] = []
    for level, tokens in PIXEL_LEVEL_TOKENS.items():
        megapixels = tokens * VISION_CELL * VISION_CELL / 1e6
        translate = QCoreApplication.translate
        words = translate("LocalPage", LEVEL_WORDS[level]) if level in LEVEL_WORDS else level
        label = translate("LocalPage", "{level} ({tokens} vision tokens, {megapixels} MP)")
        megapixels_text = QLocale().toString(megapixels, "f", 2)
        label = label.format(level=words, tokens=tokens, megapixels=megapixels_text)
        choices.append((label, level))
    return choices


class LocalPage(BackendPage):
    BACKEND_ID = BACKEND_ID
    SHOWN = frozenset(
        {
            "model",
            "mmproj",
            "vision_projector",
            "threads",
            "gpu_layers",
            "flash_attn",
            "context",
            "max_tokens",
            "temperature",
            "pixel_level",
        }
    )

    def __init__(
        self,
        config: LocalConfig,
        services: PageServices,
        manager: ModelManager | None = None,
    ) -> None:
        super().__init__(config, services, self.tr(SUMMARY))
        self._imported = config.imported
        self.pixel_level = choice_combo(level_choices(), config.pixel_level)
        self.pixel_level.setToolTip(
            self.tr(
                "How finely the model sees each photo. More detail reads small things "
                "better and takes longer: the model's cost grows with every 28×28 pixels."
            )
        )
        self._build_advanced(config)
        # Last: the list reads the page's value (every field above) as it starts.
        self.models = LocalModelsWidget(self, services.background, manager)
        self.model.editingFinished.connect(self.models.refresh)
        # Sizes and what is downloaded depend on the projector type.
        self.vision_projector.currentIndexChanged.connect(self.models.refresh)
        self.form.addRow(self.models)
        self.form.addRow(self.tr("Photo detail"), self.pixel_level)

    def _build_advanced(self, config: LocalConfig) -> None:
        advanced = self.advanced
        self.model = QLineEdit(config.model)
        self.model.setObjectName("localModel")
        advanced.add_row(
            self.tr("Model name or file"),
            self.model,
            self.tr("A name from the list above, or the path of a GGUF file."),
        )
        self.mmproj = QLineEdit(config.mmproj)
        self.mmproj.setPlaceholderText(self.tr("found with the model"))
        advanced.add_row(
            self.tr("Vision projector"), self.mmproj, self.tr("The mmproj GGUF file of the model.")
        )
        self.vision_projector = choice_combo(projector_choices(), config.vision_projector)
        self.vision_projector.setObjectName("localVisionProjector")
        advanced.add_row(
            self.tr("Projector type"),
            self.vision_projector,
            self.tr(
                "Which of a catalog model's vision projectors to download and use. Q8_0 "
                "encodes a photo faster than F16 on a CPU."
            ),
        )
        automatic = self.tr("Automatic")
        self.threads = count_spin(config.threads, 0, 256, self.tr("Automatic (physical cores)"))
        advanced.add_row(self.tr("Threads"), self.threads)
        gpu = GPU_AUTOMATIC if config.gpu_layers is None else config.gpu_layers
        self.gpu_layers = count_spin(gpu, GPU_AUTOMATIC, 999, automatic)
        advanced.add_row(
            self.tr("GPU layers"),
            self.gpu_layers,
            self.tr(
                "Automatic: every layer when this build can use a GPU, none otherwise. "
                "0 keeps the model on the CPU."
            ),
        )
        self.flash_attn = QCheckBox(self.tr("Flash attention (faster, less memory)"))
        self.flash_attn.setChecked(config.flash_attn)
        advanced.add_row("", self.flash_attn)
        tokens = self.tr(" tokens")
        self.context = count_spin(config.context, 0, 131_072, automatic, tokens)
        advanced.add_row(
            self.tr("Context"),
            self.context,
            self.tr("Automatic: what one photo, its prompt and answer need."),
        )
        self.max_tokens = count_spin(config.max_tokens, 16, 4096, suffix=tokens)
        advanced.add_row(
            self.tr("Longest caption"),
            self.max_tokens,
            self.tr("Used when the prompt preset sets none."),
        )
        self.temperature = number_spin(config.temperature, 0.0, 2.0, 0.1)
        advanced.add_row(
            self.tr("Temperature"), self.temperature, self.tr("Lower is more literal.")
        )
        self.finish_advanced()

    # -- what the model list changes -----------------------------------------------------
    def use_model(self, name: str) -> None:
        self.model.setText(name)

    def set_imported(self, imported: tuple[ImportedModel, ...]) -> None:
        self._imported = imported

    def changes(self) -> dict[str, Any]:
        gpu = self.gpu_layers.value()
        return {
            "model": self.model.text().strip() or LocalConfig().model,
            "mmproj": self.mmproj.text().strip(),
            "vision_projector": self.vision_projector.currentData(),
            "threads": self.threads.value(),
            "gpu_layers": None if gpu == GPU_AUTOMATIC else gpu,
            "flash_attn": self.flash_attn.isChecked(),
            "context": self.context.value(),
            "max_tokens": self.max_tokens.value(),
            "temperature": self.temperature.value(),
            "pixel_level": self.pixel_level.currentData(),
            "imported": self._imported,
        }
