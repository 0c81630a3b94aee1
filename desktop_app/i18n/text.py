"""Messages that stay English until a person reads them.

An error is raised deep in a worker thread and then goes several ways: to the window or
the terminal (in the user's language), to the log file and to ``--json`` output (in
English, so a bug report or a script reads the same on every machine). A ``Text``
keeps the English message id and its values, and renders either way on demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_app.i18n import catalog


@dataclass(frozen=True)
class Text:
    """A message id with its ``{name}`` values (which may be ``Text`` themselves)."""

    msgid: str
    values: tuple[tuple[str, object], ...] = ()  # (name, value): hashable, like an event
    plural: str | None = None  # with ``n``: a message with plural forms
    n: int = 1
    verbatim: bool = False  # final text from elsewhere (an OS message): never looked up
    parts: tuple[Text, ...] = ()  # with ``msgid`` the separator: parts joined (non-empty)

    def english(self) -> str:
        return self._render(localized=False)

    def localized(self) -> str:
        return self._render(localized=True)

    def __str__(self) -> str:
        return self.localized()

    def __bool__(self) -> bool:
        return bool(self.msgid or any(self.parts))

    def _render(self, *, localized: bool) -> str:
        if self.parts:
            rendered = (part._render(localized=localized) for part in self.parts)
            return self.msgid.join(text for text in rendered if text)
        if self.verbatim:
            return self.msgid
        if self.plural is None:
            template = catalog.gettext(self.msgid) if localized else self.msgid
        elif localized:
            template = catalog.ngettext(self.msgid, self.plural, self.n)
        else:
            template = self.msgid if self.n == 1 else self.plural
        values = {
            name: value._render(localized=localized) if isinstance(value, Text) else value
            for name, value in self.values
        }
        if self.plural is not None:
            values.setdefault("n", self.n)
        return template.format(**values) if values else template


NO_TEXT = Text("", verbatim=True)


def lazy_gettext(msgid: str, **values: Any) -> Text:
    """Mark ``msgid`` for translation; it is looked up when shown (see ``Text``)."""
    return Text(msgid, tuple(values.items()))


def lazy_ngettext(singular: str, plural: str, n: int, **values: Any) -> Text:
    """The plural-aware ``lazy_gettext``: ``{n}`` in the message is the count."""
    return Text(singular, tuple(values.items()), plural=plural, n=n)


def join_texts(*parts: str | Text, separator: str = " ") -> Text:
    """Messages one after the other (a message and its hint), empty ones left out."""
    return Text(separator, parts=tuple(as_text(part) for part in parts))


def as_text(message: str | Text) -> Text:
    """A plain string is already final (composed, or from the OS): shown as it is."""
    return message if isinstance(message, Text) else Text(message, verbatim=True)
