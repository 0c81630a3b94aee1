"""The DT_NEEDED reader the spec prunes with, against binutils' readelf."""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest
from installers.elf import needed_libraries

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("readelf") is None,
    reason="ELF files and readelf: Linux only",
)


def readelf_needed(path: Path) -> list[str]:
    out = subprocess.run(
        ["readelf", "-d", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return [line.split("[", 1)[1].rstrip("]") for line in out.splitlines() if "(NEEDED)" in line]


def sample_binaries() -> list[Path]:
    spec = find_spec("llama_cpp")
    assert spec is not None
    assert spec.submodule_search_locations
    lib = Path(next(iter(spec.submodule_search_locations))) / "lib"
    samples = [lib / "libmtmd.so", lib / "libggml-base.so", Path(sys.executable).resolve()]
    return [path for path in samples if path.exists()]


@pytest.mark.parametrize("path", sample_binaries(), ids=lambda path: path.name)
def test_same_libraries_as_readelf(path: Path) -> None:
    assert needed_libraries(path) == readelf_needed(path)


def test_not_an_elf_file(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert needed_libraries(text) == []
