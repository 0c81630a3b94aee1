"""Keep the translations in step with the code.

    .venv/bin/python scripts/translations.py update    # after changing texts in the code
    .venv/bin/python scripts/translations.py compile   # after editing a .ts or .po
    .venv/bin/python scripts/translations.py add LANG  # start a new language (e.g. it)

Two catalogues, both under resources/translations/:

- the window's texts (``self.tr``/``QCoreApplication.translate`` in desktop_app/gui):
  Qt Linguist sources ``window_<lang>.ts``, made by ``pyside6-lupdate`` and compiled by
  ``pyside6-lrelease`` into ``window_<lang>.qm``; ``window_en.ts`` holds only the English
  plural forms ("%n image(s)" -> "1 image" / "2 images");
- the commands' messages and the errors every layer raises (``gettext``/``ngettext``/
  ``lazy_gettext``/``lazy_ngettext`` from desktop_app.i18n): the template
  ``messages.pot`` and ``messages_<lang>.po``, extracted, merged and compiled into
  ``messages_<lang>.mo`` with Babel (a test dependency; the app reads .mo files with the
  standard library's gettext).

The compiled files are committed, so a checkout, a wheel and a bundle need no build
step; tests/i18n checks that they match their sources and that the sources match the
code. Edit the .ts files with Qt Linguist (``.venv/bin/pyside6-linguist``) or any text
editor, the .po files with any PO editor.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "desktop_app"
FOLDER = ROOT / "resources" / "translations"
LANGUAGES = ("de", "fr")  # translated languages (English is the source)
TEMPLATE = FOLDER / "messages.pot"
KEYWORDS = {
    "_": None,
    "N_": None,
    "N_plural": (1, 2),
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
}
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """A Qt tool from the venv PySide6 is installed in (or from PATH)."""
    local = BIN / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6-Essentials in this venv")
    return found


def window_sources(root: Path = PACKAGE) -> list[Path]:
    return sorted((root / "gui").rglob("*.py"))


def ts_file(language: str, folder: Path = FOLDER) -> Path:
    return folder / f"window_{language}.ts"


def run_lupdate(ts: Path, sources: list[Path], *, plural_only: bool = False) -> None:
    """Merge the texts found in ``sources`` into ``ts`` (dropping vanished ones)."""
    extra = ["-pluralonly"] if plural_only else []
    command = [tool("pyside6-lupdate"), *map(str, sources), "-ts", str(ts)]
    command += ["-no-obsolete", "-locations", "relative", "-silent", *extra]
    subprocess.run(command, check=True)


def run_lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def extract_messages(root: Path = PACKAGE) -> Catalog:
    """The gettext template: every marked message of the package."""
    catalog = Catalog(project="Folder Captioner", charset="utf-8", fuzzy=False)
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), method_map, keywords=KEYWORDS, comment_tags=("Translators:",)
    ):
        location = (f"desktop_app/{filename}", lineno)
        catalog.add(message, None, [location], auto_comments=comments, context=context)
    return catalog


def po_file(language: str, folder: Path = FOLDER) -> Path:
    return folder / f"messages_{language}.po"


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, locale=language)


def write_catalog(catalog: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=True)
    path.write_bytes(buffer.getvalue())


def update_po(template: Catalog, language: str, folder: Path = FOLDER) -> None:
    """Merge the template into a language's .po (new messages empty, gone ones dropped)."""
    path = po_file(language, folder)
    catalog = read_catalog(path, language)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    write_catalog(catalog, path)


def compile_mo(language: str, folder: Path = FOLDER) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(po_file(language, folder), language), use_fuzzy=False)
    return buffer.getvalue()


def update(folder: Path = FOLDER, root: Path = PACKAGE) -> None:
    sources = window_sources(root)
    for language in LANGUAGES:
        run_lupdate(ts_file(language, folder), sources)
    run_lupdate(ts_file("en", folder), sources, plural_only=True)
    template = extract_messages(root)
    write_catalog(template, folder / TEMPLATE.name)
    for language in LANGUAGES:
        update_po(template, language, folder)


def compile_all(folder: Path = FOLDER) -> None:
    for language in (*LANGUAGES, "en"):
        run_lrelease(ts_file(language, folder), folder / f"window_{language}.qm")
    for language in LANGUAGES:
        (folder / f"messages_{language}.mo").write_bytes(compile_mo(language, folder))


def add(language: str) -> None:
    """A new language: empty catalogues to translate (then add it to LANGUAGES,
    desktop_app.i18n.UiLanguage and the bundle's Qt translations)."""
    template = extract_messages()
    catalog = Catalog(locale=language, project="Folder Captioner", fuzzy=False)
    catalog.update(template)
    write_catalog(catalog, po_file(language))
    run_lupdate(ts_file(language), window_sources())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["update", "compile", "add"])
    parser.add_argument("language", nargs="?")
    args = parser.parse_args()
    if args.command == "update":
        update()
    elif args.command == "compile":
        compile_all()
    else:
        if not args.language:
            parser.error("add needs a language code, e.g. it")
        add(args.language)


if __name__ == "__main__":
    main()
