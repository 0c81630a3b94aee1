"""Fixtures for window tests: a real AppContext in an isolated home, a real window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.gui.app import create_application
from desktop_app.gui.context import AppContext
from desktop_app.gui.main_window import MainWindow


@pytest.fixture
def ctx(qapp, isolated_home: Path, monkeypatch) -> Iterator[AppContext]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(isolated_home / "xdg-cache"))
    create_application()
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
    main.runs.wait(10)
    qtbot.waitUntil(lambda: not main.runs.running, timeout=10_000)
    main.close()
    main.folders.loader.cancel()
    main.folders.loader.wait()
    main.deleteLater()
