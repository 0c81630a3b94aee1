"""The settings dialog edits typed settings, one page at a time."""

from __future__ import annotations

import dataclasses
from typing import Literal

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox

from desktop_app.backends.retry import RetryPolicy
from desktop_app.backends.runware import RunwareConfig
from desktop_app.core.secrets import SecretStore
from desktop_app.core.settings import OverwritePolicy, Settings, WriteSettings
from desktop_app.gui.settings.backend_page import GenericPage
from desktop_app.gui.settings.cloud_page import CloudPage
from desktop_app.gui.settings.dialog import SettingsDialog
from desktop_app.gui.settings.openai_page import OpenAIPage
from desktop_app.metadata.base import SidecarNaming
from tests.gui.settings.pages import services


def make_dialog(qtbot, ctx, settings: Settings | None = None) -> SettingsDialog:
    dialog = SettingsDialog(settings or Settings(), ctx.background, SecretStore())
    qtbot.addWidget(dialog)
    return dialog


def test_the_captioning_page_keeps_every_backends_options(qtbot, ctx) -> None:
    dialog = make_dialog(qtbot, ctx)
    captioning = dialog.captioning
    combo = captioning.backend_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "In the cloud (Runware)",
        "On this computer (llama.cpp)",
        "On your own server (OpenAI-compatible)",
    ]
    combo.setCurrentIndex(combo.findData("openai"))
    cloud_page, openai_page = captioning.pages["cloud"], captioning.pages["openai"]
    assert isinstance(cloud_page, CloudPage)
    assert isinstance(openai_page, OpenAIPage)
    cloud_page.model.combo.setCurrentIndex(1)  # 7B
    openai_page.base_url.setText("http://studio.local:8080/v1")
    result = dialog.result_settings()
    assert result.backend == "openai"
    cloud = result.backend_config("cloud")
    assert isinstance(cloud, RunwareConfig)
    assert cloud.model == "runware:152@2"
    assert cloud.retry == RunwareConfig().retry  # nested values are kept
    assert result.backend_config("openai").base_url == "http://studio.local:8080/v1"


@dataclasses.dataclass(frozen=True)
class ToyConfig:
    """A backend's options as a backend without a page of its own declares them."""

    endpoint: str = "http://example.test"
    workers: int = 2
    ratio: float = 0.5
    verbose: bool = False
    mode: Literal["quick", "careful"] = "quick"
    retry: RetryPolicy = dataclasses.field(default_factory=RetryPolicy)


def test_a_backend_without_a_page_gets_a_generated_one(qtbot, ctx) -> None:
    page = GenericPage(ToyConfig(), services(ctx), "A toy backend.")
    qtbot.addWidget(page)
    endpoint = page.rest.editor("endpoint")
    workers = page.rest.editor("workers")
    mode = page.rest.editor("mode")
    assert isinstance(endpoint, QLineEdit)
    assert isinstance(workers, QSpinBox)
    assert isinstance(mode, QComboBox)
    endpoint.setText("http://other.test")
    workers.setValue(6)
    mode.setCurrentIndex(mode.findData("careful"))
    assert page.value() == ToyConfig("http://other.test", 6, 0.5, False, "careful")


def test_output_and_images_tabs(qtbot, ctx) -> None:
    dialog = make_dialog(qtbot, ctx)
    dialog.output.overwrite_combo.setCurrentIndex(1)
    dialog.output.naming_combo.setCurrentIndex(1)
    dialog.output.keep_mtime.setChecked(True)
    dialog.images.level_combo.setCurrentIndex(dialog.images.level_combo.findData("fast"))
    dialog.images.concurrency_spin.setValue(3)
    result = dialog.result_settings()
    assert result.write.overwrite is OverwritePolicy.OVERWRITE
    assert result.write.sidecar_naming is SidecarNaming.DARKTABLE
    assert result.write.keep_mtime
    assert result.images.pixel_level == "fast"
    assert result.concurrency == 3


def test_writing_inside_dng_and_heic_is_a_choice_and_other_write_settings_stay(qtbot, ctx) -> None:
    stored = Settings(write=WriteSettings(xmp_for_all=True))
    dialog = make_dialog(qtbot, ctx, stored)
    output = dialog.output
    assert output.destination_boxes["embedded"].isChecked()  # the photo library default
    assert not output.embed_dng.isChecked()
    assert not output.embed_heif.isChecked()
    output.embed_dng.setChecked(True)
    output.embed_heif.setChecked(True)
    write = dialog.result_settings().write
    assert (write.embed_dng, write.embed_heif) == (True, True)
    assert write.xmp_for_all


def test_no_destination_falls_back_to_txt(qtbot, ctx) -> None:
    dialog = make_dialog(qtbot, ctx)
    for box in dialog.output.destination_boxes.values():
        box.setChecked(False)
    assert dialog.result_settings().write.destinations == ("txt",)


def test_options_no_page_shows_are_kept(qtbot, ctx) -> None:
    prompts = dataclasses.replace(Settings().prompts, custom_prompt="Say it in haiku.")
    settings = dataclasses.replace(Settings(), prompts=prompts)
    assert make_dialog(qtbot, ctx, settings).result_settings().prompts.custom_prompt == (
        "Say it in haiku."
    )


def test_xmp_sidecars_for_every_photo_is_a_choice(qtbot, ctx) -> None:
    settings = dataclasses.replace(Settings(), write=WriteSettings(xmp_for_all=True))
    dialog = make_dialog(qtbot, ctx, settings)
    assert dialog.output.xmp_for_all.isChecked()
    dialog.output.xmp_for_all.setChecked(False)
    assert not dialog.result_settings().write.xmp_for_all
