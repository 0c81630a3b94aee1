"""The settings dialog edits typed settings; the cloud key goes to the keyring."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox

from desktop_app.backends.runware import RunwareConfig
from desktop_app.core.secrets import SecretStore
from desktop_app.core.settings import OverwritePolicy, Settings
from desktop_app.gui.settings.dialog import SettingsDialog
from desktop_app.gui.settings.key_widget import ApiKeyWidget
from desktop_app.metadata.base import SidecarNaming


def make_dialog(qtbot, ctx, settings: Settings | None = None) -> SettingsDialog:
    dialog = SettingsDialog(settings or Settings(), ctx.background, SecretStore())
    qtbot.addWidget(dialog)
    return dialog


def test_backend_form_is_generated_from_the_typed_config(qtbot, ctx) -> None:
    dialog = make_dialog(qtbot, ctx)
    form = dialog.captioning.backend_forms["cloud"]
    model = form.editor("model")
    assert isinstance(model, QLineEdit)
    assert model.text() == "runware:152@1"
    model.setText("runware:152@2")
    delivery = form.editor("delivery")
    assert isinstance(delivery, QComboBox)
    delivery.setCurrentIndex(delivery.findData("async"))
    batch = form.editor("batch_size")
    assert isinstance(batch, QSpinBox)
    batch.setValue(6)
    result = dialog.result_settings()
    config = result.backend_config("cloud")
    assert isinstance(config, RunwareConfig)
    assert (config.model, config.delivery, config.batch_size) == ("runware:152@2", "async", 6)
    assert config.retry == RunwareConfig().retry  # nested values are kept


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


def test_no_destination_falls_back_to_txt(qtbot, ctx) -> None:
    dialog = make_dialog(qtbot, ctx)
    for box in dialog.output.destination_boxes.values():
        box.setChecked(False)
    assert dialog.result_settings().write.destinations == ("txt",)


def test_cloud_key_is_saved_to_the_keyring_and_tested(qtbot, ctx, fake_api) -> None:
    settings = Settings().with_backend_config("cloud", RunwareConfig(api_url=fake_api.url))
    dialog = make_dialog(qtbot, ctx, settings)
    [widget] = [w for w in dialog.findChildren(ApiKeyWidget) if w.backend_id == "cloud"]
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
