"""Which language is spoken, and messages that render in English or the user's language."""

from __future__ import annotations

import pytest

from desktop_app import i18n
from desktop_app.errors import CaptionerError
from desktop_app.i18n import (
    UiLanguage,
    environment_preferences,
    lazy_gettext,
    lazy_ngettext,
    resolve,
)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "fr_CA.UTF-8"}, "fr"),
        ({"LANG": "it_IT.UTF-8"}, "en"),  # not shipped: the source language
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LC_MESSAGES": "fr_FR.UTF-8", "LANG": "de_DE.UTF-8"}, "fr"),
        ({"LC_ALL": "de_AT.UTF-8", "LC_MESSAGES": "fr_FR"}, "de"),
        ({"LANGUAGE": "it:fr:de", "LANG": "de_DE.UTF-8"}, "fr"),  # a preference list
        ({"LANGUAGE": "fr", "LANG": "C"}, "en"),  # as GNU gettext: C means untranslated
    ],
)
def test_the_environment_chooses_as_gettext_does(environ: dict[str, str], expected: str) -> None:
    assert resolve(UiLanguage.SYSTEM, environ=environ) == expected


def test_the_setting_wins_over_the_environment() -> None:
    assert resolve(UiLanguage.FRENCH, environ={"LANG": "de_DE.UTF-8"}) == "fr"
    assert resolve(UiLanguage.ENGLISH, environ={"LANGUAGE": "de"}) == "en"


def test_the_desktop_list_is_the_fallback() -> None:
    """Windows and macOS set no LANG: the window passes the desktop's own list."""
    assert resolve(UiLanguage.SYSTEM, ["fr-CH", "en-US"], environ={}) == "fr"
    assert environment_preferences({"LANGUAGE": "pt_BR:de", "LANG": "en_US"}) == ["pt", "de", "en"]


def test_a_lazy_message_renders_in_english_and_in_the_users_language() -> None:
    text = lazy_gettext("Cannot write {name}: the file is read-only.", name="a.jpg")
    i18n.use("de")
    assert text.english() == "Cannot write a.jpg: the file is read-only."
    assert str(text) == "a.jpg kann nicht geschrieben werden: die Datei ist schreibgeschützt."


def test_plural_forms_follow_each_language() -> None:
    def stopped(n: int) -> str:
        return str(
            lazy_ngettext(
                "Stopped; {n} job waits for the next start.",
                "Stopped; {n} jobs wait for the next start.",
                n,
            )
        )

    assert [stopped(n) for n in (1, 2)] == [
        "Stopped; 1 job waits for the next start.",
        "Stopped; 2 jobs wait for the next start.",
    ]
    i18n.use("de")
    assert stopped(1) == "Angehalten; 1 Auftrag wartet auf den nächsten Start."
    assert stopped(3) == "Angehalten; 3 Aufträge warten auf den nächsten Start."
    i18n.use("fr")  # French counts 0 and 1 as singular
    assert stopped(0) == "Arrêté ; 0 tâche attend le prochain démarrage."
    assert stopped(2) == "Arrêté ; 2 tâches attendent le prochain démarrage."


def test_an_error_is_english_in_the_log_and_translated_for_people() -> None:
    error = CaptionerError(
        lazy_gettext("The API key was rejected."),
        lazy_gettext("Check the internet connection and try again."),
    )
    i18n.use("fr")
    assert str(error) == "The API key was rejected. Check the internet connection and try again."
    assert error.message_en == "The API key was rejected."
    assert error.user_message() == (
        "La clé d'API a été refusée. Vérifiez la connexion Internet et réessayez."
    )
    assert str(error.text()) == error.user_message()
    assert error.text().english() == str(error)


def test_a_message_from_elsewhere_is_shown_as_it_is() -> None:
    i18n.use("de")
    error = CaptionerError("disk on fire", "")
    assert error.user_message() == "disk on fire" == str(error)
