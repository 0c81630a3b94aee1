"""The caption panel: a large preview, the editor, re-caption, history and errors."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.library import CaptionRecord
from desktop_app.core.prompts import PromptPreset
from desktop_app.gui.grid.image_model import DisplayState, ImageRow
from desktop_app.gui.panel.caption_details import describe_caption, local_time, source_name

PREVIEW_SIZE = 1024


class PreviewLabel(QLabel):
    """Shows an image scaled to fit, keeping the aspect ratio as the panel resizes."""

    def __init__(self) -> None:
        super().__init__()
        self._image: QImage | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setObjectName("preview")

    def set_image(self, image: QImage | None, message: str = "") -> None:
        self._image = image
        if image is None:
            self.setPixmap(QPixmap())
            self.setText(message)
        else:
            self.setText("")
            self._rescale()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._rescale()

    def _rescale(self) -> None:
        if self._image is None or self.width() < 2 or self.height() < 2:
            return
        pixmap = QPixmap.fromImage(self._image).scaled(
            self.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.setPixmap(pixmap)


class CaptionPanel(QWidget):
    save_requested = Signal(object, str)  # path, text
    recaption_requested = Signal(object, str)  # path, preset name
    prompt_preview_requested = Signal(object, str)  # path, preset name
    copy_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self._saved_text = ""
        self.preview = PreviewLabel()
        self.title = QLabel()
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(self.tr("No caption yet. Write one, or caption the image."))
        self.editor.setTabChangesFocus(True)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setToolTip(
            self.tr("Write the caption to the chosen destinations (Ctrl+S)")
        )
        self.revert_button = QPushButton(self.tr("Revert"))
        self.undo_button = QPushButton(self.tr("Undo"))
        self.copy_button = QPushButton(self.tr("Copy"))
        self.preset_combo = QComboBox()
        self.recaption_button = QPushButton(self.tr("Caption again"))
        self.prompt_button = QPushButton(self.tr("Prompt…"))
        self.prompt_button.setToolTip(
            self.tr("Preview the prompt this image would be sent with the chosen preset")
        )
        # Keywords, languages, title and who wrote the caption (issue 8).
        self.details = QLabel()
        self.details.setObjectName("captionDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_box = QLabel()
        self.error_box.setObjectName("errorBox")
        self.error_box.setWordWrap(True)
        self.error_box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_box.setStyleSheet(
            "#errorBox { border: 1px solid #dc2626; border-radius: 6px; padding: 8px; "
            "background: rgba(220, 38, 38, 0.10); }"
        )
        self.history = QTreeWidget()
        self.history.setHeaderLabels(
            [
                self.tr("When"),
                self.tr("Source"),
                self.tr("Backend / model"),
                self.tr("Cost"),
                self.tr("Caption"),
            ]
        )
        self.history.setRootIsDecorated(False)
        self.history.setAlternatingRowColors(True)
        self.status = QLabel()
        self.status.setObjectName("panelStatus")
        self._layout()
        self._connect()
        self.show_row(None)

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.preview, 3)
        layout.addWidget(self.title)
        layout.addWidget(self.editor, 2)
        layout.addWidget(self.details)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.revert_button, self.undo_button, self.copy_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        again = QHBoxLayout()
        again.addWidget(QLabel(self.tr("Preset:")))
        again.addWidget(self.preset_combo, 1)
        again.addWidget(self.recaption_button)
        again.addWidget(self.prompt_button)
        layout.addLayout(again)
        layout.addWidget(self.error_box)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        layout.addWidget(QLabel(self.tr("History")))
        layout.addWidget(self.history, 1)
        layout.addWidget(self.status)

    def _connect(self) -> None:
        self.editor.textChanged.connect(self._update_buttons)
        self.editor.undoAvailable.connect(self.undo_button.setEnabled)
        self.save_button.clicked.connect(self._save)
        self.revert_button.clicked.connect(self.revert)
        self.undo_button.clicked.connect(self.editor.undo)
        self.copy_button.clicked.connect(self._copy)
        self.recaption_button.clicked.connect(self._recaption)
        self.prompt_button.clicked.connect(self._preview_prompt)
        self.history.itemDoubleClicked.connect(self._restore_from_history)
        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.activated.connect(self._save)

    # -- what is shown ---------------------------------------------------------------
    def set_presets(self, presets: list[PromptPreset], current: str) -> None:
        self.preset_combo.clear()
        for preset in presets:
            self.preset_combo.addItem(preset.title, preset.name)
            also = ""
            if preset.produces:
                also = "\n\n" + self.tr("Also writes: {parts}.").format(parts=preset.produces)
            self.preset_combo.setItemData(
                self.preset_combo.count() - 1, preset.prompt + also, Qt.ItemDataRole.ToolTipRole
            )
        position = self.preset_combo.findData(current)
        self.preset_combo.setCurrentIndex(max(0, position))

    def show_row(self, row: ImageRow | None, selected_count: int = 1) -> None:
        self.path = row.path if row else None
        enabled = row is not None
        for widget in (self.editor, self.recaption_button, self.preset_combo, self.copy_button):
            widget.setEnabled(enabled)
        self.prompt_button.setEnabled(enabled)
        self.details.clear()
        if row is None:
            self.title.setText(
                self.tr("%n image(s) selected", "", selected_count)
                if selected_count > 1
                else self.tr("No image selected")
            )
            self.preview.set_image(None, self.tr("Select an image to see it here."))
            self._set_text("")
            self.error_box.hide()
            self.history.clear()
            return
        self.title.setText(
            f"<b>{row.name}</b><br><span style='color:gray'>{row.path.parent}</span>"
        )
        self.preview.set_image(None, self.tr("Loading preview…"))
        self.show_facts(row)

    def show_facts(self, row: ImageRow) -> None:
        """New facts about the image on display (caption, state, error); the preview and
        the undo history of the editor's image stay."""
        if row.path != self.path:
            return
        self._set_text(row.caption)
        if row.state is DisplayState.FAILED and row.error:
            self.error_box.setText(
                self.tr("<b>Captioning failed.</b> {error}").format(error=row.error)
            )
            self.error_box.show()
        else:
            self.error_box.hide()

    def show_preview(self, path: Path, image: QImage | None, message: str = "") -> None:
        if path == self.path:
            self.preview.set_image(image, message)

    def show_history(self, path: Path, records: list[CaptionRecord]) -> None:
        if path != self.path:
            return
        self.details.setText(describe_caption(records[0] if records else None))
        self.history.clear()
        for record in records:
            when = local_time(record.created_at)
            engine = " · ".join(x for x in (record.backend, record.model) if x)
            cost = f"${record.cost:.4f}" if record.cost else ""
            item = QTreeWidgetItem([when, source_name(record.source), engine, cost, record.text])
            item.setToolTip(4, record.text)
            item.setData(0, Qt.ItemDataRole.UserRole, record.text)
            self.history.addTopLevelItem(item)
        for column in range(4):
            self.history.resizeColumnToContents(column)

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def mark_saved(self, path: Path, text: str) -> None:
        if path == self.path:
            self._saved_text = text.strip()
            self._update_buttons()

    # -- editing ---------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self.path is not None and self.editor.toPlainText().strip() != self._saved_text

    def revert(self) -> None:
        self._set_text(self._saved_text)

    def _set_text(self, text: str) -> None:
        self._saved_text = text.strip()
        self.editor.setPlainText(text)
        self.editor.document().clearUndoRedoStacks()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(self.dirty and bool(self.editor.toPlainText().strip()))
        self.revert_button.setEnabled(self.dirty)
        self.undo_button.setEnabled(self.editor.document().isUndoAvailable())

    def _save(self) -> None:
        if self.path is not None and self.save_button.isEnabled():
            self.save_requested.emit(self.path, self.editor.toPlainText().strip())

    def _copy(self) -> None:
        text = self.editor.toPlainText()
        QGuiApplication.clipboard().setText(text)
        self.copy_requested.emit(text)

    def _recaption(self) -> None:
        if self.path is not None:
            self.recaption_requested.emit(self.path, self.preset_combo.currentData())

    def _preview_prompt(self) -> None:
        if self.path is not None:
            self.prompt_preview_requested.emit(self.path, self.preset_combo.currentData())

    def _restore_from_history(self, item: QTreeWidgetItem, _column: int) -> None:
        self.editor.setPlainText(item.data(0, Qt.ItemDataRole.UserRole))
