"""Caption languages: the codes the app accepts and the names models understand.

XMP lang-alt entries are keyed by RFC 3066 / BCP 47 language tags (``en``, ``de``,
``pt-BR``); prompts name the language in English, which instruction-tuned models follow
more reliably than a code. Unknown but well-formed tags are allowed and named by their
code, so a user is never blocked by this table.
"""

from __future__ import annotations

import re

from desktop_app.i18n import gettext

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")

NAMES: dict[str, str] = {
    "ar": "Arabic",
    "bg": "Bulgarian",
    "ca": "Catalan",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "en-gb": "British English",
    "en-us": "American English",
    "es": "Spanish",
    "et": "Estonian",
    "eu": "Basque",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "ga": "Irish",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "id": "Indonesian",
    "is": "Icelandic",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "nb": "Norwegian Bokmål",
    "nl": "Dutch",
    "nn": "Norwegian Nynorsk",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "pt-br": "Brazilian Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sr": "Serbian",
    "sv": "Swedish",
    "th": "Thai",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
    "zh": "Chinese",
    "zh-hans": "Simplified Chinese",
    "zh-hant": "Traditional Chinese",
}


class BadLanguage(ValueError):
    """A language setting that is not a language tag."""


def normalise_language(code: str) -> str:
    """``EN`` -> ``en``, ``pt_br`` -> ``pt-BR``: the form XMP tools write."""
    tag = code.strip().replace("_", "-")
    if not _TAG.match(tag) or tag.lower() == "x-default":
        raise BadLanguage(
            gettext("'{code}' is not a language code; use codes like en, de, fr or pt-BR.").format(
                code=code
            )
        )
    first, *rest = tag.split("-")
    parts = [first.lower()]
    for part in rest:
        parts.append(part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part)
    return "-".join(parts)


def parse_languages(text: str) -> tuple[str, ...]:
    """``"en, de fr"`` -> ``("en", "de", "fr")``; the first is the default language."""
    codes = [part for part in re.split(r"[,\s;]+", text) if part]
    return tuple(dict.fromkeys(normalise_language(code) for code in codes))


def language_name(code: str) -> str:
    """The English name of a language for prompts (``de`` -> ``German``)."""
    return NAMES.get(code.lower()) or NAMES.get(code.split("-", maxsplit=1)[0].lower()) or code
