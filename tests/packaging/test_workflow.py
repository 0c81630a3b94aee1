"""The installers workflow (.github/workflows/installers.yml) only runs on GitHub: check
here that it builds on the three systems and calls commands the build driver has."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from installers.cli import COMMANDS
from installers.project import VARIANTS

yaml = pytest.importorskip("yaml")
WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "installers.yml"


def load() -> dict:
    loaded: dict = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return loaded


def test_matrix_covers_linux_windows_and_macos_with_gpu_variants() -> None:
    jobs = load()["jobs"]["installers"]
    rows = jobs["strategy"]["matrix"]["include"]
    systems = {row["os"].split("-")[0] for row in rows}
    assert systems == {"ubuntu", "windows", "macos"}
    for row in rows:
        assert row["variant"] in VARIANTS
    assert {row["variant"] for row in rows} == set(VARIANTS)


def test_every_build_command_exists() -> None:
    known = {name for name, *_ in COMMANDS}
    text = WORKFLOW.read_text(encoding="utf-8")
    used = set(re.findall(r"packaging/build\.py ([a-z-]+)", text))
    assert used
    assert used <= known, used - known


def test_ci_script_runs_the_installer_smoke_test() -> None:
    ci = (WORKFLOW.parents[2] / ".ci" / "run").read_text(encoding="utf-8")
    assert "packaging/build.py linux --fast" in ci
    assert "packaging/build.py smoke" in ci
