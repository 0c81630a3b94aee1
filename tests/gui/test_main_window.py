"""The main window with real files, a real index and the fake cloud API over HTTP."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.core.library import CaptionSource
from desktop_app.core.settings import WriteSettings
from desktop_app.gui.grid.image_model import DisplayState, Roles
from desktop_app.metadata.embedded_fields import read_embedded
from tests.gui.steps import open_and_wait, select
from tests.images import photo_folder, write_jpeg


def test_open_folder_lists_images_with_existing_captions(qtbot, window, tmp_path) -> None:
    photos = photo_folder(tmp_path / "p", 4)
    photos[1].with_suffix(".txt").write_text("Already here.", encoding="utf-8")
    open_and_wait(qtbot, window, tmp_path / "p", 4)
    qtbot.waitUntil(lambda: window.grid.model.row_data(photos[1]).state is DisplayState.HAS_CAPTION)
    assert window.grid.model.row_data(photos[1]).caption == "Already here."
    assert window.grid.model.row_data(photos[0]).state is DisplayState.NO_CAPTION
    assert str(tmp_path / "p") in window.ctx.settings.gui.recent_folders
    qtbot.waitUntil(lambda: "4 images" in window.runs.status.counts.text())


def test_thumbnails_load_off_the_gui_thread_and_broken_files_say_why(
    qtbot, window, tmp_path
) -> None:
    photos = photo_folder(tmp_path / "p", 2)
    (tmp_path / "p" / "zz_broken.jpg").write_bytes(b"\xff\xd8\xffnot really")
    open_and_wait(qtbot, window, tmp_path / "p", 3)
    qtbot.waitUntil(lambda: window.grid.loader.thumbnail(photos[0]) is not None, timeout=10_000)
    image = window.grid.loader.thumbnail(photos[0])
    assert max(image.width(), image.height()) <= window.grid.thumb_size
    broken = tmp_path / "p" / "zz_broken.jpg"
    qtbot.waitUntil(lambda: window.grid.loader.broken_reason(broken) is not None, timeout=10_000)
    assert "not an image" in window.grid.loader.broken_reason(broken)


def test_search_and_state_filter(qtbot, window, tmp_path) -> None:
    photos = photo_folder(tmp_path / "p", 3)
    photos[2].with_suffix(".txt").write_text("A yellow kite over dunes.", encoding="utf-8")
    open_and_wait(qtbot, window, tmp_path / "p", 3)
    qtbot.waitUntil(lambda: window.grid.model.row_data(photos[2]).caption != "")
    window.grid.filters.search.setText("kite")
    qtbot.waitUntil(lambda: window.grid.proxy.rowCount() == 1)
    assert window.grid.proxy.index(0, 0).data() == photos[2].name
    window.grid.filters.search.clear()
    qtbot.waitUntil(lambda: window.grid.proxy.rowCount() == 3)
    window.grid.filters.state_filter.setCurrentIndex(1)  # without caption
    assert window.grid.proxy.rowCount() == 2
    window.grid.filters.search.setText("IMG_0001")
    qtbot.waitUntil(lambda: window.grid.proxy.rowCount() == 1)


def test_thumbnail_size_is_adjustable_and_remembered(qtbot, window, tmp_path) -> None:
    photo_folder(tmp_path / "p", 1)
    open_and_wait(qtbot, window, tmp_path / "p", 1)
    window.grid.filters.size_slider.setValue(256)
    assert window.grid.thumb_size == 256
    assert window.grid.view.gridSize().width() > 256
    window.close()
    assert window.ctx.settings.gui.thumbnail_size == 256


def test_end_to_end_caption_edit_and_save(qtbot, window, tmp_path, cloud_env) -> None:
    dataset = WriteSettings(destinations=("txt",))  # a training dataset: .txt files
    window.ctx.save_settings(dataclasses.replace(window.ctx.settings, write=dataset))
    photos = photo_folder(tmp_path / "p", 3)
    cloud_env.latency = 0.3
    open_and_wait(qtbot, window, tmp_path / "p", 3)
    seen: dict[Path, list[DisplayState]] = {p: [] for p in photos}

    def record(top_left, bottom_right, _roles=()) -> None:
        for row in range(top_left.row(), bottom_right.row() + 1):
            item = window.grid.model.index(row).data(Roles.ROW)
            if item.path in seen and (not seen[item.path] or seen[item.path][-1] is not item.state):
                seen[item.path].append(item.state)

    window.grid.model.dataChanged.connect(record)
    window.runs.caption_missing()
    assert window.runs.stop_action.isEnabled()
    qtbot.waitUntil(
        lambda: all(window.grid.model.row_data(p).state is DisplayState.DONE for p in photos),
        timeout=20_000,
    )
    for photo in photos:
        assert seen[photo][:3] == [DisplayState.QUEUED, DisplayState.CAPTIONING, DisplayState.DONE]
        assert photo.with_suffix(".txt").read_text(encoding="utf-8").startswith("A landscape")
    qtbot.waitUntil(lambda: "3 captioned" in window.runs.status.run_label.text(), timeout=5_000)
    assert "$0.0039" in window.runs.status.run_label.text()

    select(window, photos[0].name)
    qtbot.waitUntil(lambda: window.panel.view.path == photos[0])
    assert window.panel.view.editor.toPlainText().startswith("A landscape")
    window.panel.view.editor.setPlainText("A red harbour at dusk, edited by hand.")
    assert window.panel.view.save_button.isEnabled()
    window.panel.view.save_button.click()
    qtbot.waitUntil(lambda: "Saved to txt" in window.panel.view.status.text(), timeout=5_000)
    assert photos[0].with_suffix(".txt").read_text(encoding="utf-8") == (
        "A red harbour at dusk, edited by hand."
    )
    record_ = window.ctx.library.image_by_path(photos[0])
    history = window.ctx.library.history(record_.id)
    assert [c.source for c in history] == [CaptionSource.EDITED, CaptionSource.GENERATED]
    qtbot.waitUntil(lambda: window.panel.view.history.topLevelItemCount() == 2, timeout=5_000)
    assert not window.panel.view.save_button.isEnabled()


def test_a_new_install_captions_inside_the_photos_and_says_so(
    qtbot, window, tmp_path, cloud_env
) -> None:
    photos = photo_folder(tmp_path / "p", 2)
    open_and_wait(qtbot, window, tmp_path / "p", 2)
    window.runs.caption_missing()
    assert window.runs.status.currentMessage().startswith("Captions go inside the photos")
    qtbot.waitUntil(lambda: "2 captioned" in window.runs.status.run_label.text(), timeout=20_000)
    for photo in photos:
        assert read_embedded(photo).xmp.startswith("A landscape")
        assert not photo.with_suffix(".txt").exists()


def test_revert_and_undo_in_the_editor(qtbot, window, tmp_path) -> None:
    photos = photo_folder(tmp_path / "p", 1)
    photos[0].with_suffix(".txt").write_text("Original.", encoding="utf-8")
    open_and_wait(qtbot, window, tmp_path / "p", 1)
    select(window, photos[0].name)
    qtbot.waitUntil(lambda: window.panel.view.editor.toPlainText() == "Original.")
    qtbot.keyClicks(window.panel.view.editor, " More")
    assert window.panel.view.dirty
    window.panel.view.undo_button.click()
    window.panel.view.revert_button.click()
    assert window.panel.view.editor.toPlainText() == "Original."
    assert not window.panel.view.dirty


def test_failed_image_shows_its_error(qtbot, window, tmp_path, cloud_env) -> None:
    write_jpeg(tmp_path / "p" / "good.jpg", (64, 48))
    (tmp_path / "p" / "bad.jpg").write_bytes(b"\xff\xd8\xff garbage")
    open_and_wait(qtbot, window, tmp_path / "p", 2)
    window.runs.caption_missing()
    bad = tmp_path / "p" / "bad.jpg"
    qtbot.waitUntil(
        lambda: window.grid.model.row_data(bad).state is DisplayState.FAILED, timeout=10_000
    )
    select(window, "bad.jpg")
    qtbot.waitUntil(lambda: window.panel.view.path == bad)
    assert window.panel.view.error_box.isVisibleTo(window.panel.view)
    assert "not an image" in window.panel.view.error_box.text()


def test_missing_key_is_explained_not_crashed(qtbot, window, tmp_path, monkeypatch) -> None:
    photo_folder(tmp_path / "p", 1)
    open_and_wait(qtbot, window, tmp_path / "p", 1)
    shown: list[str] = []
    monkeypatch.setattr(
        "desktop_app.gui.runs.component.QMessageBox.warning",
        lambda _parent, _title, text: shown.append(text),
    )
    window.runs.caption_missing()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "RUNWARE_API_KEY" in shown[0]
    assert window.grid.model.rows()[0].state is DisplayState.NO_CAPTION


def test_drop_a_file_opens_its_folder_and_selects_it(qtbot, window, tmp_path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    photos = photo_folder(tmp_path / "p", 3)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photos[2]))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.grid.model.rowCount() == 3, timeout=10_000)
    qtbot.waitUntil(lambda: window.panel.view.path == photos[2], timeout=5_000)


@pytest.mark.parametrize("shortcut", ["Ctrl+O", "Ctrl+Return", "Ctrl+F", "Ctrl+Shift+C", "Ctrl+R"])
def test_keyboard_shortcuts_exist(window, shortcut: str) -> None:
    shortcuts = {a.shortcut().toString() for a in window.actions()}
    assert shortcut in shortcuts


def test_news_about_the_shown_image_keeps_its_preview(qtbot, window, tmp_path) -> None:
    """A caption found for the image on display updates the panel's text; the preview
    is not decoded again (a 24-MP decode per batch of a big folder used to compete with
    the thumbnails)."""
    photos = photo_folder(tmp_path / "p", 3)
    photos[0].with_suffix(".txt").write_text("Found in the sidecar.", encoding="utf-8")
    decoded: list[Path] = []
    original = window.panel.load_preview

    def counting(path: Path) -> None:
        decoded.append(path)
        original(path)

    window.panel.load_preview = counting
    open_and_wait(qtbot, window, tmp_path / "p", 3)
    qtbot.waitUntil(lambda: window.panel.view.editor.toPlainText() == "Found in the sidecar.")
    qtbot.waitUntil(lambda: window.panel.view.preview._image is not None)
    assert decoded == [photos[0]]
