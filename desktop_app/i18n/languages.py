"""Which language the app speaks: the user's choice, else the system's, else English.

Both faces resolve it the same way. The environment is read as GNU gettext reads it
(``LANGUAGE``, a colon-separated list of preferences, then the first of ``LC_ALL``,
``LC_MESSAGES`` and ``LANG`` that is set); the window adds the desktop's own list
(``QLocale.uiLanguages()``, the only source on Windows and macOS) as a fallback.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterable, Mapping


class UiLanguage(enum.Enum):
    """The language setting: follow the system, or one of the shipped languages."""

    SYSTEM = "system"
    ENGLISH = "en"
    GERMAN = "de"
    FRENCH = "fr"


SOURCE_LANGUAGE = "en"  # the language the messages are written in
SHIPPED = tuple(choice.value for choice in UiLanguage if choice is not UiLanguage.SYSTEM)
# Each language by its own name: a person who cannot read the current one finds theirs.
NATIVE_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français"}
_ENV_ORDER = ("LC_ALL", "LC_MESSAGES", "LANG")


def language_code(tag: str) -> str:
    """``de_DE.UTF-8`` / ``de-AT`` / ``fr_CA@euro`` -> ``de`` / ``de`` / ``fr``; C and POSIX
    (the untranslated locale) -> ``en``; anything unreadable -> ``""``."""
    base = tag.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    if base in ("c", "posix"):
        return SOURCE_LANGUAGE
    return base if base.isalpha() else ""


def environment_preferences(environ: Mapping[str, str] | None = None) -> list[str]:
    """The languages the environment asks for, best first (codes, may be unshipped)."""
    env = os.environ if environ is None else environ
    locale_tag = next((env[name] for name in _ENV_ORDER if env.get(name)), "")
    # GNU gettext ignores LANGUAGE when the locale is C: "C" means untranslated.
    untranslated = locale_tag.split(".")[0] in ("C", "POSIX")
    tags = [] if untranslated else env.get("LANGUAGE", "").split(":")
    tags.append(locale_tag)
    return [code for code in (language_code(tag) for tag in tags) if code]


def resolve(
    choice: UiLanguage,
    fallback: Iterable[str] = (),
    environ: Mapping[str, str] | None = None,
) -> str:
    """The shipped language to use: the choice, else the first shipped preference of the
    environment, then of ``fallback`` (the desktop's list), else English."""
    if choice is not UiLanguage.SYSTEM:
        return str(choice.value)
    preferences = environment_preferences(environ) or [language_code(tag) for tag in fallback]
    return next((code for code in preferences if code in SHIPPED), SOURCE_LANGUAGE)
