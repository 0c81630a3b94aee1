"""What a packaged build says about itself (``desktop_app/resources/build-info.json``).

The installers' build (packaging/installers/bundle.py) writes this file into the
bundle: which llama.cpp variant it carries (CPU, CUDA, Vulkan, Metal), the
llama-cpp-python version and when it was made. A checkout or a pip install has no such
file: the app is then "from source". Read by the About dialog and ``doctor`` so a bug
report can say exactly what was installed, without loading llama.cpp.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from importlib.resources.abc import Traversable

from desktop_app.core.resources import resource

BUILD_INFO_RESOURCE = "build-info.json"


@dataclass(frozen=True)
class PackagedBuild:
    variant: str = ""
    variant_title: str = ""
    cmake_args: str = ""
    llama_cpp_python: str = ""
    platform: str = ""
    built: str = ""
    commit: str = ""

    def summary(self) -> str:
        parts = [f"{self.variant_title or self.variant} build"]
        if self.llama_cpp_python:
            parts.append(f"llama-cpp-python {self.llama_cpp_python}")
        if self.built:
            parts.append(f"packaged {self.built}")
        if self.commit:
            parts.append(f"commit {self.commit}")
        return ", ".join(parts)


def packaged_build(source: Traversable | None = None) -> PackagedBuild | None:
    """The bundle's build facts, or None when running from source (or unreadable)."""
    node = source if source is not None else resource(BUILD_INFO_RESOURCE)
    try:
        if not node.is_file():
            return None
        data = json.loads(node.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    known = {field.name for field in fields(PackagedBuild)}
    return PackagedBuild(**{key: str(value) for key, value in data.items() if key in known})
