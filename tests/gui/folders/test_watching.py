"""Watching from the window: a photo copied into the open folder appears and is captioned."""

from __future__ import annotations

import dataclasses

from desktop_app.core.settings import WatchSettings, WriteSettings
from desktop_app.gui.grid.image_model import DisplayState
from tests.gui.steps import open_and_wait
from tests.images import photo_folder, write_jpeg


def test_new_photo_appears_and_is_captioned_while_watching(qtbot, window, tmp_path, cloud_env):
    ctx = window.ctx
    fast = dataclasses.replace(WatchSettings(), settle_s=0.3, rescan_interval_s=60.0)
    dataset = WriteSettings(destinations=("txt",))  # a caption shows as its .txt file
    ctx.save_settings(dataclasses.replace(ctx.settings, watch=fast, write=dataset))
    folder = tmp_path / "import"
    photo_folder(folder, 1)
    open_and_wait(qtbot, window, folder, 1)
    window.watching.watch_action.trigger()
    qtbot.waitUntil(lambda: window.watching.running, timeout=10_000)
    assert (
        "Watching" in window.runs.status.watch_label.text() or window.runs.status.watch_label.text()
    )
    # the backlog (the one photo already there) is captioned by the watcher
    existing = folder / "IMG_0001.jpg"
    qtbot.waitUntil(
        lambda: window.grid.model.row_data(existing).state is DisplayState.DONE, timeout=20_000
    )
    arrived = write_jpeg(folder / "DSC_9000.jpg", (640, 480), (40, 70, 200))
    qtbot.waitUntil(lambda: window.grid.model.row_data(arrived) is not None, timeout=20_000)
    qtbot.waitUntil(
        lambda: window.grid.model.row_data(arrived).state is DisplayState.DONE, timeout=20_000
    )
    assert arrived.with_suffix(".txt").read_text(encoding="utf-8").startswith("A landscape")
    assert ctx.settings.gui.watching
    window.watching.watch_action.trigger()
    qtbot.waitUntil(lambda: not window.watching.running, timeout=10_000)
    assert not ctx.settings.gui.watching
