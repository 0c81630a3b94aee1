"""The user's language, for both faces and every layer (no Qt here).

``gettext``/``ngettext`` translate now (the commands' messages); ``lazy_gettext`` and
``lazy_ngettext`` mark a message that is translated when shown (errors, which also go
to logs and ``--json`` in English). The window adds Qt's catalogue for its widgets
(``desktop_app.gui.translations``) and uses this one for the errors it shows.
"""

from desktop_app.i18n.catalog import N_, N_plural, current_language, gettext, ngettext, use
from desktop_app.i18n.languages import (
    NATIVE_NAMES,
    SHIPPED,
    SOURCE_LANGUAGE,
    UiLanguage,
    environment_preferences,
    resolve,
)
from desktop_app.i18n.text import NO_TEXT, Text, as_text, join_texts, lazy_gettext, lazy_ngettext

_ = gettext

__all__ = [
    "NATIVE_NAMES",
    "NO_TEXT",
    "N_",
    "SHIPPED",
    "SOURCE_LANGUAGE",
    "N_plural",
    "Text",
    "UiLanguage",
    "_",
    "as_text",
    "current_language",
    "environment_preferences",
    "gettext",
    "join_texts",
    "lazy_gettext",
    "lazy_ngettext",
    "ngettext",
    "resolve",
    "use",
]
