"""Marking texts for translation where they are defined, translated where they are shown.

``QT_TRANSLATE_NOOP(context, text)`` is Qt's marker for a text kept in a table (a menu
of filters, a list of choices): lupdate extracts it, and the code translates it when it
shows it (``QCoreApplication.translate(context, text)`` or ``self.tr(text)`` in the
class named ``context``). PySide's stub types Qt's own marker as returning ``object``;
this one is the same marker, typed.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """``text`` unchanged; lupdate files it under ``context``."""
    return text
