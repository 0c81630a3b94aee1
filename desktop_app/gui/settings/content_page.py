"""The settings dialog's "Keywords & languages" page: keywords and the vocabulary they
come from, caption languages, title and alt text, prompt context and provenance.

It edits a copy of ``ContentSettings``. Importing a vocabulary parses it on a worker
thread and shows what was found; the copy the app keeps is written only when the
dialog is accepted (``content_settings`` with ``commit=True``), so Cancel leaves
everything as it was.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop_app.backends.languages import BadLanguage, parse_languages
from desktop_app.core.content import ContentSettings, vocabulary_file
from desktop_app.core.settings import Settings
from desktop_app.core.templates import VARIABLES
from desktop_app.core.vocabulary import Vocabulary, format_keyword_list, read_keyword_file
from desktop_app.gui.background import Background
from desktop_app.gui.panel.prompt_preview import PromptPreviewDialog
from desktop_app.metadata.atomic import write_new_file


class ContentPage(QWidget):
    def __init__(self, settings: Settings, background: Background) -> None:
        super().__init__()
        self.settings = settings
        self.background = background
        content = settings.content
        self._vocabulary_path = content.vocabulary
        self._pending: Vocabulary | None = None  # imported, written on commit
        self.keywords_box = QCheckBox(self.tr("Add keywords to each caption"))
        self.keywords_box.setChecked(content.keywords)
        self.max_keywords = QSpinBox()
        self.max_keywords.setRange(1, 100)
        self.max_keywords.setValue(content.max_keywords)
        self.vocabulary_label = QLabel()
        self.vocabulary_label.setObjectName("vocabularyLabel")
        self.vocabulary_label.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Import keyword list…"))
        self.import_button.setToolTip(
            self.tr(
                "Lightroom Classic: Metadata > Export Keywords; or a text file, one keyword "
                "(or Parent|Child path) per line"
            )
        )
        self.clear_button = QPushButton(self.tr("Clear"))
        self.vocabulary_only = self._box(
            self.tr("Only keywords from the list"), content.vocabulary_only
        )
        self.parents_box = self._box(
            self.tr("Also write the parent keywords"), content.include_parents
        )
        self.synonyms_box = self._box(self.tr("Also write synonyms"), content.include_synonyms)
        self.title_box = self._box(self.tr("Add a short title"), content.title)
        self.alt_text_box = self._box(self.tr("Add alt text (accessibility)"), content.alt_text)
        self.languages_edit = QLineEdit(", ".join(content.languages))
        self.languages_edit.setObjectName("languagesEdit")
        self.languages_edit.setPlaceholderText(self.tr("the prompt's language (e.g. en, de, fr)"))
        self.languages_note = QLabel()
        self.languages_note.setWordWrap(True)
        self.context_box = self._box(
            self.tr("Fill the prompt's variables from each photo"), content.use_context
        )
        self.provenance_box = self._box(
            self.tr("Mark machine-written captions in XMP (IPTC AI properties)"),
            content.mark_provenance,
        )
        self.writer_edit = QLineEdit(content.prompt_writer)
        self.writer_edit.setPlaceholderText(self.tr("your name, for your own prompts"))
        self.preview_button = QPushButton(self.tr("Preview the prompt for a photo…"))
        self._layout()
        self.import_button.clicked.connect(self._choose_file)
        self.clear_button.clicked.connect(self._clear_vocabulary)
        self.languages_edit.textChanged.connect(self._check_languages)
        self.preview_button.clicked.connect(self._preview)
        self._show_vocabulary(None)
        self._check_languages()

    @staticmethod
    def _box(label: str, checked: bool) -> QCheckBox:
        box = QCheckBox(label)
        box.setChecked(checked)
        return box

    def _layout(self) -> None:
        layout = QFormLayout(self)
        keywords = QHBoxLayout()
        keywords.addWidget(self.keywords_box)
        keywords.addWidget(QLabel(self.tr("at most")))
        keywords.addWidget(self.max_keywords)
        keywords.addStretch(1)
        layout.addRow(self.tr("Keywords"), keywords)
        vocabulary = QHBoxLayout()
        vocabulary.addWidget(self.vocabulary_label, 1)
        vocabulary.addWidget(self.import_button)
        vocabulary.addWidget(self.clear_button)
        layout.addRow(self.tr("Vocabulary"), vocabulary)
        for box in (self.vocabulary_only, self.parents_box, self.synonyms_box):
            layout.addRow("", box)
        layout.addRow(self.tr("Also"), self.title_box)
        layout.addRow("", self.alt_text_box)
        layout.addRow(self.tr("Languages"), self.languages_edit)
        layout.addRow("", self.languages_note)
        variables = ", ".join(f"{{{name}}}" for name in VARIABLES)
        help_text = QLabel(
            self.tr(
                "Prompts may use {variables}. A part in [brackets] disappears when its "
                "variables are unknown: “A photo[ taken in {{place}}].”"
            ).format(variables=variables)
        )
        help_text.setWordWrap(True)
        layout.addRow(self.tr("Context"), self.context_box)
        layout.addRow("", help_text)
        layout.addRow("", self.preview_button)
        layout.addRow(self.tr("Provenance"), self.provenance_box)
        layout.addRow(self.tr("Prompt writer"), self.writer_edit)

    # -- vocabulary ------------------------------------------------------------------------
    def _show_vocabulary(self, vocabulary: Vocabulary | None) -> None:
        if vocabulary is not None:
            count = len(vocabulary.choices())
            text = self.tr("{file}: %n keyword(s) (imported when you press OK)", "", count)
            self.vocabulary_label.setText(text.format(file=Path(vocabulary.source).name))
        elif self._vocabulary_path:
            self.vocabulary_label.setText(
                self.tr("{file} (imported)").format(file=Path(self._vocabulary_path).name)
            )
        else:
            self.vocabulary_label.setText(self.tr("None: the model chooses keywords freely."))
        self.clear_button.setEnabled(bool(vocabulary or self._vocabulary_path))

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a keyword list"),
            "",
            self.tr("Keyword lists (*.txt *.csv);;All files (*)"),
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        """Parse ``path`` off the GUI thread and show what it holds."""
        self.vocabulary_label.setText(self.tr("Reading {file}…").format(file=path.name))

        def done(vocabulary: object) -> None:
            assert isinstance(vocabulary, Vocabulary)
            self._pending = vocabulary
            self.keywords_box.setChecked(True)
            self._show_vocabulary(vocabulary)

        def failed(message: str) -> None:
            self.vocabulary_label.setText(f"✗ {message}")

        self.background.submit(lambda: read_keyword_file(path), done, failed)

    def _clear_vocabulary(self) -> None:
        self._pending = None
        self._vocabulary_path = ""
        self._show_vocabulary(None)

    # -- languages -------------------------------------------------------------------------
    def _languages(self) -> tuple[str, ...] | None:
        try:
            return parse_languages(self.languages_edit.text())
        except BadLanguage:
            return None

    def _check_languages(self) -> None:
        codes = self._languages()
        if codes is None:
            self.languages_note.setText(
                self.tr("✗ Use language codes such as en, de, fr or pt-BR.")
            )
        elif not codes:
            self.languages_note.setText(
                self.tr("Captions are written as the prompt asks (x-default).")
            )
        else:
            names = ", ".join(native_name(code) for code in codes)
            self.languages_note.setText(
                self.tr(
                    "{languages}. The first is the default: EXIF, IPTC and XMP x-default."
                ).format(languages=names)
            )

    # -- preview and result ----------------------------------------------------------------
    def _preview(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Preview the prompt for"), "", self.tr("Images (*)")
        )
        if name:
            settings = dataclasses.replace(self.settings, content=self.content_settings())
            PromptPreviewDialog(settings, self.background, Path(name), parent=self).show()

    def apply(self, settings: Settings) -> Settings:
        """``settings`` with this page's choices; an imported vocabulary is kept now."""
        return dataclasses.replace(settings, content=self.content_settings(commit=True))

    def content_settings(self, *, commit: bool = False) -> ContentSettings:
        """The page's settings; with ``commit`` an imported vocabulary is saved first."""
        vocabulary = self._vocabulary_path
        if self._pending is not None and commit:
            target = vocabulary_file()
            target.parent.mkdir(parents=True, exist_ok=True)
            write_new_file(target, format_keyword_list(self._pending).encode("utf-8"))
            vocabulary = str(target)
        elif self._pending is not None:
            vocabulary = self._pending.source  # not kept yet: the file itself
        languages = self._languages()
        return dataclasses.replace(
            self.settings.content,
            keywords=self.keywords_box.isChecked(),
            max_keywords=self.max_keywords.value(),
            vocabulary=vocabulary,
            vocabulary_only=self.vocabulary_only.isChecked(),
            include_parents=self.parents_box.isChecked(),
            include_synonyms=self.synonyms_box.isChecked(),
            title=self.title_box.isChecked(),
            alt_text=self.alt_text_box.isChecked(),
            languages=self.settings.content.languages if languages is None else languages,
            use_context=self.context_box.isChecked(),
            mark_provenance=self.provenance_box.isChecked(),
            prompt_writer=self.writer_edit.text().strip(),
        )


def native_name(code: str) -> str:
    """A language as its speakers write it ("Deutsch"): readable whatever the window's
    language (the prompt names it in English for the model, which is a different thing)."""
    locale = QLocale(code)
    if locale.language() == QLocale.Language.C:
        return code
    if locale.language() == QLocale.Language.English and "-" not in code:
        return "English"  # Qt names plain "en" by its default country: "American English"
    return locale.nativeLanguageName() or code
