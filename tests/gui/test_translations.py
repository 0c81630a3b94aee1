"""The window in German and in French: its own texts, Qt's standard buttons, plural
forms, and the errors it shows (the commands' catalogue) all in the chosen language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop_app import i18n
from desktop_app.gui import translations
from desktop_app.gui.context import AppContext
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.settings.dialog import SettingsDialog
from desktop_app.i18n import UiLanguage

EXPECTED = {
    UiLanguage.GERMAN: {
        "caption": "Auswahl beschriften",
        "open": "Ordner öffnen …",
        "status": (
            "Öffnen Sie einen Ordner (Strg+O) oder ziehen Sie einen auf das Fenster, "
            "um zu beginnen."
        ),
        "tabs": [
            "Beschriften",
            "Prompts",
            "Ausgabe",
            "Bilder && Fenster",
            "Stichwörter && Sprachen",
        ],
        "cancel": "Abbrechen",
        "counts": ("1 Bild · 1 mit Bildunterschrift", "3 Bilder · 0 mit Bildunterschrift"),
        "title": "Einstellungen",
    },
    UiLanguage.FRENCH: {
        "caption": "Légender la sélection",
        "open": "Ouvrir un dossier…",
        "status": "Ouvrez un dossier (Ctrl+O) ou déposez-en un sur la fenêtre pour commencer.",
        "tabs": ["Légendage", "Prompts", "Sortie", "Images && fenêtre", "Mots-clés && langues"],
        "cancel": "Annuler",
        "counts": ("1 image · 1 avec légende", "3 images · 0 avec légende"),
        "title": "Paramètres",
    },
}


@pytest.fixture
def speak(qapp: QApplication) -> Iterator[object]:
    """Install a language for one test, then English again (as at every start)."""
    yield lambda choice: translations.install(qapp, choice)
    translations.install(qapp, UiLanguage.ENGLISH)


@pytest.mark.parametrize("language", [UiLanguage.GERMAN, UiLanguage.FRENCH], ids=["de", "fr"])
def test_the_window_comes_up_in_the_chosen_language(
    qtbot, ctx: AppContext, speak, language
) -> None:
    expected = EXPECTED[language]
    assert speak(language) == language.value
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert window.runs.caption_selected_action.text() == expected["caption"]
    assert window.folders.open_action.text() == expected["open"]
    assert window.runs.status.currentMessage() == expected["status"]
    status = window.runs.status
    status.show_counts(1, 1, 1)
    one = status.counts.text()
    status.show_counts(3, 3, 0)
    assert (one, status.counts.text()) == expected["counts"]
    dialog = SettingsDialog(ctx.settings, ctx.background, parent=window)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == expected["title"]
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs == expected["tabs"]
    buttons = dialog.findChild(QDialogButtonBox)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.text() == expected["cancel"]  # Qt's own translation (qtbase)
    assert i18n.current_language() == language.value  # errors shown in the window too


def test_english_has_its_plural_forms(qtbot, ctx: AppContext, speak) -> None:
    speak(UiLanguage.ENGLISH)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    status = window.runs.status
    status.show_counts(1, 1, 1)
    assert status.counts.text() == "1 image · 1 with a caption"
    status.show_counts(2, 1234, 3)
    assert status.counts.text() == "2 of 1,234 images · 3 with a caption"


def test_the_language_setting_is_in_settings(qtbot, ctx: AppContext) -> None:
    dialog = SettingsDialog(ctx.settings, ctx.background)
    qtbot.addWidget(dialog)
    combo = dialog.images.language_combo
    names = [combo.itemText(i) for i in range(combo.count())]
    assert names == ["System language", "English", "Deutsch", "Français"]
    combo.setCurrentIndex(names.index("Deutsch"))
    assert dialog.result_settings().language is UiLanguage.GERMAN
    assert "starts again" in dialog.images.language_note.text()
