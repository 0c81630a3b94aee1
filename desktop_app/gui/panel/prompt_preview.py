"""The prompt preview: what the model would be sent for one photo, and why.

Built by the same core function a caption run uses (``core.context.preview_prompt``),
off the GUI thread (it reads the file's metadata and may load the place table), so the
preview is exactly the prompt a run sends: template variables filled, optional parts
dropped, the structured-output instructions appended.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.captioning import Overrides, prompt_choice, write_options
from desktop_app.core.context import PromptPreview, preview_prompt
from desktop_app.core.settings import Settings
from desktop_app.gui.background import Background


def compute_preview(settings: Settings, image: Path, preset: str | None = None) -> PromptPreview:
    """The preview for ``image`` under ``settings`` (runs on a worker thread)."""
    overrides = Overrides(preset=preset) if preset else Overrides()
    choice = prompt_choice(settings, overrides)
    return preview_prompt(
        choice.text,
        image,
        choice.content.output,
        use_context=choice.content.use_context,
        naming=write_options(settings, overrides).sidecar_naming,
    )


class PromptPreviewDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        background: Background,
        image: Path,
        preset: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Prompt for {name}").format(name=image.name))
        self.resize(640, 520)
        self.prompt = QPlainTextEdit()
        self.prompt.setReadOnly(True)
        self.prompt.setObjectName("previewPrompt")
        self.prompt.setPlainText(self.tr("Reading the photo's metadata…"))
        self.context = QTreeWidget()
        self.context.setHeaderLabels([self.tr("Variable"), self.tr("Value from this photo")])
        self.context.setRootIsDecorated(False)
        self.schema = QLabel()
        self.schema.setWordWrap(True)
        self.schema.setObjectName("previewSchema")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("The model is sent this, with the image:")))
        layout.addWidget(self.prompt, 3)
        layout.addWidget(QLabel(self.tr("Template variables known for this photo:")))
        layout.addWidget(self.context, 2)
        layout.addWidget(self.schema)
        layout.addWidget(buttons)
        background.submit(
            lambda: compute_preview(settings, image, preset), self.show_preview, self.show_error
        )

    def show_preview(self, preview: object) -> None:
        assert isinstance(preview, PromptPreview)
        self.prompt.setPlainText(preview.prompt)
        self.context.clear()
        for name, value in preview.context.items():
            self.context.addTopLevelItem(QTreeWidgetItem([f"{{{name}}}", value]))
        self.context.resizeColumnToContents(0)
        if preview.schema is not None:
            fields = ", ".join(preview.schema["properties"])
            self.schema.setText(
                self.tr(
                    "Structured answer: {fields}. Local models and servers that support it "
                    "are held to this JSON schema while decoding."
                ).format(fields=fields)
            )
            self.schema.setToolTip(json.dumps(preview.schema, ensure_ascii=False, indent=1))
        else:
            self.schema.setText(self.tr("A plain caption: no structured answer is asked for."))

    def show_error(self, message: str) -> None:
        self.prompt.setPlainText(
            self.tr("The prompt could not be made: {error}").format(error=message)
        )
