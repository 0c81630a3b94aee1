"""The folders component on its own: a folder opened, its rows sent out in order."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from desktop_app.gui.folders.component import FoldersComponent
from desktop_app.gui.grid.image_model import ImageRow
from tests.gui.components import parent_widget
from tests.images import photo_folder


def make_folders(qtbot, ctx) -> FoldersComponent:
    return FoldersComponent(ctx.library, ctx, lambda: False, parent_widget(qtbot))


def test_opening_sends_the_rows_then_says_it_is_listed(qtbot, ctx, tmp_path: Path) -> None:
    folders = make_folders(qtbot, ctx)
    photos = photo_folder(tmp_path / "p", 3)
    events: list[object] = []
    folders.folder_opened.connect(lambda folder: events.append(("opened", folder)))
    folders.rows_found.connect(lambda rows: events.extend(row.path for row in rows))
    folders.listing_done.connect(lambda select: events.append(("listed", select)))
    folders.open(tmp_path / "p", select=photos[1])
    qtbot.waitUntil(lambda: ("listed", photos[1]) in events, timeout=10_000)
    assert events[0] == ("opened", (tmp_path / "p").resolve())
    assert events[1:4] == photos
    assert ctx.settings.gui.last_folder == str((tmp_path / "p").resolve())
    assert [a.text() for a in folders.recent_menu.actions()] == [str((tmp_path / "p").resolve())]
    folders.loader.wait()


def test_a_folder_left_behind_sends_nothing_more(qtbot, ctx, tmp_path: Path) -> None:
    folders = make_folders(qtbot, ctx)
    photo_folder(tmp_path / "first", 2)
    second = photo_folder(tmp_path / "second", 1)
    found: list[ImageRow] = []
    listed: list[object] = []
    folders.rows_found.connect(found.extend)
    folders.listing_done.connect(listed.append)
    folders.open(tmp_path / "first")
    folders.open(tmp_path / "second")
    qtbot.waitUntil(lambda: bool(listed), timeout=10_000)
    folders.loader.wait()
    qtbot.wait(50)
    assert [row.path for row in found] == second
    assert listed == [None]


def test_a_missing_path_is_said_in_the_status_bar(qtbot, ctx, tmp_path: Path) -> None:
    folders = make_folders(qtbot, ctx)
    said: list[str] = []
    folders.message.connect(lambda text, _ms: said.append(text))
    folders.open_path(tmp_path / "gone.jpg")
    assert said == [f"{tmp_path / 'gone.jpg'} does not exist."]
    assert folders.folder is None


def test_including_subfolders_lists_the_folder_again(qtbot, ctx, tmp_path: Path) -> None:
    ctx.save_settings(
        dataclasses.replace(
            ctx.settings, gui=dataclasses.replace(ctx.settings.gui, recursive=False)
        )
    )
    folders = make_folders(qtbot, ctx)
    photo_folder(tmp_path / "p", 1)
    nested = photo_folder(tmp_path / "p" / "day 2", 1)
    found: list[Path] = []
    folders.rows_found.connect(lambda rows: found.extend(row.path for row in rows))
    folders.open(tmp_path / "p")
    qtbot.waitUntil(lambda: len(found) == 1, timeout=10_000)
    old = ctx.settings
    new = dataclasses.replace(old, gui=dataclasses.replace(old.gui, recursive=True))
    ctx.save_settings(new)
    folders.settings_changed(old, new)
    qtbot.waitUntil(lambda: nested[0] in found, timeout=10_000)
    folders.loader.wait()
