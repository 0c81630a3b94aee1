"""The settings dialog's "Prompts" page: built-in presets, the user's own, the default."""

from __future__ import annotations

from desktop_app.core.settings import Settings
from desktop_app.gui.settings.prompts_page import PromptsPage


def make_page(qtbot) -> PromptsPage:
    page = PromptsPage(Settings())
    qtbot.addWidget(page)
    return page


def test_presets_can_be_duplicated_edited_and_made_default(qtbot) -> None:
    page = make_page(qtbot)
    assert not page.preset_title.isEnabled()  # built-ins are read-only
    page.duplicate_preset()
    assert page.preset_title.isEnabled()
    page.preset_title.setText("Short and warm")
    page.preset_title.editingFinished.emit()
    page.preset_prompt.setPlainText("Describe the image warmly in one sentence.")
    page.default_preset.setCurrentIndex(page.default_preset.findData("concise-1-2-sentences-copy"))
    result = page.apply(Settings())
    [mine] = result.prompts.user_presets
    assert mine.name == "concise-1-2-sentences-copy"
    assert mine.title == "Short and warm"
    assert mine.prompt == "Describe the image warmly in one sentence."
    assert result.prompts.preset == "concise-1-2-sentences-copy"
    page.delete_preset()
    assert page.apply(Settings()).prompts.user_presets == ()


def test_user_presets_say_what_they_produce(qtbot) -> None:
    page = make_page(qtbot)
    names = [page.preset_list.item(i).data(256) for i in range(page.preset_list.count())]
    page.preset_list.setCurrentRow(names.index("stock"))
    assert page.preset_extras.keywords.isChecked()
    assert not page.preset_extras.keywords.isEnabled()  # built-ins are read-only
    page.duplicate_preset()
    copy = page.user_presets[-1]
    assert (copy.keywords, copy.short_title, copy.builtin) == (True, True, False)
    assert page.preset_extras.keywords.isEnabled()
    page.preset_extras.languages.setText("en, de")
    page.preset_extras.languages.editingFinished.emit()
    page.preset_extras.alt_text.setChecked(True)
    saved = page.apply(Settings()).prompts.user_presets[-1]
    assert saved.languages == ("en", "de")
    assert saved.alt_text
    assert saved.produces == "title, alt text, keywords; en, de"
