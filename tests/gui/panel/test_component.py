"""The panel component on its own: what it shows for a selection, saving an edit."""

from __future__ import annotations

import threading
from pathlib import Path

from desktop_app.gui.grid.component import GridComponent
from desktop_app.gui.grid.image_model import DisplayState
from desktop_app.gui.panel.component import PanelComponent
from desktop_app.metadata.embedded_fields import read_embedded
from tests.gui.components import parent_widget, rows_for
from tests.images import photo_folder


def make_parts(qtbot, ctx) -> tuple[GridComponent, PanelComponent]:
    window = parent_widget(qtbot)
    grid = GridComponent(ctx.thumbnails, window)
    panel = PanelComponent(ctx.library, ctx.background, ctx, grid, window)
    return grid, panel


def shown(panel: PanelComponent) -> Path | None:
    return panel.view.path


def test_one_selected_image_is_shown_with_its_preview(qtbot, ctx, tmp_path: Path) -> None:
    grid, panel = make_parts(qtbot, ctx)
    photos = photo_folder(tmp_path / "p", 2)
    rows = rows_for(photos, DisplayState.HAS_CAPTION, "A harbour.")
    grid.add_rows(rows)
    panel.show_selection(rows[:1])
    assert shown(panel) == photos[0]
    assert panel.view.editor.toPlainText() == "A harbour."
    qtbot.waitUntil(lambda: panel.view.preview._image is not None, timeout=10_000)
    panel.show_selection(rows)
    assert shown(panel) is None
    assert panel.view.title.text() == "2 images selected"


def test_news_for_the_shown_image_updates_its_text_unless_it_is_being_edited(
    qtbot, ctx, tmp_path: Path
) -> None:
    grid, panel = make_parts(qtbot, ctx)
    photos = photo_folder(tmp_path / "p", 1)
    rows = rows_for(photos)
    grid.add_rows(rows)
    panel.show_selection(rows)
    grid.update_rows([(photos[0], {"caption": "Found in a sidecar."})])
    panel.refresh_updated([(str(photos[0]), {"caption": "Found in a sidecar."})])
    assert panel.view.editor.toPlainText() == "Found in a sidecar."
    panel.view.editor.setPlainText("Typing…")
    grid.update_rows([(photos[0], {"caption": "Machine-written."})])
    panel.refresh(photos[0])
    assert panel.view.editor.toPlainText() == "Typing…"  # an unsaved edit is kept


def test_saving_writes_the_file_and_says_so(qtbot, ctx, tmp_path: Path) -> None:
    grid, panel = make_parts(qtbot, ctx)
    photos = photo_folder(tmp_path / "p", 1)
    rows = rows_for(photos)
    grid.add_rows(rows)
    panel.show_selection(rows)
    edited: list[tuple[Path, str]] = []
    panel.caption_edited.connect(lambda path, text: edited.append((path, text)))
    panel.view.editor.setPlainText("Written by hand.")
    panel.view.save_button.click()
    qtbot.waitUntil(lambda: bool(edited), timeout=10_000)
    assert edited == [(photos[0], "Written by hand.")]
    assert read_embedded(photos[0]).xmp == "Written by hand."  # the photo library default
    assert panel.view.status.text() == "Saved to embedded."


def test_caption_again_waits_for_the_run(qtbot, ctx, tmp_path: Path) -> None:
    grid, panel = make_parts(qtbot, ctx)
    photos = photo_folder(tmp_path / "p", 1)
    rows = rows_for(photos)
    grid.add_rows(rows)
    asked: list[tuple[Path, str]] = []
    panel.recaption_requested.connect(lambda path, preset: asked.append((path, preset)))
    panel.refresh_presets()
    panel.show_selection(rows)
    assert panel.view.recaption_button.isEnabled()
    panel.set_running(True)
    assert not panel.view.recaption_button.isEnabled()
    panel.set_running(False)
    panel.view.recaption_button.click()
    assert asked == [(photos[0], ctx.settings.prompts.preset)]


def test_results_for_a_panel_already_gone_are_dropped(
    qtbot, ctx, tmp_path: Path, monkeypatch
) -> None:
    """The window closes while the preview and the history are still being read: their
    results arrive for labels Qt has deleted, and must be dropped, not raised."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.gui.panel import component

    grid, panel = make_parts(qtbot, ctx)
    photo = photo_folder(tmp_path / "p", 1)[0]
    go_on = threading.Event()
    decode, lookup = component.decode_preview, ctx.library.image_by_path
    monkeypatch.setattr(component, "decode_preview", lambda path: go_on.wait(60) and decode(path))
    monkeypatch.setattr(ctx.library, "image_by_path", lambda path: go_on.wait(60) and lookup(path))
    rows = rows_for([photo], DisplayState.HAS_CAPTION, "A harbour.")
    grid.add_rows(rows)
    panel.show_selection(rows)  # asks for its preview and history
    gone: list[object] = []
    panel.view.destroyed.connect(lambda *_: gone.append(None))
    panel.view.deleteLater()
    qtbot.waitUntil(lambda: bool(gone))
    go_on.set()
    assert ctx.background.wait()
    QApplication.sendPostedEvents()  # the results: an exception here fails the test
