"""The OpenAI-compatible page: the server's models in a drop-down, fetched by
"Test connection" from a real HTTP server (the fake one, on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop_app.backends.openai_compat import OpenAIConfig
from desktop_app.backends.retry import RetryPolicy
from desktop_app.core.settings import Settings
from desktop_app.gui.settings.openai_page import OpenAIPage
from tests.fakes.openai_server import FakeOpenAI
from tests.gui.settings.pages import services


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(models=("qwen2.5vl:3b", "qwen2.5vl:7b", "llava:13b")) as fake:
        yield fake


def make_page(qtbot, ctx, config: OpenAIConfig) -> OpenAIPage:
    settings = Settings().with_backend_config("openai", config)
    page = OpenAIPage(config, services(ctx, settings))
    qtbot.addWidget(page)
    page.show()
    return page


def test_test_connection_fills_the_model_list(qtbot, ctx, server) -> None:
    page = make_page(qtbot, ctx, OpenAIConfig(base_url="http://127.0.0.1:9/v1"))
    combo = page.model.combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "The server's first model",
        "Other…",
    ]
    page.base_url.setText(server.base_url)  # the address as typed, not yet saved
    page.key.test_button.click()
    qtbot.waitUntil(lambda: page.key.result.text().startswith(("✓", "✗")), timeout=10_000)
    assert page.key.result.text().startswith("✓"), page.key.result.text()
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "The server's first model (qwen2.5vl:3b)",
        "qwen2.5vl:3b",
        "qwen2.5vl:7b",
        "llava:13b",
        "Other…",
    ]
    combo.setCurrentIndex(combo.findData("qwen2.5vl:7b"))
    config = page.value()
    assert (config.base_url, config.model) == (server.base_url, "qwen2.5vl:7b")


def test_a_model_the_list_lacks_is_kept_and_found_once_listed(qtbot, ctx, server) -> None:
    page = make_page(qtbot, ctx, OpenAIConfig(base_url=server.base_url, model="llava:13b"))
    assert page.model.combo.currentText() == "Other…"
    assert page.model.custom.text() == "llava:13b"
    page.key.test()
    qtbot.waitUntil(lambda: page.model.combo.count() > 2, timeout=10_000)
    assert page.model.combo.currentText() == "llava:13b"  # now chosen by its name
    assert not page.model.custom.isVisible()
    assert page.value().model == "llava:13b"


def test_an_unreachable_server_is_explained(qtbot, ctx) -> None:
    no_retries = RetryPolicy(max_retries=0)
    page = make_page(qtbot, ctx, OpenAIConfig(base_url="http://127.0.0.1:9/v1", retry=no_retries))
    page.key.test()
    qtbot.waitUntil(lambda: page.key.result.text().startswith(("✓", "✗")), timeout=60_000)
    assert page.key.result.text().startswith("✗")
    assert "127.0.0.1:9" in page.key.result.text()
    assert page.model.combo.count() == 2  # nothing listed, nothing invented


def test_tuning_is_under_advanced(qtbot, ctx) -> None:
    page = make_page(qtbot, ctx, OpenAIConfig())
    assert not page.max_in_flight.isVisible()
    page.advanced.set_expanded(True)
    assert page.max_in_flight.isVisible()
    page.max_in_flight.setValue(2)
    page.timeout.setValue(90)
    page.max_tokens.setValue(128)
    page.retries.setValue(0)
    config = page.value()
    assert (config.max_in_flight, config.timeout_s, config.max_tokens) == (2, 90.0, 128)
    assert config.retry.max_retries == 0
