"""The runs component on its own, against the fake cloud API: what it asks of the
grid, and when it says a run is going."""

from __future__ import annotations

from pathlib import Path

from desktop_app.gui.grid.component import GridComponent
from desktop_app.gui.grid.image_model import DisplayState
from desktop_app.gui.runs.component import RunsComponent
from tests.gui.components import parent_widget, rows_for
from tests.images import photo_folder


def make_parts(qtbot, ctx) -> tuple[GridComponent, RunsComponent]:
    """A real grid for the rows, wired to the runs as the main window wires them."""
    window = parent_widget(qtbot)
    grid = GridComponent(ctx.thumbnails, window)
    runs = RunsComponent(ctx.library, ctx.secrets, ctx, grid, window)
    runs.images_changed.connect(grid.update_rows)
    runs.run_ended.connect(grid.settle_unfinished)
    grid.counts_changed.connect(lambda *_counts: runs.update_actions())
    return grid, runs


def test_a_run_marks_cells_and_reports_each_caption(qtbot, ctx, tmp_path, cloud_env) -> None:
    grid, runs = make_parts(qtbot, ctx)
    photos = photo_folder(tmp_path / "p", 2)
    grid.add_rows(rows_for(photos))
    finished: list[Path] = []
    running: list[bool] = []
    runs.caption_finished.connect(finished.append)
    runs.running_changed.connect(running.append)
    runs.caption_missing()
    assert [grid.row_data(p).state for p in photos] == [DisplayState.QUEUED] * 2
    assert runs.stop_action.isEnabled()
    assert not runs.caption_missing_action.isEnabled()  # one run at a time
    qtbot.waitUntil(lambda: running == [True, False], timeout=20_000)
    assert sorted(finished) == sorted(photos)
    assert all(grid.row_data(p).state is DisplayState.DONE for p in photos)
    assert "2 captioned" in runs.status.run_label.text()
    assert not runs.running
    assert runs.caption_missing_action.isEnabled()
    assert not runs.stop_action.isEnabled()


def test_nothing_to_caption_is_said_not_started(qtbot, ctx, tmp_path) -> None:
    grid, runs = make_parts(qtbot, ctx)
    photos = photo_folder(tmp_path / "p", 1)
    grid.add_rows(rows_for(photos, DisplayState.HAS_CAPTION, "Already."))
    runs.caption_missing()
    assert not runs.running
    assert runs.status.currentMessage() == "Every image already has a caption."


def test_a_run_that_cannot_start_gives_its_cells_back(qtbot, ctx, tmp_path, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "desktop_app.gui.runs.component.QMessageBox.warning",
        lambda _parent, _title, text: shown.append(text),
    )
    grid, runs = make_parts(qtbot, ctx)
    photos = photo_folder(tmp_path / "p", 1)
    grid.add_rows(rows_for(photos))
    grid.select_listed(photos[0])
    runs.update_actions()
    assert runs.caption_selected_action.isEnabled()
    runs.caption_selected()  # no API key in this test's keyring or environment
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "RUNWARE_API_KEY" in shown[0]
    assert grid.row_data(photos[0]).state is DisplayState.NO_CAPTION
    assert runs.status.run_label.text() == "Could not start"
    qtbot.waitUntil(lambda: not runs.running, timeout=10_000)
