"""The caption and keyword properties in an XMP tree (embedded or in a sidecar).

One place decides what "the caption in XMP" means, for the embedded writer and the
sidecar writer alike: ``dc:description``'s ``x-default`` entry (other languages are
kept as they are), and keywords in ``dc:subject``, plus ``lr:hierarchicalSubject``
(darktable's first choice) and ``digiKam:TagsList`` (digiKam's) where a file already
has them. Keywords are only ever added: the user's own keywords are never removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop_app.metadata.exiv2_runtime import exiv2_module
from desktop_app.metadata.iim import merged_keywords

DESCRIPTION = "Xmp.dc.description"
SUBJECT = "Xmp.dc.subject"
HIERARCHICAL = "Xmp.lr.hierarchicalSubject"
DIGIKAM_TAGS = "Xmp.digiKam.TagsList"
OWNED_XMP_KEYS = (DESCRIPTION, SUBJECT, HIERARCHICAL, DIGIKAM_TAGS)
# Keyword lists that are only extended where the file already has them.
_OPTIONAL_KEYWORD_LISTS = (HIERARCHICAL, DIGIKAM_TAGS)


def is_owned_xmp_key(key: str) -> bool:
    return any(key == owned or key.startswith(owned + "[") for owned in OWNED_XMP_KEYS)


def descriptions(xmp: Any) -> dict[str, str]:
    """Every language of ``dc:description`` ({} when there is none)."""
    if DESCRIPTION not in xmp:
        return {}
    value = xmp[DESCRIPTION].getValue()
    if hasattr(value, "items"):
        return {str(lang): str(text) for lang, text in value.items()}
    return {"x-default": xmp[DESCRIPTION].toString()}


def get_description(xmp: Any) -> str | None:
    """The ``x-default`` description, else the first language's (what readers show)."""
    found = descriptions(xmp)
    text = found.get("x-default")
    if text is None and found:
        text = next(iter(found.values()))
    if text is None:
        return None
    return text.strip() or None


def set_description(xmp: Any, text: str) -> None:
    exiv2 = exiv2_module()
    languages = descriptions(xmp)
    languages["x-default"] = text
    ordered = {"x-default": text, **{k: v for k, v in languages.items() if k != "x-default"}}
    xmp[DESCRIPTION] = exiv2.LangAltValue(ordered)


def _array(xmp: Any, key: str) -> list[str]:
    if key not in xmp:
        return []
    datum = xmp[key]
    return [datum.toString(i) for i in range(datum.count())]


def get_keywords(xmp: Any) -> list[str]:
    return _array(xmp, SUBJECT)


def add_keywords(xmp: Any, keywords: Sequence[str]) -> None:
    """Add keywords to ``dc:subject`` and to the tool-specific lists already present."""
    if not keywords:
        return
    exiv2 = exiv2_module()
    targets = [(SUBJECT, exiv2.TypeId.xmpBag)]
    for key in _OPTIONAL_KEYWORD_LISTS:
        if key in xmp:
            targets.append((key, xmp[key].typeId()))
    for key, type_id in targets:
        merged = merged_keywords(_array(xmp, key), keywords)
        if merged == _array(xmp, key):
            continue
        value = exiv2.XmpArrayValue(type_id)
        for keyword in merged:
            value.read(keyword)
        xmp[key] = value


def set_caption(xmp: Any, text: str, keywords: Sequence[str] = ()) -> None:
    set_description(xmp, text)
    add_keywords(xmp, keywords)
