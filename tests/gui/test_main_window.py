"""The main window with real files, a real index and the fake cloud API over HTTP."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from desktop_app.core.library import CaptionSource
from desktop_app.core.settings import WriteSettings
from desktop_app.gui.image_model import DisplayState, Roles
from desktop_app.gui.main_window import MainWindow
from desktop_app.metadata.embedded_fields import read_embedded
from tests.images import photo_folder, write_jpeg


def open_and_wait(qtbot, window: MainWindow, folder: Path, count: int) -> None:
    window.open_folder(folder)
    qtbot.waitUntil(lambda: window.model.rowCount() == count, timeout=10_000)
    window.folder_loader.wait()
    qtbot.wait(50)


def select(window: MainWindow, *names: str) -> None:
    selection = window.grid.selectionModel()
    selection.clearSelection()
    for row in range(window.proxy.rowCount()):
        index = window.proxy.index(row, 0)
        if index.data() in names:
            selection.select(index, QItemSelectionModel.SelectionFlag.Select)
            window.grid.setCurrentIndex(index)


def test_open_folder_lists_images_with_existing_captions(qtbot, window, tmp_path) -> None:
    photos = photo_folder(tmp_path / "p", 4)
    photos[1].with_suffix(".txt").write_text("Already here.", encoding="utf-8")
    open_and_wait(qtbot, window, tmp_path / "p", 4)
    qtbot.waitUntil(lambda: window.model.row_data(photos[1]).state is DisplayState.HAS_CAPTION)
    assert window.model.row_data(photos[1]).caption == "Already here."
    assert window.model.row_data(photos[0]).state is DisplayState.NO_CAPTION
    assert str(tmp_path / "p") in window.ctx.settings.gui.recent_folders
    qtbot.waitUntil(lambda: "4 images" in window.status.counts.text())


def test_thumbnails_load_off_the_gui_thread_and_broken_files_say_why(
    qtbot, window, tmp_path
) -> None:
    photos = photo_folder(tmp_path / "p", 2)
    (tmp_path / "p" / "zz_broken.jpg").write_bytes(b"\xff\xd8\xffnot really")
    open_and_wait(qtbot, window, tmp_path / "p", 3)
    qtbot.waitUntil(lambda: window.loader.thumbnail(photos[0]) is not None, timeout=10_000)
    image = window.loader.thumbnail(photos[0])
    assert max(image.width(), image.height()) <= window.grid.thumb_size
    broken = tmp_path / "p" / "zz_broken.jpg"
    qtbot.waitUntil(lambda: window.loader.broken_reason(broken) is not None, timeout=10_000)
    assert "not an image" in window.loader.broken_reason(broken)


def test_search_and_state_filter(qtbot, window, tmp_path) -> None:
    photos = photo_folder(tmp_path / "p", 3)
    photos[2].with_suffix(".txt").write_text("A yellow kite over dunes.", encoding="utf-8")
    open_and_wait(qtbot, window, tmp_path / "p", 3)
    qtbot.waitUntil(lambda: window.model.row_data(photos[2]).caption != "")
    window.search.setText("kite")
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1)
    assert window.proxy.index(0, 0).data() == photos[2].name
    window.search.clear()
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 3)
    window.state_filter.setCurrentIndex(1)  # without caption
    assert window.proxy.rowCount() == 2
    window.search.setText("IMG_0001")
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1)


def test_thumbnail_size_is_adjustable_and_remembered(qtbot, window, tmp_path) -> None:
    photo_folder(tmp_path / "p", 1)
    open_and_wait(qtbot, window, tmp_path / "p", 1)
    window.size_slider.setValue(256)
    assert window.grid.thumb_size == 256
    assert window.grid.gridSize().width() > 256
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
            item = window.model.index(row).data(Roles.ROW)
            if item.path in seen and (not seen[item.path] or seen[item.path][-1] is not item.state):
                seen[item.path].append(item.state)

    window.model.dataChanged.connect(record)
    window.caption_missing()
    assert window.stop_action.isEnabled()
    qtbot.waitUntil(
        lambda: all(window.model.row_data(p).state is DisplayState.DONE for p in photos),
        timeout=20_000,
    )
    for photo in photos:
        assert seen[photo][:3] == [DisplayState.QUEUED, DisplayState.CAPTIONING, DisplayState.DONE]
        assert photo.with_suffix(".txt").read_text(encoding="utf-8").startswith("A landscape")
    qtbot.waitUntil(lambda: "3 captioned" in window.status.run_label.text(), timeout=5_000)
    assert "$0.0039" in window.status.run_label.text()

    select(window, photos[0].name)
    qtbot.waitUntil(lambda: window.panel.path == photos[0])
    assert window.panel.editor.toPlainText().startswith("A landscape")
    window.panel.editor.setPlainText("A red harbour at dusk, edited by hand.")
    assert window.panel.save_button.isEnabled()
    window.panel.save_button.click()
    qtbot.waitUntil(lambda: "Saved to txt" in window.panel.status.text(), timeout=5_000)
    assert photos[0].with_suffix(".txt").read_text(encoding="utf-8") == (
        "A red harbour at dusk, edited by hand."
    )
    record_ = window.ctx.library.image_by_path(photos[0])
    history = window.ctx.library.history(record_.id)
    assert [c.source for c in history] == [CaptionSource.EDITED, CaptionSource.GENERATED]
    qtbot.waitUntil(lambda: window.panel.history.topLevelItemCount() == 2, timeout=5_000)
    assert not window.panel.save_button.isEnabled()


def test_a_new_install_captions_inside_the_photos_and_says_so(
    qtbot, window, tmp_path, cloud_env
) -> None:
    photos = photo_folder(tmp_path / "p", 2)
    open_and_wait(qtbot, window, tmp_path / "p", 2)
    window.caption_missing()
    assert window.status.currentMessage().startswith("Captions go inside the photos")
    qtbot.waitUntil(lambda: "2 captioned" in window.status.run_label.text(), timeout=20_000)
    for photo in photos:
        assert read_embedded(photo).xmp.startswith("A landscape")
        assert not photo.with_suffix(".txt").exists()


def test_revert_and_undo_in_the_editor(qtbot, window, tmp_path) -> None:
    photos = photo_folder(tmp_path / "p", 1)
    photos[0].with_suffix(".txt").write_text("Original.", encoding="utf-8")
    open_and_wait(qtbot, window, tmp_path / "p", 1)
    select(window, photos[0].name)
    qtbot.waitUntil(lambda: window.panel.editor.toPlainText() == "Original.")
    qtbot.keyClicks(window.panel.editor, " More")
    assert window.panel.dirty
    window.panel.undo_button.click()
    window.panel.revert_button.click()
    assert window.panel.editor.toPlainText() == "Original."
    assert not window.panel.dirty


def test_failed_image_shows_its_error(qtbot, window, tmp_path, cloud_env) -> None:
    write_jpeg(tmp_path / "p" / "good.jpg", (64, 48))
    (tmp_path / "p" / "bad.jpg").write_bytes(b"\xff\xd8\xff garbage")
    open_and_wait(qtbot, window, tmp_path / "p", 2)
    window.caption_missing()
    bad = tmp_path / "p" / "bad.jpg"
    qtbot.waitUntil(lambda: window.model.row_data(bad).state is DisplayState.FAILED, timeout=10_000)
    select(window, "bad.jpg")
    qtbot.waitUntil(lambda: window.panel.path == bad)
    assert window.panel.error_box.isVisibleTo(window.panel)
    assert "not an image" in window.panel.error_box.text()


def test_missing_key_is_explained_not_crashed(qtbot, window, tmp_path, monkeypatch) -> None:
    photo_folder(tmp_path / "p", 1)
    open_and_wait(qtbot, window, tmp_path / "p", 1)
    shown: list[str] = []
    monkeypatch.setattr(
        "desktop_app.gui.main_window.QMessageBox.warning",
        lambda _parent, _title, text: shown.append(text),
    )
    window.caption_missing()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "RUNWARE_API_KEY" in shown[0]
    assert window.model.rows()[0].state is DisplayState.NO_CAPTION


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
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=10_000)
    qtbot.waitUntil(lambda: window.panel.path == photos[2], timeout=5_000)


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
    original = window._load_preview

    def counting(path: Path) -> None:
        decoded.append(path)
        original(path)

    window._load_preview = counting
    open_and_wait(qtbot, window, tmp_path / "p", 3)
    qtbot.waitUntil(lambda: window.panel.editor.toPlainText() == "Found in the sidecar.")
    qtbot.waitUntil(lambda: window.panel.preview._image is not None)
    assert decoded == [photos[0]]
