"""The layering rules of DESIGN.md, checked: no Qt below gui/, no llama_cpp at start-up."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "desktop_app"
QT_FREE = ["core", "backends", "metadata", "cli"]


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
