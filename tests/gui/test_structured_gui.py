"""Structured captions in the window: the caption details, who wrote a caption and the
grid's who-wrote-it filter."""

from __future__ import annotations

import dataclasses

from desktop_app.core.content import ContentSettings
from desktop_app.core.settings import WriteSettings
from tests import exiftool
from tests.gui.steps import open_and_wait, select
from tests.images import photo_folder


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
    window.runs.caption_missing()
    qtbot.waitUntil(lambda: "3 captioned" in window.runs.status.run_label.text(), timeout=20_000)
    assert {window.grid.model.row_data(p).source for p in photos} == {"generated"}

    select(window, photos[0].name)
    qtbot.waitUntil(
        lambda: "Machine-written by cloud" in window.panel.view.details.text(), timeout=5_000
    )
    window.panel.view.editor.setPlainText("Edited by hand.")
    window.panel.view.save_button.click()
    qtbot.waitUntil(lambda: window.grid.model.row_data(photos[0]).source == "edited", timeout=5_000)
    qtbot.waitUntil(lambda: "Edited by a person" in window.panel.view.details.text(), timeout=5_000)
    found = exiftool.tags(photos[0])
    assert found["XMP-fcap:CaptionSource"] == "edited"
    assert found["XMP-dc:Description-en"] == "Edited by hand."

    source_filter = window.findChild(type(window.grid.filters.state_filter), "sourceFilter")
    source_filter.setCurrentIndex(2)  # edited by a person
    qtbot.waitUntil(lambda: window.grid.proxy.rowCount() == 1)
    assert window.grid.proxy.index(0, 0).data() == photos[0].name
    source_filter.setCurrentIndex(1)  # machine-written
    qtbot.waitUntil(lambda: window.grid.proxy.rowCount() == 2)
    source_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: window.grid.proxy.rowCount() == 3)
