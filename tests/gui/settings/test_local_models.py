"""The local backend's model list: build info, downloads with progress, import."""

from __future__ import annotations

import os

import pytest

from desktop_app.backends.local.config import LocalConfig
from desktop_app.backends.local.manager import ModelManager
from desktop_app.core.settings import Settings
from desktop_app.gui.settings.local_models import LocalModelsWidget
from desktop_app.gui.settings.local_page import LocalPage
from tests.backends.local.test_manager import REPO, REVISION, make_entry
from tests.fakes.hf_hub import FakeHub
from tests.gui.settings.pages import services


@pytest.fixture
def hub():
    model, mmproj = os.urandom(300_000), os.urandom(120_000)
    with FakeHub() as fake:
        fake.add(REPO, REVISION, "Tiny-VL-Q4_K_M.gguf", model)
        fake.add(REPO, REVISION, "mmproj-Tiny-VL-f16.gguf", mmproj)
        fake.entry = make_entry(model, mmproj)  # type: ignore[attr-defined]
        yield fake


def local_page(qtbot, ctx, manager: ModelManager) -> tuple[LocalPage, LocalModelsWidget]:
    page = LocalPage(LocalConfig(), services(ctx, Settings(backend="local")), manager)
    qtbot.addWidget(page)
    return page, page.models


def test_build_info_comes_from_a_worker_process(qtbot, ctx, hub) -> None:
    _, widget = local_page(qtbot, ctx, ModelManager(endpoint=hub.url, catalog=(hub.entry,)))
    qtbot.waitUntil(lambda: "llama-cpp-python" in widget.build.text(), timeout=60_000)
    assert "CPU build" in widget.build.text() or "GPU offload" in widget.build.text()


def test_download_shows_progress_and_use_selects_it(qtbot, ctx, hub, monkeypatch) -> None:
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "DOWNLOAD_CHUNK_SIZE", 16 * 1024)
    manager = ModelManager(endpoint=hub.url, catalog=(hub.entry,))
    page, widget = local_page(qtbot, ctx, manager)
    assert widget.models.topLevelItem(0).text(2) == "not downloaded"
    seen: list[str] = []
    widget._progress.changed.connect(lambda event: seen.append(event.phase))
    widget.download_selected()
    qtbot.waitUntil(lambda: widget._cancel is None, timeout=20_000)
    assert "Downloaded and verified" in widget.message.text(), widget.message.text()
    assert "download" in seen
    assert "verify" in seen
    assert widget.models.topLevelItem(0).text(2) == "downloaded"
    widget.use_selected()
    config = page.value()
    assert isinstance(config, LocalConfig)
    assert config.model == "tiny-vl"


def test_import_checks_the_pair_and_makes_it_the_model(qtbot, ctx, hub, tiny_models) -> None:
    page, widget = local_page(qtbot, ctx, ModelManager(endpoint=hub.url, catalog=(hub.entry,)))
    pair = next(iter(tiny_models.values()))
    widget.import_pair(pair.model, pair.mmproj)
    qtbot.waitUntil(lambda: "Imported" in widget.message.text(), timeout=10_000)
    config = page.value()
    assert config.model == pair.model.stem
    assert [m.name for m in config.imported] == [pair.model.stem]
    not_gguf = pair.model.with_name("photo.gguf")
    not_gguf.write_bytes(b"JFIF not a model")
    widget.import_pair(not_gguf, pair.mmproj)
    qtbot.waitUntil(lambda: "GGUF" in widget.message.text(), timeout=10_000)
