"""The grid component on its own: rows in, selection and counts out."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication

from desktop_app.gui.grid.component import GridComponent
from desktop_app.gui.grid.delegate import ThumbnailDelegate
from desktop_app.gui.grid.image_model import DisplayState, Roles
from tests.gui.components import parent_widget, rows_for
from tests.images import photo_folder


def make_grid(qtbot, ctx) -> GridComponent:
    return GridComponent(ctx.thumbnails, parent_widget(qtbot))


def test_counts_follow_the_rows_and_the_filters(qtbot, ctx, tmp_path: Path) -> None:
    grid = make_grid(qtbot, ctx)
    counts: list[tuple[int, int, int]] = []
    grid.counts_changed.connect(lambda *numbers: counts.append(numbers))
    photos = photo_folder(tmp_path / "p", 3)
    grid.add_rows(rows_for(photos[:2]) + rows_for(photos[2:], DisplayState.HAS_CAPTION, "Kite."))
    qtbot.waitUntil(lambda: counts[-1:] == [(3, 3, 1)])
    grid.filters.state_filter.setCurrentIndex(1)  # without caption
    qtbot.waitUntil(lambda: counts[-1:] == [(2, 3, 1)])
    grid.filters.search.setText("kite")
    qtbot.waitUntil(lambda: counts[-1:] == [(0, 3, 1)])  # kite has a caption: filtered out


def test_cells_are_painted_while_rows_keep_arriving(qtbot, ctx, tmp_path, monkeypatch) -> None:
    """A big folder arrives in batches, and each batch starts the grid's layout again:
    the repaint each batch brings must still paint the first screen's cells (and so ask
    for their thumbnails), not an empty grid until the last row is in."""
    cells: list[Path] = []
    paint = ThumbnailDelegate.paint

    def counting(self, painter, option, index) -> None:
        cells.append(index.data(Roles.PATH))
        paint(self, painter, option, index)

    monkeypatch.setattr(ThumbnailDelegate, "paint", counting)
    grid = make_grid(qtbot, ctx)
    window = grid.view.window()
    window.resize(800, 600)
    window.show()
    qtbot.waitExposed(window)
    row = rows_for(photo_folder(tmp_path / "p", 1))[0]
    # A first batch big enough that laying it all out takes many steps, then batches
    # that arrive while that layout is still going on, as from a 100,000-image folder;
    # each is painted at once, before the window gets round to anything else.
    for batch, size in enumerate([50_000, 2000, 2000, 2000]):
        grid.add_rows(
            [
                dataclasses.replace(row, path=tmp_path / "p" / f"IMG_{batch}_{n:05d}.jpg")
                for n in range(size)
            ]
        )
        waiting = grid.view.paint_pending  # the folder loader waits for this to clear
        assert waiting
        cells.clear()
        grid.view.viewport().grab()  # painted now, before the window does anything else
        assert cells, f"the repaint after batch {batch + 1} painted no cell"
        assert not grid.view.paint_pending
        QApplication.processEvents()  # the layout goes on (a step of it, before)
    assert cells[0] == tmp_path / "p" / "IMG_0_00000.jpg"  # the top left cell
    window.close()  # before the grid's models go with this function's locals


def test_selection_goes_out_as_rows(qtbot, ctx, tmp_path: Path) -> None:
    grid = make_grid(qtbot, ctx)
    photos = photo_folder(tmp_path / "p", 3)
    grid.add_rows(rows_for(photos))
    seen: list[list[Path]] = []
    grid.selection_changed.connect(lambda rows: seen.append([row.path for row in rows]))
    grid.select_listed(photos[1])
    assert seen[-1] == [photos[1]]
    grid.view.selectionModel().select(
        grid.proxy.index(2, 0), QItemSelectionModel.SelectionFlag.Select
    )
    assert seen[-1] == [photos[1], photos[2]]
    assert [row.path for row in grid.selected_rows()] == [photos[1], photos[2]]


def test_the_first_image_is_selected_when_none_was_asked_for(qtbot, ctx, tmp_path) -> None:
    grid = make_grid(qtbot, ctx)
    photos = photo_folder(tmp_path / "p", 2)
    grid.add_rows(rows_for(photos))
    grid.select_listed(None)
    assert [row.path for row in grid.selected_rows()] == [photos[0]]


def test_a_finished_run_settles_the_cells_it_never_reached(qtbot, ctx, tmp_path) -> None:
    grid = make_grid(qtbot, ctx)
    photos = photo_folder(tmp_path / "p", 3)
    grid.add_rows(rows_for(photos))
    grid.update_rows(
        [
            (photos[0], {"state": DisplayState.QUEUED}),
            (photos[1], {"state": DisplayState.CAPTIONING, "caption": "Old caption."}),
            (photos[2], {"state": DisplayState.DONE, "caption": "New caption."}),
        ]
    )
    grid.settle_unfinished()
    states = [grid.row_data(photo).state for photo in photos]
    assert states == [DisplayState.NO_CAPTION, DisplayState.HAS_CAPTION, DisplayState.DONE]


def test_watched_files_come_move_and_go(qtbot, ctx, tmp_path: Path) -> None:
    grid = make_grid(qtbot, ctx)
    photos = photo_folder(tmp_path / "p", 2)
    [first] = rows_for(photos[:1], DisplayState.HAS_CAPTION, "A caption.")
    grid.add_rows([first])
    [arrived] = rows_for(photos[1:])
    grid.add_image(arrived)
    grid.add_image(arrived)  # reported twice: one cell
    assert grid.row_count() == 2
    renamed = photos[0].rename(photos[0].with_name("renamed.jpg"))
    [moved] = rows_for([renamed])
    grid.move_image(photos[0], moved)
    row = grid.row_data(renamed)
    assert row is not None
    assert (row.caption, row.state) == ("A caption.", DisplayState.HAS_CAPTION)
    assert grid.row_data(photos[0]) is None
    grid.remove_image(photos[1])
    assert [r.path for r in grid.rows()] == [renamed]


def test_an_edited_caption_marks_its_cell(qtbot, ctx, tmp_path: Path) -> None:
    grid = make_grid(qtbot, ctx)
    photos = photo_folder(tmp_path / "p", 1)
    grid.add_rows(rows_for(photos))
    grid.mark_edited(photos[0], "By hand.")
    row = grid.row_data(photos[0])
    assert row is not None
    assert (row.caption, row.state, row.source) == ("By hand.", DisplayState.DONE, "edited")


def test_the_loader_learns_the_cells_on_screen(qtbot, ctx, tmp_path) -> None:
    """After a paint the loader knows the cells shown (with a line more around them);
    where no cell centre fits in the viewport it is told nothing, and drops nothing."""
    grid = make_grid(qtbot, ctx)
    window = grid.view.window()
    window.resize(800, 600)
    window.show()
    qtbot.waitExposed(window)
    row = rows_for(photo_folder(tmp_path / "p", 1))[0]
    paths = [tmp_path / "p" / f"IMG_{n:04d}.jpg" for n in range(500)]
    grid.add_rows([dataclasses.replace(row, path=path) for path in paths])
    grid.view.viewport().grab()
    on_screen = grid.loader._on_screen
    assert on_screen is not None
    assert paths[0] in on_screen
    assert paths[-1] not in on_screen
    grid.view.setFixedHeight(40)  # thinner than half a cell
    qtbot.waitUntil(lambda: grid.view.viewport().height() < 40)
    grid.view.viewport().grab()
    assert grid.loader._on_screen is None
    window.close()
