"""The cloud page in the user's words: a model by name, the key, Advanced folded."""

from __future__ import annotations

import dataclasses

from desktop_app.backends.runware import RunwareConfig
from desktop_app.core.secrets import SecretStore
from desktop_app.core.settings import Settings
from desktop_app.gui.settings.cloud_page import CloudPage
from tests.gui.settings.pages import services


def make_page(qtbot, ctx, config: RunwareConfig | None = None) -> CloudPage:
    config = config or RunwareConfig()
    settings = Settings().with_backend_config("cloud", config)
    page = CloudPage(config, services(ctx, settings))
    qtbot.addWidget(page)
    page.show()
    return page


def test_the_model_is_chosen_by_name(qtbot, ctx) -> None:
    page = make_page(qtbot, ctx)
    combo = page.model.combo
    assert combo.currentText() == "Qwen2.5-VL 3B, about $0.0013-0.0026 per caption"
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Qwen2.5-VL 3B, about $0.0013-0.0026 per caption",
        "Qwen2.5-VL 7B, better captions",
        "Other…",
    ]
    assert not page.model.custom.isVisible()  # no raw id unless asked for
    combo.setCurrentIndex(1)
    assert page.value().model == "runware:152@2"


def test_another_air_id_goes_behind_other(qtbot, ctx) -> None:
    page = make_page(qtbot, ctx)
    page.model.combo.setCurrentIndex(page.model.combo.count() - 1)
    assert page.model.custom.isVisible()
    page.model.custom.setText("runware:99 at 1")
    assert page.model.note.isVisible()
    assert "not a model id" in page.model.note.text()
    page.model.custom.setText("runware:153@4")
    assert not page.model.note.isVisible()
    assert page.value().model == "runware:153@4"


def test_stored_ids_and_aliases_show_by_name(qtbot, ctx) -> None:
    seven = make_page(qtbot, ctx, RunwareConfig(model="7b"))
    assert seven.model.combo.currentText() == "Qwen2.5-VL 7B, better captions"
    assert seven.value().model == "runware:152@2"
    custom = make_page(qtbot, ctx, RunwareConfig(model="civitai:1234@5"))
    assert custom.model.combo.currentText() == "Other…"
    assert custom.model.custom.text() == "civitai:1234@5"


def test_the_plumbing_is_under_advanced_collapsed(qtbot, ctx) -> None:
    page = make_page(qtbot, ctx)
    for editor in (page.delivery, page.task_type, page.batch_size, page.timeout, page.retries):
        assert not editor.isVisible()
    page.advanced.toggle.click()
    assert page.advanced.expanded
    assert page.delivery.isVisible()
    page.delivery.setCurrentIndex(page.delivery.findData("async"))
    page.task_type.setCurrentIndex(page.task_type.findData("imageCaption"))
    page.batch_size.setValue(6)
    page.max_in_flight.setValue(2)
    page.timeout.setValue(45)
    page.retries.setValue(5)
    config = page.value()
    assert (config.delivery, config.task_type, config.batch_size) == ("async", "imageCaption", 6)
    assert (config.max_in_flight, config.timeout_s, config.retry.max_retries) == (2, 45.0, 5)
    assert config.retry.base_delay_s == RunwareConfig().retry.base_delay_s  # kept
    assert config.poll == RunwareConfig().poll


def test_a_new_config_field_still_gets_an_editor_under_advanced(qtbot, ctx) -> None:
    """A field added to a backend later (say, a region) is never lost from Settings."""
    with_region = dataclasses.make_dataclass(
        "RegionalConfig", [("region", str, "eu")], bases=(RunwareConfig,), frozen=True
    )
    page = CloudPage(with_region(), services(ctx))
    qtbot.addWidget(page)
    region = page.rest.editor("region")
    assert page.advanced.body.isAncestorOf(region)
    region.setText("us")  # type: ignore[attr-defined]
    assert page.value().region == "us"
    assert page.value().model == "runware:152@1"


def test_the_key_is_saved_to_the_keyring_and_tested(qtbot, ctx, fake_api) -> None:
    page = make_page(qtbot, ctx, RunwareConfig(api_url=fake_api.url))
    widget = page.key
    widget.key_edit.setText(fake_api.api_key)
    widget.test_button.click()
    qtbot.waitUntil(lambda: widget.result.text().startswith(("✓", "✗")), timeout=10_000)
    assert widget.result.text().startswith("✓")
    assert "accepted" in widget.result.text()
    assert SecretStore().get_secret("runware") == fake_api.api_key
    widget.key_edit.setText("wrong-key")
    widget.test_button.click()
    qtbot.waitUntil(lambda: "✗" in widget.result.text(), timeout=10_000)
    assert "The API key was rejected" in widget.result.text()
