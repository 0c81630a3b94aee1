"""Reading the two catalogues the way the checks need them: one entry per message, with
its source text, its translations and where it came from."""

from __future__ import annotations

import importlib.util
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from babel.messages.catalog import Catalog

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "resources" / "translations"
LANGUAGES = ("de", "fr")


def translations_tool() -> ModuleType:
    """scripts/translations.py, the one place that knows how the catalogues are made."""
    spec = importlib.util.spec_from_file_location(
        "translations_tool", ROOT / "scripts" / "translations.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Entry:
    """One message of either catalogue."""

    key: tuple[str, ...]  # what identifies it: (context, source, comment) or (msgid, plural)
    sources: tuple[str, ...]  # the English text(s): singular and plural for plurals
    translations: tuple[str, ...]  # one per plural form ("" where missing)
    finished: bool
    where: str

    @property
    def plural(self) -> bool:
        return len(self.sources) > 1


def ts_entries(path: Path) -> list[Entry]:
    entries = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            comment = message.findtext("comment") or ""
            translation = message.find("translation")
            assert translation is not None
            forms = [form.text or "" for form in translation.iter("numerusform")]
            numerus = message.get("numerus") == "yes"
            texts = tuple(forms) if numerus else (translation.text or "",)
            kind = translation.get("type", "")
            location = message.find("location")
            line = location.get("line", "?") if location is not None else "?"
            entries.append(
                Entry(
                    key=(name, source, comment),
                    sources=(source, source) if numerus else (source,),
                    translations=texts,
                    finished=kind not in ("unfinished", "vanished", "obsolete"),
                    where=f"{path.name} [{name}] line {line}",
                )
            )
    return entries


def po_entries(catalog: Catalog, name: str) -> list[Entry]:
    entries = []
    for message in catalog:
        if not message.id:
            continue  # the header
        ids = tuple(message.id) if isinstance(message.id, list | tuple) else (message.id,)
        strings = message.string if isinstance(message.string, list | tuple) else (message.string,)
        where = ", ".join(f"{file}:{line}" for file, line in message.locations[:2])
        entries.append(
            Entry(
                key=tuple(str(i) for i in ids),
                sources=tuple(str(i) for i in ids),
                translations=tuple(s or "" for s in strings),
                finished=not message.fuzzy,
                where=f"{name} ({where})",
            )
        )
    return entries


# -- what must survive translation ------------------------------------------------------
FIELD = re.compile(r"(?<!\{)\{[a-z_][a-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}(?!\})")
QT_ARG = re.compile(r"%L?n|%\d")
PRINTF = re.compile(r"%(?:\([a-z_]+\))?[sdifr]")
TAG = re.compile(r"</?([a-zA-Z0-9]+)[^>]*>")
ESCAPED_BRACES = re.compile(r"\{\{|\}\}")


def placeholders(text: str) -> dict[str, list[str]]:
    """What a translation must keep from its source, kind by kind."""
    return {
        "fields": sorted(FIELD.findall(text)),
        "Qt arguments": sorted(set(QT_ARG.findall(text))),
        "printf": sorted(PRINTF.findall(text)),
        "HTML tags": sorted(TAG.findall(text)),
        "literal braces": sorted(ESCAPED_BRACES.findall(text)),
        "accelerator": ["&"] * accelerators(text),
    }


def accelerators(text: str) -> int:
    """Keyboard accelerators (&File); && is a literal ampersand, &amp; an entity."""
    plain = text.replace("&&", "").replace("&amp;", "")
    return len(re.findall(r"&(?=\w)", plain))


def accelerator_key(text: str) -> str:
    match = re.search(r"&(\w)", text.replace("&&", ""))
    return match.group(1).lower() if match else ""
