"""The settings dialog edits typed settings; the cloud key goes to the keyring."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox

from desktop_app.backends.runware import RunwareConfig
from desktop_app.core.secrets import SecretStore
from desktop_app.core.settings import OverwritePolicy, Settings, WriteSettings
from desktop_app.gui.key_widget import ApiKeyWidget
from desktop_app.gui.settings_dialog import SettingsDialog
from desktop_app.metadata.base import SidecarNaming


def make_dialog(qtbot, ctx, settings: Settings | None = None) -> SettingsDialog:
    dialog = SettingsDialog(settings or Settings(), ctx.background, SecretStore())
    qtbot.addWidget(dialog)
    return dialog


def test_backend_form_is_generated_from_the_typed_config(qtbot, ctx) -> None:
    dialog = make_dialog(qtbot, ctx)
    form = dialog.backend_forms["cloud"]
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
    dialog.overwrite_combo.setCurrentIndex(1)
    dialog.naming_combo.setCurrentIndex(1)
    dialog.keep_mtime.setChecked(True)
    dialog.level_combo.setCurrentIndex(dialog.level_combo.findData("fast"))
    dialog.concurrency_spin.setValue(3)
    result = dialog.result_settings()
    assert result.write.overwrite is OverwritePolicy.OVERWRITE
    assert result.write.sidecar_naming is SidecarNaming.DARKTABLE
    assert result.write.keep_mtime
    assert result.images.pixel_level == "fast"
    assert result.concurrency == 3


def test_writing_inside_dng_and_heic_is_a_choice_and_other_write_settings_stay(qtbot, ctx) -> None:
    stored = Settings(write=WriteSettings(xmp_for_all=True))
    dialog = make_dialog(qtbot, ctx, stored)
    assert dialog.destination_boxes["embedded"].isChecked()  # the photo library default
    assert not dialog.embed_dng.isChecked()
    assert not dialog.embed_heif.isChecked()
    dialog.embed_dng.setChecked(True)
    dialog.embed_heif.setChecked(True)
    write = dialog.result_settings().write
    assert (write.embed_dng, write.embed_heif) == (True, True)
    assert write.xmp_for_all  # a setting the dialog does not show is kept


def test_no_destination_falls_back_to_txt(qtbot, ctx) -> None:
    dialog = make_dialog(qtbot, ctx)
    for box in dialog.destination_boxes.values():
        box.setChecked(False)
    assert dialog.result_settings().write.destinations == ("txt",)


def test_presets_can_be_duplicated_edited_and_made_default(qtbot, ctx) -> None:
    dialog = make_dialog(qtbot, ctx)
    assert not dialog.preset_title.isEnabled()  # built-ins are read-only
    dialog._duplicate_preset()
    assert dialog.preset_title.isEnabled()
    dialog.preset_title.setText("Short and warm")
    dialog.preset_title.editingFinished.emit()
    dialog.preset_prompt.setPlainText("Describe the image warmly in one sentence.")
    dialog.default_preset.setCurrentIndex(
        dialog.default_preset.findData("concise-1-2-sentences-copy")
    )
    result = dialog.result_settings()
    [mine] = result.prompts.user_presets
    assert mine.name == "concise-1-2-sentences-copy"
    assert mine.title == "Short and warm"
    assert mine.prompt == "Describe the image warmly in one sentence."
    assert result.prompts.preset == "concise-1-2-sentences-copy"
    dialog._delete_preset()
    assert dialog.result_settings().prompts.user_presets == ()


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
