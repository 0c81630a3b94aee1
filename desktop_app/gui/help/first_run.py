"""The first-run screen: where captions are made, and what they are for.

Three honest choices of backend: the cloud (fast, needs a key, costs a little, images
leave the computer), this computer (private and offline after one download, slower on
a CPU), or the user's own OpenAI-compatible server. Then what the captions are for,
which decides where they are written: a photo library (inside each photo, where
Lightroom, Bridge, darktable and digiKam read them; RAW and HEIC files get an XMP
sidecar), a training dataset (a .txt file beside each image), or both. Settings
changes either at any time.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_DISPLAY_NAME
from desktop_app.backends import registry as backends
from desktop_app.core.settings import PHOTO_LIBRARY, TRAINING_DATASET
from desktop_app.gui.texts import QT_TRANSLATE_NOOP

CHOICES: list[tuple[str, str, str]] = [
    (
        "cloud",
        QT_TRANSLATE_NOOP("FirstRunDialog", "In the cloud (Runware, Qwen2.5-VL 3B or 7B)"),
        QT_TRANSLATE_NOOP(
            "FirstRunDialog",
            "Fast on any computer. Needs an API key from runware.ai and costs about "
            "$0.0013-0.0026 per caption. Images are downscaled (about 1 megapixel) and "
            "sent over the internet.",
        ),
    ),
    (
        "local",
        QT_TRANSLATE_NOOP("FirstRunDialog", "On this computer (Qwen2.5-VL, offline)"),
        QT_TRANSLATE_NOOP(
            "FirstRunDialog",
            "Private: images never leave this computer, and no account is needed. One "
            "download of about 3.3 GB (3B model), then it works offline. On a CPU a "
            "caption takes from several seconds to a few minutes; a GPU is much faster.",
        ),
    ),
    (
        "openai",
        QT_TRANSLATE_NOOP(
            "FirstRunDialog",
            "On my own server (OpenAI-compatible: Ollama, LM Studio, vLLM, llama-server)",
        ),
        QT_TRANSLATE_NOOP(
            "FirstRunDialog",
            "For studios that run models on another machine. You give the server's "
            "address and the model's name in Settings.",
        ),
    ),
]

USES: list[tuple[tuple[str, ...], str, str]] = [
    (
        PHOTO_LIBRARY,
        QT_TRANSLATE_NOOP(
            "FirstRunDialog",
            "A photo library (Lightroom, Bridge, darktable, digiKam, Photo Mechanic)",
        ),
        QT_TRANSLATE_NOOP(
            "FirstRunDialog",
            "The caption goes inside each photo (XMP, IPTC and EXIF), where photo tools "
            "read it; nothing else in the file changes. RAW and HEIC files get an XMP "
            "sidecar beside them instead.",
        ),
    ),
    (
        TRAINING_DATASET,
        QT_TRANSLATE_NOOP("FirstRunDialog", "A training dataset (kohya, OneTrainer, TagGUI)"),
        QT_TRANSLATE_NOOP(
            "FirstRunDialog",
            "A .txt file beside each image holds its caption; the images are never changed.",
        ),
    ),
    (
        PHOTO_LIBRARY + TRAINING_DATASET,
        QT_TRANSLATE_NOOP("FirstRunDialog", "Both"),
        QT_TRANSLATE_NOOP("FirstRunDialog", "Inside each photo and in a .txt file beside it."),
    ),
]


class FirstRunDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to {app}").format(app=APP_DISPLAY_NAME))
        self.resize(640, 720)
        intro = QLabel(
            self.tr(
                "<h2>Welcome to {app}</h2><p>It writes a caption for each photo and stores "
                "it where Lightroom, darktable, digiKam and training tools find it. Choose "
                "where the captions are made, and what they are for. You can change both "
                "later in Settings.</p>"
            ).format(app=APP_DISPLAY_NAME)
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(self.tr("<b>Where are the captions made?</b>")))
        self.group = QButtonGroup(self)
        available = set(backends.backend_ids())
        for backend_id, title, explanation in CHOICES:
            button = QRadioButton(self.tr(title))
            button.setObjectName(f"choice_{backend_id}")
            button.setEnabled(backend_id in available)
            self.group.addButton(button)
            button.setProperty("backend", backend_id)
            text = QLabel(self.tr(explanation))
            text.setWordWrap(True)
            text.setContentsMargins(24, 0, 0, 8)
            text.setStyleSheet("color: palette(placeholder-text);")
            layout.addWidget(button)
            layout.addWidget(text)
        first = self.group.buttons()[0]
        first.setChecked(True)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        self.key_label = QLabel(
            self.tr("Runware API key (saved in your system's keyring, never in a file):")
        )
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(self.tr("Paste the key, or leave empty to add it later"))
        layout.addWidget(self.key_label)
        layout.addWidget(self.key_edit)
        self.uses = self._uses_section(layout)
        layout.addStretch(1)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("Continue"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Decide later"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.group.buttonToggled.connect(lambda *_: self._update())
        self._update()

    def _uses_section(self, layout: QVBoxLayout) -> QButtonGroup:
        """What the captions are for: this picks the destinations."""
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        layout.addWidget(QLabel(self.tr("<b>What are the captions for?</b>")))
        group = QButtonGroup(self)
        for index, (destinations, title, explanation) in enumerate(USES):
            button = QRadioButton(self.tr(title))
            button.setObjectName(f"use_{index}")
            button.setProperty("destinations", ",".join(destinations))
            group.addButton(button)
            text = QLabel(self.tr(explanation))
            text.setWordWrap(True)
            text.setContentsMargins(24, 0, 0, 8)
            text.setStyleSheet("color: palette(placeholder-text);")
            layout.addWidget(button)
            layout.addWidget(text)
        group.buttons()[0].setChecked(True)  # a photo library, the app's default
        return group

    @property
    def destinations(self) -> tuple[str, ...]:
        checked = self.uses.checkedButton()
        value = str(checked.property("destinations")) if checked else ""
        return tuple(value.split(",")) if value else PHOTO_LIBRARY

    @property
    def backend(self) -> str:
        checked = self.group.checkedButton()
        return str(checked.property("backend")) if checked else "cloud"

    @property
    def api_key(self) -> str:
        return self.key_edit.text().strip() if self.backend == "cloud" else ""

    def _update(self) -> None:
        cloud = self.backend == "cloud"
        self.key_label.setVisible(cloud)
        self.key_edit.setVisible(cloud)
        self.key_edit.setFocus(Qt.FocusReason.OtherFocusReason)
