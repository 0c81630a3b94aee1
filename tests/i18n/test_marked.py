"""Every text a person reads is marked for translation.

The catalogue tests (test_catalogues.py) check that what is marked is translated; this
one finds what was never marked: a plain string (or f-string) handed to a widget, a
message box, a status line, the terminal or an error a user sees. Merged work that adds
a raw string fails here, with the file and line.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from desktop_app.errors import CaptionerError

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "desktop_app"
MARKERS = {
    "tr",
    "translate",
    "QT_TRANSLATE_NOOP",
    "QT_TR_NOOP",
    "_",
    "gettext",
    "ngettext",
    "lazy_gettext",
    "lazy_ngettext",
    "N_",
    "N_plural",
}
# Widget and window calls whose text arguments a person reads.
WINDOW_CALLS = {
    "QLabel": (0,),
    "QPushButton": (0,),
    "QCheckBox": (0,),
    "QRadioButton": (0,),
    "QGroupBox": (0,),
    "QMenu": (0,),
    "QAction": (0,),
    "QToolBar": (0,),
    "setText": (0,),
    "setToolTip": (0,),
    "setWindowTitle": (0,),
    "setPlaceholderText": (0,),
    "setSpecialValueText": (0,),
    "setSuffix": (0,),
    "setPrefix": (0,),
    "setStatusTip": (0,),
    "setInformativeText": (0,),
    "setTitle": (0,),
    "setPlainText": (0,),
    "addItem": (0,),
    "addTab": (1,),
    "addRow": (0,),
    "add_row": (0, 2),
    "addAction": (0,),
    "addButton": (0,),
    "setHeaderLabels": (0,),
    "showMessage": (0,),
    "warning": (1, 2),
    "question": (1, 2),
    "information": (1, 2),
    "critical": (1, 2),
    "getExistingDirectory": (1,),
    "getOpenFileName": (1, 3),
    "make_action": (1, 4),
    "emit": (0,),
    "say": (0,),
    "set_status": (0,),
    "run_finished": (0,),
    "set_image": (1,),
}
# Terminal output and usage errors of the commands.
CLI_CALLS = {
    "print": (0,),
    "UsageError": (0,),
    "ArgumentTypeError": (0,),
    "add_argument_group": (0,),
    "_note": (0,),
    "_line": (2,),
}
CLI_KEYWORDS = {"help", "description"}
MARKUP = re.compile(r"\[/?[a-z ]*\]|<[^>]*>")  # rich's [red] and [/], HTML's tags
# A line that shows only names (products, variables, addresses) says so with this comment.
NAMES_ONLY = "# names only"


def has_words(text: str) -> bool:
    """Letters a person reads (markup is not text)."""
    return re.search(r"[A-Za-z]{2}", MARKUP.sub("", text)) is not None


def literal_text(node: ast.expr) -> str | None:
    """The words of a plain string or f-string argument (None: not a literal)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.List):
        return " ".join(filter(None, (literal_text(element) for element in node.elts)))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return " ".join(filter(None, (literal_text(node.left), literal_text(node.right))))
    if isinstance(node, ast.IfExp):
        return " ".join(filter(None, (literal_text(node.body), literal_text(node.orelse))))
    return None


def call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def error_classes() -> set[str]:
    """Every CaptionerError subclass: their message and hint are read by people."""
    import desktop_app.backends.registry
    import desktop_app.core.captioning
    import desktop_app.metadata.registry  # noqa: F401 - load the classes

    found: set[str] = set()
    pending: list[type] = [CaptionerError]
    while pending:
        cls = pending.pop()
        found.add(cls.__name__)
        pending.extend(cls.__subclasses__())
    return found


def unmarked(path: Path, calls: Mapping[str, tuple[int, ...]], keywords: set[str]) -> Iterator[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or call_name(node) in MARKERS:
            continue
        name = call_name(node)
        positions = calls.get(name, ())
        arguments = [node.args[i] for i in positions if i < len(node.args)]
        arguments += [k.value for k in node.keywords if k.arg in keywords]
        for argument in arguments:
            text = literal_text(argument)
            exempt = NAMES_ONLY in lines[argument.lineno - 1]
            if text is not None and has_words(text) and not exempt:
                where = f"{path.relative_to(ROOT)}:{argument.lineno}"
                yield f"{where}: {name}({text[:60]!r})"


def sources(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (PACKAGE / folder).rglob("*.py"))


@pytest.mark.parametrize("path", sources("gui"), ids=lambda p: p.name)
def test_window_texts_are_marked(path: Path) -> None:
    found = list(unmarked(path, WINDOW_CALLS, set()))
    assert not found, "texts not marked for translation:\n" + "\n".join(found)


@pytest.mark.parametrize("path", sources("cli"), ids=lambda p: p.name)
def test_command_texts_are_marked(path: Path) -> None:
    found = list(unmarked(path, CLI_CALLS, CLI_KEYWORDS))
    assert not found, "texts not marked for translation:\n" + "\n".join(found)


@pytest.mark.parametrize("path", sources("core", "backends", "metadata"), ids=lambda p: p.name)
def test_error_messages_are_marked(path: Path) -> None:
    calls = dict.fromkeys(error_classes(), (0, 1))
    found = list(unmarked(path, calls, {"message", "hint"}))
    assert not found, "error texts not marked for translation:\n" + "\n".join(found)


@pytest.mark.parametrize("path", sources("gui", "cli", "core", "backends", "metadata"), ids=str)
def test_no_marked_text_inside_an_f_string(path: Path) -> None:
    """The extractors do not look inside f-strings: a message marked there is never
    extracted, so never translated."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hidden = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for outer in ast.walk(tree)
        if isinstance(outer, ast.JoinedStr)
        for node in ast.walk(outer)
        if isinstance(node, ast.Call) and call_name(node) in MARKERS
    ]
    assert not hidden, "marked text inside an f-string:\n" + "\n".join(hidden)


def test_a_class_that_uses_self_tr_is_not_subclassed() -> None:
    """PySide's ``self.tr`` looks a text up under the running object's class name, while
    lupdate files it under the class the call is written in: in a subclass the two differ
    and the text silently stays English. Such a class uses QCoreApplication.translate."""
    translating: set[str] = set()
    bases: list[tuple[str, str]] = []
    for path in sorted(PACKAGE.rglob("*.py")) + sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            bases += [
                (f"{path.name}:{node.name}", ast.unparse(b).split(".")[-1]) for b in node.bases
            ]
            if path.is_relative_to(PACKAGE / "gui") and any(
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "tr"
                and isinstance(call.func.value, ast.Name)
                and call.func.value.id == "self"
                for call in ast.walk(node)
            ):
                translating.add(node.name)
    subclassed = [f"{child} subclasses {base}" for child, base in bases if base in translating]
    assert translating
    assert not subclassed, "\n".join(subclassed)
