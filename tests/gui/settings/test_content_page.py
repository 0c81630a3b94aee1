"""The settings dialog's "Keywords & languages" page: keywords, vocabulary, languages."""

from __future__ import annotations

from desktop_app.core.content import vocabulary_file
from desktop_app.core.secrets import SecretStore
from desktop_app.core.settings import Settings
from desktop_app.gui.settings.dialog import SettingsDialog
from tests.keyword_lists import write_lightroom_export


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
    # Each language by its own name, readable whatever the window's language.
    assert "English, Deutsch, français" in page.languages_note.text()
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
