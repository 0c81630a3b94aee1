"""The check before a written copy may replace the original: two readers, both satisfied.

ExifTool (the full dump) and exiv2 (its decoded tags) each read the original and the
copy. Each must read the new caption back, and each must find every tag the app does
not own unchanged, apart from the pure structure each module documents
(:mod:`exiftool_compare`, :mod:`snapshot`). Where one reader cannot read part of a file
whole, that part is compared as the other reads it, and the check says so:
- a maker note exiv2 does not decode: its raw bytes may change (ExifTool fixes its
  offsets when it moves it) when ExifTool decodes it, whose every tag must read back;
- extended XMP, which exiv2 does not read: XMP is compared as ExifTool reads it;
- a file exiv2 cannot open at all: ExifTool's reading decides alone (and exiv2 must
  not start failing on the copy of a file it could read).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_app.i18n import Text, join_texts, lazy_gettext
from desktop_app.metadata import iim
from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.exiftool_args import LANGUAGE, WITH_IIM, EmbedPlan
from desktop_app.metadata.exiftool_compare import dump_changes, new_warnings
from desktop_app.metadata.exiftool_dump import comparable, has_group, text_of, values_of
from desktop_app.metadata.snapshot import (
    Exiv2Allowances,
    Exiv2Reading,
    exiv2_changes,
    new_exiv2_warnings,
)

SHOWN = 6  # tags named in a refusal; the rest are counted


@dataclass(frozen=True)
class Readings:
    exiv2_before: Exiv2Reading
    exiv2_after: Exiv2Reading
    dump_before: dict[str, Any]
    dump_after: dict[str, Any]


def verification_problems(caption: CaptionData, plan: EmbedPlan, readings: Readings) -> list[Text]:
    """Everything wrong with the copy, in words (empty: it may replace the original)."""
    with_iim = plan.container in WITH_IIM
    problems: list[Text] = []
    missing = exiftool_caption_problems(caption, readings.dump_after, with_iim=with_iim)
    if missing:
        problems.append(
            lazy_gettext("{fields} not reading back in ExifTool's reading", fields=_listed(missing))
        )
    problems += _exiv2_problems(caption, readings, with_iim=with_iim)
    changed = dump_changes(comparable(readings.dump_before), comparable(readings.dump_after))
    if changed:
        problems.append(
            lazy_gettext("other tags changed as ExifTool reads them ({tags})", tags=_names(changed))
        )
    warnings = new_warnings(readings.dump_before, readings.dump_after)
    if warnings:
        problems.append(
            lazy_gettext(
                "damage ExifTool reports in the copy ({warnings})",
                warnings="; ".join(warnings[:2]),
            )
        )
    return problems


def _exiv2_problems(caption: CaptionData, readings: Readings, *, with_iim: bool) -> list[Text]:
    before, after = readings.exiv2_before, readings.exiv2_after
    if not before.readable:
        return []  # exiv2 cannot read the original: ExifTool's reading decides
    if not after.readable:
        return [lazy_gettext("a copy exiv2 can no longer read ({error})", error=after.error)]
    problems: list[Text] = []
    missing = exiv2_caption_problems(caption, after, with_iim=with_iim)
    if missing:
        problems.append(
            lazy_gettext("{fields} not reading back in exiv2's reading", fields=_listed(missing))
        )
    changed = exiv2_changes(before, after, _allowances(readings))
    if changed:
        problems.append(
            lazy_gettext("other tags changed as exiv2 reads them ({tags})", tags=_names(changed))
        )
    damage = new_exiv2_warnings(before, after)
    if damage:
        problems.append(
            lazy_gettext(
                "damage exiv2 reports in the copy ({warnings})", warnings="; ".join(damage[:2])
            )
        )
    return problems


def _allowances(readings: Readings) -> Exiv2Allowances:
    return Exiv2Allowances(
        maker_note_read_elsewhere=has_group(readings.dump_before, "MakerNotes"),
        xmp_read_elsewhere="XMP:XMP-xmpNote:HasExtendedXMP" in readings.dump_before,
    )


def _listed(fields: list[str | Text]) -> Text:
    return join_texts(*fields, separator=", ")


def _names(keys: list[str]) -> str | Text:
    shown = ", ".join(keys[:SHOWN])
    if len(keys) <= SHOWN:
        return shown
    return lazy_gettext("{tags} and {count} more", tags=shown, count=len(keys) - SHOWN)


def exiftool_caption_problems(
    caption: CaptionData, dump: dict[str, Any], *, with_iim: bool
) -> list[str | Text]:
    """The caption fields that do not read back in ExifTool's dump of the copy (tag
    names, which are not translated, and words, which are)."""
    text = caption.text.strip()
    wrong: list[str | Text] = []
    if text_of(dump, "XMP:XMP-dc:Description") != text:
        wrong.append("XMP dc:description")
    for language, value in caption.languages:
        written = LANGUAGE.match(language) and language.lower() != "x-default"
        if written and text_of(dump, f"XMP:XMP-dc:Description-{language}") != value.strip():
            wrong.append(lazy_gettext("its {language} entry", language=language))
    if text_of(dump, "EXIF:IFD0:ImageDescription") != text:
        wrong.append("EXIF ImageDescription")
    if with_iim and text_of(dump, "IPTC:Caption-Abstract") != iim.iim_caption(text):
        wrong.append("IPTC Caption-Abstract")
    if not _all_present(values_of(dump, "XMP:XMP-dc:Subject"), caption.keywords):
        wrong.append(lazy_gettext("XMP keywords"))
    iim_keywords = [iim.iim_keyword(k) for k in caption.keywords]
    if with_iim and not _all_present(values_of(dump, "IPTC:Keywords"), iim_keywords):
        wrong.append(lazy_gettext("IPTC keywords"))
    hierarchy = values_of(dump, "XMP:XMP-lr:HierarchicalSubject")
    if not _all_present(hierarchy, caption.hierarchical_keywords):
        wrong.append(lazy_gettext("hierarchical keywords"))
    for key, value in (
        ("XMP:XMP-dc:Title", caption.title),
        ("XMP:XMP-iptcCore:AltTextAccessibility", caption.alt_text),
    ):
        if value.strip() and text_of(dump, key) != value.strip():
            wrong.append(key.rsplit(":", 1)[-1])
    source = caption.provenance.origin.value if caption.provenance else None
    if source is not None and text_of(dump, "XMP:XMP-fcap:CaptionSource") != source:
        wrong.append(lazy_gettext("the caption's provenance"))
    return wrong


def exiv2_caption_problems(
    caption: CaptionData, reading: Exiv2Reading, *, with_iim: bool
) -> list[str | Text]:
    """The caption fields that do not read back in exiv2's reading of the copy."""
    fields = reading.fields
    if fields is None:
        return [lazy_gettext("the caption")]
    text = caption.text.strip()
    wrong: list[str | Text] = []
    if fields.xmp != text:
        wrong.append("XMP dc:description")
    if fields.exif != text:
        wrong.append("EXIF ImageDescription")
    if with_iim and fields.iim != iim.iim_caption(text).strip():
        wrong.append("IPTC Caption-Abstract")
    if not _all_present(fields.xmp_keywords, caption.keywords):
        wrong.append(lazy_gettext("XMP keywords"))
    if caption.provenance is not None and fields.provenance != caption.provenance.origin.value:
        wrong.append(lazy_gettext("the caption's provenance"))
    return wrong


def _all_present(found: list[str] | tuple[str, ...], wanted: tuple[str, ...] | list[str]) -> bool:
    present = {keyword.casefold() for keyword in found}
    return all(k.strip().casefold() in present for k in wanted if k.strip())


def change_details(readings: Readings) -> str:
    """Each changed tag with its old and new value (for logs and ``--json``)."""
    lines: list[str] = []
    before, after = comparable(readings.dump_before), comparable(readings.dump_after)
    for key in dump_changes(before, after):
        lines.append(f"ExifTool {key}: {_short(before.get(key))} -> {_short(after.get(key))}")
    old, new = readings.exiv2_before, readings.exiv2_after
    if old.readable and new.readable:
        for key in exiv2_changes(old, new, _allowances(readings)):
            lines.append(
                f"exiv2 {key}: {_short(old.values.get(key))} -> {_short(new.values.get(key))}"
            )
    return "\n".join(lines)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
