"""Fixtures for window tests: a real AppContext in an isolated home, a real window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.gui import translations
from desktop_app.gui.app import create_application
from desktop_app.gui.context import AppContext
from desktop_app.gui.main_window import MainWindow
from desktop_app.i18n import UiLanguage

HANG_MS = 60_000


@pytest.fixture
def qtbot(qtbot: QtBot) -> QtBot:
    """pytest-qt's qtbot, whose ``waitUntil`` reports a hang after 60 s at the least.

    A wait ends as soon as its condition holds; its limit only decides when a hang is
    reported. pytest-qt's default (5 s) and the few seconds some tests name are many
    times what an idle machine needs, yet a busy CI machine can take longer than that
    for work that takes milliseconds here, and a test must not fail for that."""
    wait_until = qtbot.waitUntil

    def generous(callback: Callable[[], bool | None], *, timeout: int = HANG_MS) -> None:
        wait_until(callback, timeout=max(timeout, HANG_MS))

    qtbot.waitUntil = generous  # type: ignore[method-assign]
    return qtbot


@pytest.fixture
def ctx(qapp, isolated_home: Path, monkeypatch) -> Iterator[AppContext]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(isolated_home / "xdg-cache"))
    app = create_application()
    translations.install(app, UiLanguage.ENGLISH)  # as the app does at every start
    context = AppContext.create()
    yield context
    context.close()


@pytest.fixture
def window(qtbot, ctx: AppContext) -> Iterator[MainWindow]:
    main = MainWindow(ctx)
    main.resize(1200, 800)
    main.show()
    yield main
    # Stop what runs before closing, so closeEvent does not ask "Stop captioning?"
    main.runs.stop()
    main.runs.wait(HANG_MS / 1000)
    qtbot.waitUntil(lambda: not main.runs.running)
    main.close()
    main.folders.loader.cancel()
    main.folders.loader.wait(HANG_MS / 1000)
    main.deleteLater()
