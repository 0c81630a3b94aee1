"""Build llama-cpp-python for one variant, into the environment the bundle is made from.

    python packaging/build.py llama --variant cpu|cuda|vulkan|metal

PyPI has llama-cpp-python only as source, so pip compiles llama.cpp (10-15 minutes on
two cores for the CPU build; CUDA takes much longer). CMAKE_ARGS picks the backend; the
wheel cache is bypassed because pip's cache key ignores CMAKE_ARGS and would hand back a
build of another variant.
"""

from __future__ import annotations

import sys
from importlib import metadata

from installers.project import Variant
from installers.shell import run

# The requirement when none is installed yet: the same floor as pyproject.toml.
DEFAULT_REQUIREMENT = "llama-cpp-python>=0.3.36"


def requirement() -> str:
    """The installed version again (what the tests ran with), else the project's floor."""
    try:
        return f"llama-cpp-python=={metadata.version('llama-cpp-python')}"
    except metadata.PackageNotFoundError:
        return DEFAULT_REQUIREMENT


def build_llama(variant: Variant, *, use_cache: bool = False) -> None:
    command = [sys.executable, "-m", "pip", "install", "--force-reinstall", "--no-deps"]
    command += ["--no-binary", "llama-cpp-python", "--verbose"]
    if not use_cache:
        command.append("--no-cache-dir")
    command.append(requirement())
    run(command, env={"CMAKE_ARGS": variant.cmake_args, "FORCE_CMAKE": "1"})
