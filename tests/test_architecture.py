"""The layering rules of DESIGN.md, checked: no Qt below gui/, no llama_cpp at start-up,
and the window built of components: no import circle in gui/, none into cli/."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "desktop_app"
QT_FREE = ["core", "backends", "metadata", "cli", "i18n"]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", QT_FREE)
def test_layer_has_no_qt_import(layer: str) -> None:
    for path in (PACKAGE / layer).rglob("*.py"):
        qt = {m for m in imported_modules(path) if m.split(".")[0] in ("PySide6", "shiboken6")}
        assert not qt, f"{path.relative_to(ROOT)} imports {qt}"


@pytest.mark.parametrize("layer", ["backends", "metadata"])
def test_lower_layers_do_not_import_upper_ones(layer: str) -> None:
    for path in (PACKAGE / layer).rglob("*.py"):
        upward = {
            m
            for m in imported_modules(path)
            if m.startswith(("desktop_app.core", "desktop_app.gui", "desktop_app.cli"))
        }
        assert not upward, f"{path.relative_to(ROOT)} imports {upward}"


def test_headless_commands_load_neither_qt_nor_llama_cpp() -> None:
    code = (
        "import sys, desktop_app.cli, desktop_app.core.pipeline, desktop_app.backends.registry;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'llama_cpp', 'exiv2')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_package_folder_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in PACKAGE.rglob("__init__.py")}
    assert found <= listed, f"add to pyproject packages: {sorted(found - listed)}"
    assert "desktop_app.resources" in listed


# -- the window's import graph (issue 14) ---------------------------------------------
GUI = "desktop_app.gui"
MAIN_WINDOW = f"{GUI}.main_window"
# Only these may import the main window: the start-up code that creates it.
MAIN_WINDOW_USERS = {f"{GUI}.app"}


def module_names(root: Path, package: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module under ``package``."""
    names: dict[str, Path] = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def import_graph(root: Path, package: Path) -> dict[str, set[str]]:
    """Which of the package's modules each module imports.

    Imports under ``if TYPE_CHECKING:`` count: a module that needs another's type to
    be read is tied to it as much as one that calls it. ``from a import b`` counts as
    importing ``a.b`` when that is a module.
    """
    modules = module_names(root, package)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other, directly or round a circle
    (Tarjan's strongly connected components, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    cycles.append(sorted(group))
    return cycles


def gui_graph() -> dict[str, set[str]]:
    graph = import_graph(ROOT, PACKAGE)
    return {name: targets for name, targets in graph.items() if name.startswith(GUI)}


def test_the_window_has_no_import_cycle() -> None:
    graph = gui_graph()
    inside = {name: {t for t in targets if t.startswith(GUI)} for name, targets in graph.items()}
    assert import_cycles(inside) == []


def test_the_window_does_not_import_the_command_line() -> None:
    upward = {
        name: sorted(t for t in targets if t.startswith("desktop_app.cli"))
        for name, targets in gui_graph().items()
    }
    assert {name: found for name, found in upward.items() if found} == {}


def test_no_component_imports_the_main_window() -> None:
    users = {name for name, targets in gui_graph().items() if MAIN_WINDOW in targets}
    assert users <= MAIN_WINDOW_USERS


def component_modules() -> set[str]:
    """Modules that define a window component (a class named ``...Component``)."""
    found = set()
    for name, path in module_names(ROOT, PACKAGE / "gui").items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(
            isinstance(node, ast.ClassDef) and node.name.endswith("Component") for node in tree.body
        ):
            found.add(name)
    return found


def test_components_do_not_import_each_other() -> None:
    """Only the main window knows the components; they talk through its wiring."""
    components = component_modules()
    assert len(components) >= 6
    reaching = {
        name: sorted(targets & components)
        for name, targets in gui_graph().items()
        if name != MAIN_WINDOW and targets & components
    }
    assert reaching == {}


def test_the_cycle_check_sees_a_circle_through_type_checking_imports(tmp_path: Path) -> None:
    """The shape the settings dialog once had: the dialog imports its page widgets,
    and they import the dialog back for its type."""
    package = tmp_path / "app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "dialog.py").write_text("from app.key_widget import KeyWidget\n")
    (package / "key_widget.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from app.dialog import Dialog\n"
        "from app import local_models\n"
    )
    (package / "local_models.py").write_text("import app.dialog\n")
    (package / "fine.py").write_text("from app.dialog import Dialog\n")
    cycles = import_cycles(import_graph(tmp_path, package))
    assert cycles == [["app.dialog", "app.key_widget", "app.local_models"]]
