"""What the caption panel says about the current caption besides its text: keywords,
languages, title, alt text, and who wrote it."""

from __future__ import annotations

import html
import time

from desktop_app.core.library import CaptionRecord, CaptionSource


def describe_caption(record: CaptionRecord | None) -> str:
    """Rich text for the panel: who wrote the caption, and its structured parts."""
    if record is None:
        return ""
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(record.created_at))
    engine = " · ".join(part for part in (record.backend, record.model) if part)
    if record.source is CaptionSource.GENERATED:
        who = f"Machine-written by {engine or 'a model'} on {when}"
    elif record.source is CaptionSource.EDITED:
        who = f"Edited by a person on {when}" + (f" (drafted by {engine})" if engine else "")
    else:
        who = "Found in the image's files"
    lines = [f"<i>{html.escape(who)}</i>"]
    for label, value in (
        ("Title", record.title),
        ("Alt text", record.alt_text),
        ("Keywords", ", ".join(record.keywords)),
        ("Hierarchy", ", ".join(record.hierarchical_keywords)),
    ):
        if value:
            lines.append(f"<b>{label}:</b> {html.escape(value)}")
    others = {lang: text for lang, text in record.languages.items() if text != record.text}
    for language, text in others.items():
        lines.append(f"<b>{html.escape(language)}:</b> {html.escape(text)}")
    return "<br>".join(lines)
