"""What the caption panel says about the current caption besides its text: keywords,
languages, title, alt text, and who wrote it."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

from desktop_app.core.library import CaptionRecord, CaptionSource
from desktop_app.gui.texts import QT_TRANSLATE_NOOP

SOURCE_NAMES = {
    CaptionSource.GENERATED: QT_TRANSLATE_NOOP("CaptionDetails", "machine-written"),
    CaptionSource.EDITED: QT_TRANSLATE_NOOP("CaptionDetails", "edited"),
    CaptionSource.IMPORTED: QT_TRANSLATE_NOOP("CaptionDetails", "found in the files"),
}


def source_name(source: CaptionSource) -> str:
    """Who wrote a caption, in words (the history's column)."""
    return QCoreApplication.translate("CaptionDetails", SOURCE_NAMES[source])


def local_time(seconds: float) -> str:
    """A date and time as the user's language writes it, short."""
    moment = QDateTime.fromSecsSinceEpoch(int(seconds))
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


def describe_caption(record: CaptionRecord | None) -> str:
    """Rich text for the panel: who wrote the caption, and its structured parts."""
    if record is None:
        return ""
    when = local_time(record.created_at)
    engine = " · ".join(part for part in (record.backend, record.model) if part)
    translate = QCoreApplication.translate
    if record.source is CaptionSource.GENERATED and engine:
        who = translate("CaptionDetails", "Machine-written by {engine} on {when}")
        who = who.format(engine=engine, when=when)
    elif record.source is CaptionSource.GENERATED:
        who = translate("CaptionDetails", "Machine-written on {when}").format(when=when)
    elif record.source is CaptionSource.EDITED and engine:
        who = translate("CaptionDetails", "Edited by a person on {when} (drafted by {engine})")
        who = who.format(engine=engine, when=when)
    elif record.source is CaptionSource.EDITED:
        who = translate("CaptionDetails", "Edited by a person on {when}").format(when=when)
    else:
        who = translate("CaptionDetails", "Found in the image's files")
    lines = [f"<i>{html.escape(who)}</i>"]
    for label, value in (
        (translate("CaptionDetails", "Title:"), record.title),
        (translate("CaptionDetails", "Alt text:"), record.alt_text),
        (translate("CaptionDetails", "Keywords:"), ", ".join(record.keywords)),
        (translate("CaptionDetails", "Hierarchy:"), ", ".join(record.hierarchical_keywords)),
    ):
        if value:
            lines.append(f"<b>{html.escape(label)}</b> {html.escape(value)}")
    others = {lang: text for lang, text in record.languages.items() if text != record.text}
    for language, text in others.items():
        lines.append(f"<b>{html.escape(language)}:</b> {html.escape(text)}")
    return "<br>".join(lines)
