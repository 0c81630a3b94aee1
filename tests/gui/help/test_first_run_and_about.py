"""The welcome screen (where captions are made) and the About dialog."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QRadioButton

from desktop_app.core.secrets import SecretStore
from desktop_app.gui.help.about import AboutDialog, about_html
from desktop_app.gui.help.first_run import FirstRunDialog
from tests import exiftool


def answer_dialog(kind: type, action) -> None:
    """Act on the modal dialog of ``kind`` as soon as it is shown."""

    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                action(widget)
                return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)


def test_first_run_saves_the_choice_and_the_key(qtbot, window) -> None:
    def choose_cloud(dialog: FirstRunDialog) -> None:
        assert dialog.backend == "cloud"
        dialog.key_edit.setText("sk-first-run")
        dialog.accept()

    answer_dialog(FirstRunDialog, choose_cloud)
    window.help.show_first_run()
    assert window.ctx.settings.gui.first_run_done
    assert window.ctx.settings.backend == "cloud"
    assert SecretStore().get_secret("runware") == "sk-first-run"
    assert window.ctx.store.load().gui.first_run_done  # saved to disk


def test_first_run_asks_what_the_captions_are_for(qtbot, window) -> None:
    def choose_dataset(dialog: FirstRunDialog) -> None:
        assert dialog.destinations == ("embedded",)  # a photo library unless told
        dialog.findChild(QRadioButton, "use_1").setChecked(True)
        assert dialog.destinations == ("txt",)
        dialog.accept()

    answer_dialog(FirstRunDialog, choose_dataset)
    window.help.show_first_run()
    assert window.ctx.settings.write.destinations == ("txt",)
    assert window.ctx.store.load().write.destinations == ("txt",)


def test_both_uses_write_inside_and_beside(qtbot) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.findChild(QRadioButton, "use_2").setChecked(True)
    assert dialog.destinations == ("embedded", "txt")


def test_deciding_later_still_marks_the_screen_seen(qtbot, window) -> None:
    answer_dialog(FirstRunDialog, lambda dialog: dialog.reject())
    window.help.show_first_run()
    assert window.ctx.settings.gui.first_run_done
    assert SecretStore().get_secret("runware") is None


def test_key_field_only_for_the_cloud(qtbot) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.key_edit.isVisible()
    for button in dialog.group.buttons():
        if button.property("backend") != "cloud" and button.isEnabled():
            button.setChecked(True)
            assert not dialog.key_edit.isVisible()
            assert dialog.api_key == ""


def test_about_names_versions_and_licenses(qtbot) -> None:
    html = about_html()
    for words in ("LGPL-3.0", "GPL-3.0-or-later", "MIT", "Qwen Research License", "Apache-2.0"):
        assert words in html
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert "Folder Captioner" in dialog.windowTitle()
    assert "Qwen Research License" in dialog.details.toPlainText()


def test_about_says_what_llama_cpp_build_runs_here(qtbot, ctx) -> None:
    """Asked from a worker process (the window never loads llama.cpp itself)."""
    dialog = AboutDialog(background=ctx.background)
    qtbot.addWidget(dialog)
    assert "checking" in dialog.llama.text()
    qtbot.waitUntil(lambda: "checking" not in dialog.llama.text(), timeout=60_000)
    assert "llama-cpp-python 0." in dialog.llama.text()
    assert "GPU offload: no (CPU build)" in dialog.llama.text()  # the test machine's build
    assert "CPU backend: " in dialog.llama.text()  # which instruction-set level, and why
    assert "from source" in dialog.installed.text()  # a checkout carries no build-info.json


@exiftool.requires_exiftool
def test_about_says_which_exiftool_writes_captions(qtbot, ctx) -> None:
    dialog = AboutDialog(background=ctx.background)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "checking" not in dialog.exiftool.text(), timeout=60_000)
    assert dialog.exiftool.text().startswith("ExifTool 1")  # 12.xx or 13.xx
    assert "ExifTool" in dialog.details.toPlainText()
