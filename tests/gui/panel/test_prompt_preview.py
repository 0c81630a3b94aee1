"""The prompt preview: what the model would be sent for one photo, from the panel."""

from __future__ import annotations

import dataclasses

from desktop_app.core.content import ContentSettings
from desktop_app.core.settings import Settings
from desktop_app.gui.panel.prompt_preview import PromptPreviewDialog
from tests import exiftool
from tests.gui.steps import open_and_wait, select
from tests.images import photo_folder, write_jpeg


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


def test_the_panel_opens_a_prompt_preview(qtbot, window, tmp_path) -> None:
    photos = photo_folder(tmp_path / "p", 1)
    open_and_wait(qtbot, window, tmp_path / "p", 1)
    select(window, photos[0].name)
    qtbot.waitUntil(lambda: window.panel.view.path == photos[0])
    window.panel.view.prompt_button.click()
    qtbot.waitUntil(lambda: window.findChild(PromptPreviewDialog) is not None)
    dialog = window.findChild(PromptPreviewDialog)
    qtbot.waitUntil(lambda: "Reading" not in dialog.prompt.toPlainText(), timeout=10_000)
    assert dialog.prompt.toPlainText().startswith("Write a concise")
    dialog.close()
