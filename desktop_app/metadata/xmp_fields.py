"""The caption and keyword properties in an XMP tree (embedded or in a sidecar).

One place decides what "the caption in XMP" means, for the embedded writer and the
sidecar writer alike:
- ``dc:description``: ``x-default`` is the caption (what every reader shows); language
  entries (``en``, ``de``, ``fr``) hold the caption's languages; other languages
  already there are kept as they are;
- ``dc:subject``: flat keywords; ``lr:hierarchicalSubject``: keyword paths
  (``Animals|Birds|Gull``, darktable's and Lightroom's hierarchy), written when the
  keywords have a hierarchy and extended where the file already has the list;
  ``digiKam:TagsList`` (digiKam's first choice, ``Animals/Birds/Gull``) extended where
  the file already has it. Keywords are only ever added: the user's own are never removed;
- ``dc:title`` and ``Iptc4xmpCore:AltTextAccessibility`` (lang-alt) when a preset asks
  for a title or alt text;
- the caption's provenance (:mod:`desktop_app.metadata.provenance`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from desktop_app.i18n import Text, lazy_gettext
from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.exiv2_runtime import exiv2_module
from desktop_app.metadata.iim import merged_keywords
from desktop_app.metadata.provenance import (
    PROVENANCE_KEYS,
    ProvenanceFound,
    provenance_problems,
    read_provenance,
    write_provenance,
)

DESCRIPTION = "Xmp.dc.description"
SUBJECT = "Xmp.dc.subject"
HIERARCHICAL = "Xmp.lr.hierarchicalSubject"
DIGIKAM_TAGS = "Xmp.digiKam.TagsList"
TITLE = "Xmp.dc.title"
ALT_TEXT = "Xmp.iptc.AltTextAccessibility"
DEFAULT = "x-default"
OWNED_XMP_KEYS = (
    DESCRIPTION,
    SUBJECT,
    HIERARCHICAL,
    DIGIKAM_TAGS,
    TITLE,
    ALT_TEXT,
    *PROVENANCE_KEYS,
)
LR_SEPARATOR = "|"
DIGIKAM_SEPARATOR = "/"


def is_owned_xmp_key(key: str) -> bool:
    return any(key == owned or key.startswith(owned + "[") for owned in OWNED_XMP_KEYS)


# -- lang-alt properties -------------------------------------------------------------


def lang_alt(xmp: Any, key: str) -> dict[str, str]:
    """Every language of a lang-alt property ({} when there is none)."""
    if key not in xmp:
        return {}
    value = xmp[key].getValue()
    if hasattr(value, "items"):
        return {str(lang): str(text) for lang, text in value.items()}
    return {DEFAULT: xmp[key].toString()}


def descriptions(xmp: Any) -> dict[str, str]:
    """Every language of ``dc:description`` ({} when there is none)."""
    return lang_alt(xmp, DESCRIPTION)


def _shown(entries: dict[str, str]) -> str | None:
    """The entry readers show: ``x-default``, else the first language's."""
    text = entries.get(DEFAULT)
    if text is None and entries:
        text = next(iter(entries.values()))
    if text is None:
        return None
    return text.strip() or None


def get_description(xmp: Any) -> str | None:
    """The ``x-default`` description, else the first language's (what readers show)."""
    return _shown(descriptions(xmp))


def get_title(xmp: Any) -> str | None:
    return _shown(lang_alt(xmp, TITLE))


def set_lang_alt(xmp: Any, key: str, text: str, languages: Iterable[tuple[str, str]] = ()) -> None:
    """``x-default`` set to ``text`` and the given language entries set; other languages
    already there are kept, after the ones written."""
    exiv2 = exiv2_module()
    entries = {DEFAULT: text}
    for language, value in languages:
        entries[language] = value
    for language, value in lang_alt(xmp, key).items():
        entries.setdefault(language, value)
    xmp[key] = exiv2.LangAltValue(entries)


def set_description(xmp: Any, text: str, languages: Iterable[tuple[str, str]] = ()) -> None:
    set_lang_alt(xmp, DESCRIPTION, text, languages)


# -- keywords ------------------------------------------------------------------------


def _array(xmp: Any, key: str) -> list[str]:
    if key not in xmp:
        return []
    datum = xmp[key]
    return [datum.toString(i) for i in range(datum.count())]


def get_keywords(xmp: Any) -> list[str]:
    return _array(xmp, SUBJECT)


def get_hierarchical_keywords(xmp: Any) -> list[str]:
    return _array(xmp, HIERARCHICAL)


def _add_to_list(xmp: Any, key: str, type_id: Any, keywords: Sequence[str]) -> None:
    exiv2 = exiv2_module()
    current = _array(xmp, key)
    merged = merged_keywords(current, keywords)
    if merged == current:
        return
    value = exiv2.XmpArrayValue(type_id)
    for keyword in merged:
        value.read(keyword)
    xmp[key] = value


def add_keywords(xmp: Any, keywords: Sequence[str], hierarchical: Sequence[str] = ()) -> None:
    """Add keywords to ``dc:subject``, paths to ``lr:hierarchicalSubject``, and both to
    the tool-specific lists the file already has."""
    exiv2 = exiv2_module()
    bag = exiv2.TypeId.xmpBag
    if keywords:
        _add_to_list(xmp, SUBJECT, bag, keywords)
    if hierarchical:
        type_id = xmp[HIERARCHICAL].typeId() if HIERARCHICAL in xmp else bag
        _add_to_list(xmp, HIERARCHICAL, type_id, hierarchical)
    elif keywords and HIERARCHICAL in xmp:
        _add_to_list(xmp, HIERARCHICAL, xmp[HIERARCHICAL].typeId(), keywords)
    if DIGIKAM_TAGS in xmp and (keywords or hierarchical):
        tags = [path.replace(LR_SEPARATOR, DIGIKAM_SEPARATOR) for path in hierarchical]
        _add_to_list(xmp, DIGIKAM_TAGS, xmp[DIGIKAM_TAGS].typeId(), tags or keywords)


# -- the whole caption ----------------------------------------------------------------


def set_caption(xmp: Any, caption: CaptionData) -> None:
    """Write every XMP property ``caption`` has a value for."""
    text = caption.text.strip()
    set_description(xmp, text, caption.languages)
    add_keywords(xmp, caption.keywords, caption.hierarchical_keywords)
    language = caption.default_language
    for key, value in ((TITLE, caption.title), (ALT_TEXT, caption.alt_text)):
        if value.strip():
            entries = [(language, value.strip())] if language else []
            set_lang_alt(xmp, key, value.strip(), entries)
    if caption.provenance is not None:
        write_provenance(xmp, caption.provenance)


def caption_problems(xmp: Any, caption: CaptionData) -> list[Text]:
    """What of ``caption`` does not read back from ``xmp`` (empty when all of it does)."""
    problems = []
    written = descriptions(xmp)
    if get_description(xmp) != caption.text.strip():
        problems.append(lazy_gettext("XMP dc:description did not read back"))
    if any(written.get(lang, "").strip() != text.strip() for lang, text in caption.languages):
        problems.append(lazy_gettext("a language of dc:description did not read back"))
    if not _all_present(get_keywords(xmp), caption.keywords):
        problems.append(lazy_gettext("keywords did not read back"))
    if not _all_present(get_hierarchical_keywords(xmp), caption.hierarchical_keywords):
        problems.append(lazy_gettext("hierarchical keywords did not read back"))
    if caption.title.strip() and get_title(xmp) != caption.title.strip():
        problems.append(lazy_gettext("the title did not read back"))
    if caption.alt_text.strip() and _shown(lang_alt(xmp, ALT_TEXT)) != caption.alt_text.strip():
        problems.append(lazy_gettext("the alt text did not read back"))
    if caption.provenance is not None:
        problems += provenance_problems(xmp, caption.provenance)
    return problems


def _all_present(found: Sequence[str], wanted: Sequence[str]) -> bool:
    present = {keyword.casefold() for keyword in found}
    return all(k.strip().casefold() in present for k in wanted if k.strip())


def provenance_of(xmp: Any) -> ProvenanceFound | None:
    return read_provenance(xmp)
