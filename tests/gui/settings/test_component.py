"""The settings component: OK saves the dialog's settings and tells the others."""

from __future__ import annotations

import dataclasses

from desktop_app.core.settings import Settings
from desktop_app.gui.settings.component import SettingsComponent
from desktop_app.gui.settings.dialog import SettingsDialog
from tests.gui.components import parent_widget
from tests.gui.help.test_first_run_and_about import answer_dialog


def test_ok_saves_and_announces_old_and_new(qtbot, ctx) -> None:
    component = SettingsComponent(ctx, ctx.background, ctx.secrets, parent_widget(qtbot))
    changes: list[tuple[Settings, Settings]] = []
    component.settings_changed.connect(lambda old, new: changes.append((old, new)))

    def only_this_folder(dialog: SettingsDialog) -> None:
        dialog.images.recursive_box.setChecked(False)
        dialog.accept()

    answer_dialog(SettingsDialog, only_this_folder)
    component.settings_action.trigger()
    [(old, new)] = changes
    assert (old.gui.recursive, new.gui.recursive) == (True, False)
    assert not ctx.store.load().gui.recursive  # saved to disk


def test_cancel_changes_nothing(qtbot, ctx) -> None:
    component = SettingsComponent(ctx, ctx.background, ctx.secrets, parent_widget(qtbot))
    changes: list[object] = []
    component.settings_changed.connect(lambda *args: changes.append(args))
    before = dataclasses.replace(ctx.settings)
    answer_dialog(SettingsDialog, lambda dialog: dialog.reject())
    component.open()
    assert changes == []
    assert ctx.settings == before
