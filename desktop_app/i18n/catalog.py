"""The message catalogue of the commands and of the errors every layer raises.

Standard gettext: the sources are ``resources/translations/messages_<lang>.po``, the
compiled ``.mo`` files sit beside them (committed: ``scripts/translations.py compile``
makes them, and a test fails when one is out of step with its ``.po``). Qt is not
involved: the CLI and the layers below the window use this module, the window uses Qt's
own catalogue (``window_<lang>.qm``) and this one for the errors it shows.

Messages use named ``str.format`` fields (``{name}``): translators may reorder them.
"""

from __future__ import annotations

import gettext as _gettext
import logging
import threading
from importlib import resources

from desktop_app.i18n.languages import SHIPPED, SOURCE_LANGUAGE

log = logging.getLogger(__name__)

DOMAIN = "messages"
TRANSLATIONS_PACKAGE = "desktop_app.resources"
TRANSLATIONS_FOLDER = "translations"

_lock = threading.Lock()
_active: _gettext.NullTranslations = _gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def catalogue_file(language: str, suffix: str = "mo") -> resources.abc.Traversable:
    """Where a language's compiled (or source) catalogue is shipped."""
    folder = resources.files(TRANSLATIONS_PACKAGE).joinpath(TRANSLATIONS_FOLDER)
    return folder.joinpath(f"{DOMAIN}_{language}.{suffix}")


def load(language: str) -> _gettext.NullTranslations:
    """The catalogue of a shipped language; English (and a missing file) is the source."""
    if language == SOURCE_LANGUAGE or language not in SHIPPED:
        return _gettext.NullTranslations()
    try:
        with catalogue_file(language).open("rb") as stream:
            return _gettext.GNUTranslations(stream)
    except OSError as exc:
        log.warning("no message catalogue for %s: %s", language, exc)
        return _gettext.NullTranslations()


def use(language: str) -> None:
    """Speak ``language`` from now on, in every thread (a shipped code, e.g. ``de``)."""
    global _active, _language  # one language per process
    translations = load(language)
    with _lock:
        _active, _language = translations, language if language in SHIPPED else SOURCE_LANGUAGE


def current_language() -> str:
    return _language


def gettext(message: str) -> str:
    """``message`` in the current language (the English text when it has none)."""
    return _active.gettext(message)


def N_(message: str) -> str:
    """Marks ``message`` for the catalogue without translating it (it is looked up later,
    by code that receives it as a value)."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """``N_`` for a message with plural forms."""
    return singular, plural


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` in the current language's plural rules."""
    return _active.ngettext(singular, plural, n)
