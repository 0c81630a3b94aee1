"""The window's controls for structured captions: the "Keywords & languages" settings
page, the prompt preview, the caption details and the who-wrote-it filter."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel

from desktop_app.core.content import ContentSettings, vocabulary_file
from desktop_app.core.secrets import SecretStore
from desktop_app.core.settings import Settings, WriteSettings
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.panel.prompt_preview import PromptPreviewDialog
from desktop_app.gui.settings.dialog import SettingsDialog
from tests import exiftool
from tests.images import photo_folder, write_jpeg
from tests.keyword_lists import write_lightroom_export


def open_and_wait(qtbot, window: MainWindow, folder: Path, count: int) -> None:
    window.open_folder(folder)
    qtbot.waitUntil(lambda: window.model.rowCount() == count, timeout=10_000)
    window.folder_loader.wait()
    qtbot.wait(50)


def select(window: MainWindow, name: str) -> None:
    for row in range(window.proxy.rowCount()):
        index = window.proxy.index(row, 0)
        if index.data() == name:
            window.grid.selectionModel().select(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            window.grid.setCurrentIndex(index)


def test_the_settings_page_edits_content_settings(qtbot, ctx, tmp_path) -> None:
    dialog = SettingsDialog(Settings(), ctx.background, SecretStore())
    qtbot.addWidget(dialog)
    page = dialog.content_page
    page.import_file(write_lightroom_export(tmp_path / "Keywords.txt"))
    qtbot.waitUntil(lambda: "20 keywords" in page.vocabulary_label.text(), timeout=5_000)
    assert page.keywords_box.isChecked()  # importing a vocabulary turns keywords on
    page.max_keywords.setValue(7)
    page.title_box.setChecked(True)
    page.languages_edit.setText("EN, de fr")
    assert "English, German, French" in page.languages_note.text()
    page.provenance_box.setChecked(False)
    page.writer_edit.setText("Jane Doe")
    content = dialog.result_settings().content
    assert content.keywords
    assert content.max_keywords == 7
    assert content.title
    assert content.languages == ("en", "de", "fr")
    assert not content.mark_provenance
    assert content.prompt_writer == "Jane Doe"
    assert content.vocabulary == str(vocabulary_file())  # kept as a copy on OK
    assert "Gull" in vocabulary_file().read_text(encoding="utf-8")
    page.languages_edit.setText("english!")
    assert "✗" in page.languages_note.text()
    assert dialog.result_settings().content.languages == ()  # the old value stays


def test_a_broken_keyword_file_is_explained(qtbot, ctx, tmp_path) -> None:
    dialog = SettingsDialog(Settings(), ctx.background, SecretStore())
    qtbot.addWidget(dialog)
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(300))
    dialog.content_page.import_file(binary)
    qtbot.waitUntil(lambda: "✗" in dialog.content_page.vocabulary_label.text(), timeout=5_000)
    assert "not a text file" in dialog.content_page.vocabulary_label.text()
    assert dialog.result_settings().content.vocabulary == ""


@exiftool.requires_exiftool
def test_the_prompt_preview_shows_the_photos_place(qtbot, ctx, tmp_path) -> None:
    photo = exiftool.write_tags(
        write_jpeg(tmp_path / "matterhorn.jpg", (96, 64)), *exiftool.ZERMATT_GPS
    )
    settings = dataclasses.replace(Settings(), content=ContentSettings(keywords=True))
    dialog = PromptPreviewDialog(settings, ctx.background, photo, "in-context")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "Zermatt" in dialog.prompt.toPlainText(), timeout=10_000)
    text = dialog.prompt.toPlainText()
    assert "taken in Zermatt, Valais, Switzerland" in text
    assert "Answer with one JSON object" in text
    assert dialog.context.topLevelItemCount() >= 4
    assert "keywords" in dialog.schema.text()


@exiftool.requires_exiftool
def test_details_provenance_and_the_source_filter(qtbot, window, tmp_path, cloud_env) -> None:
    settings = dataclasses.replace(
        window.ctx.settings,
        write=WriteSettings(destinations=("embedded",)),
        content=ContentSettings(keywords=True, languages=("en",)),
    )
    window.ctx.save_settings(settings)
    photos = photo_folder(tmp_path / "p", 3)
    open_and_wait(qtbot, window, tmp_path / "p", 3)
    window.caption_missing()
    qtbot.waitUntil(lambda: "3 captioned" in window.status.run_label.text(), timeout=20_000)
    assert {window.model.row_data(p).source for p in photos} == {"generated"}

    select(window, photos[0].name)
    qtbot.waitUntil(
        lambda: "Machine-written by cloud" in window.panel.details.text(), timeout=5_000
    )
    window.panel.editor.setPlainText("Edited by hand.")
    window.panel.save_button.click()
    qtbot.waitUntil(lambda: window.model.row_data(photos[0]).source == "edited", timeout=5_000)
    qtbot.waitUntil(lambda: "Edited by a person" in window.panel.details.text(), timeout=5_000)
    found = exiftool.tags(photos[0])
    assert found["XMP-fcap:CaptionSource"] == "edited"
    assert found["XMP-dc:Description-en"] == "Edited by hand."

    source_filter = window.findChild(type(window.state_filter), "sourceFilter")
    source_filter.setCurrentIndex(2)  # edited by a person
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1)
    assert window.proxy.index(0, 0).data() == photos[0].name
    source_filter.setCurrentIndex(1)  # machine-written
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 2)
    source_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 3)


def test_the_panel_opens_a_prompt_preview(qtbot, window, tmp_path) -> None:
    photos = photo_folder(tmp_path / "p", 1)
    open_and_wait(qtbot, window, tmp_path / "p", 1)
    select(window, photos[0].name)
    qtbot.waitUntil(lambda: window.panel.path == photos[0])
    window.panel.prompt_button.click()
    qtbot.waitUntil(lambda: window.findChild(PromptPreviewDialog) is not None)
    dialog = window.findChild(PromptPreviewDialog)
    qtbot.waitUntil(lambda: "Reading" not in dialog.prompt.toPlainText(), timeout=10_000)
    assert dialog.prompt.toPlainText().startswith("Write a concise")
    dialog.close()


def test_user_presets_say_what_they_produce(qtbot, ctx) -> None:
    dialog = SettingsDialog(Settings(), ctx.background, SecretStore())
    qtbot.addWidget(dialog)
    names = [dialog.preset_list.item(i).data(256) for i in range(dialog.preset_list.count())]
    dialog.preset_list.setCurrentRow(names.index("stock"))
    assert dialog.preset_extras.keywords.isChecked()
    assert not dialog.preset_extras.keywords.isEnabled()  # built-ins are read-only
    dialog._duplicate_preset()
    copy = dialog.user_presets[-1]
    assert (copy.keywords, copy.short_title, copy.builtin) == (True, True, False)
    assert dialog.preset_extras.keywords.isEnabled()
    dialog.preset_extras.languages.setText("en, de")
    dialog.preset_extras.languages.editingFinished.emit()
    dialog.preset_extras.alt_text.setChecked(True)
    saved = dialog.result_settings().prompts.user_presets[-1]
    assert saved.languages == ("en", "de")
    assert saved.alt_text
    assert saved.produces == "title, alt text, keywords; en, de"
