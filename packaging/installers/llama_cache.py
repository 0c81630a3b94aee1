"""Stale llama-cpp-python wheels in pip's cache: found and removed.

    python packaging/build.py prune-llama-cache       # what the README's commands run first

pip caches the wheel it builds from an sdist under a key made of the sdist's URL and
hash: ``CMAKE_ARGS`` is not part of it. A machine that once built llama-cpp-python with
another ``CMAKE_ARGS`` (before this project built every CPU level, the single AVX2
build) would silently get that old wheel back from ``pip install`` however the flags
read now. This removes exactly those cached wheels: llama-cpp-python wheels without a
CPU backend per instruction-set level (``libggml-cpu-<level>``, in ``llama_cpp/lib`` or,
where llama.cpp's CMake install puts backends built with ``GGML_BACKEND_DL`` by default,
the wheel's top-level ``bin``: that is what plain ``pip install`` builds). The next
install then builds, once, what the README says, and pip caches that instead. Nothing
else in the cache is touched. Standard library only: it runs before the app is installed.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

_VARIANT = re.compile(r"(?:llama_cpp/lib|bin)/(?:lib)?ggml-cpu-\w+\.(?:so|dll|dylib)")


def pip_cache_dir(python: str = sys.executable) -> Path | None:
    """The cache the given interpreter's pip uses (None when caching is off)."""
    done = subprocess.run(
        [python, "-m", "pip", "cache", "dir"], capture_output=True, text=True, check=False
    )
    folder = done.stdout.strip().splitlines()[-1] if done.returncode == 0 and done.stdout else ""
    return Path(folder) if folder else None


def has_cpu_variants(wheel: Path) -> bool:
    try:
        with zipfile.ZipFile(wheel) as archive:
            return any(_VARIANT.fullmatch(name) for name in archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return False  # unreadable: not worth keeping either


def stale_wheels(cache: Path) -> list[Path]:
    """Cached llama-cpp-python wheels built without run-time CPU variants."""
    wheels = sorted((cache / "wheels").rglob("llama_cpp_python-*.whl"))
    return [wheel for wheel in wheels if not has_cpu_variants(wheel)]


def prune(cache: Path | None) -> list[Path]:
    if cache is None or not cache.is_dir():
        return []
    removed = stale_wheels(cache)
    for wheel in removed:
        wheel.unlink()
    return removed


def main() -> None:
    for wheel in prune(pip_cache_dir()):
        print(f"removed a cached llama-cpp-python built without CPU variants: {wheel}")
