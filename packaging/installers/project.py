"""Names, paths and the llama.cpp build variants every installer recipe shares."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_NAME = "folder-captioner"
DISPLAY_NAME = "Folder Captioner"
SUMMARY = "Caption photos with Qwen2.5-VL and write the captions where photo tools find them"
HOMEPAGE = "https://github.com/folder-captioner/folder-captioner"
MAINTAINER = "Folder Captioner contributors <folder-captioner@users.noreply.github.com>"
BUILD_DIR = ROOT / "build"
DIST_DIR = ROOT / "dist"
BUNDLE_DIR = DIST_DIR / APP_NAME
SPEC = ROOT / "packaging" / "pyinstaller" / "folder-captioner.spec"
ICONS = ROOT / "resources" / "icons"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_version(root: Path = ROOT) -> str:
    """The version in desktop_app/__init__.py, read without importing the app."""
    text = (root / "desktop_app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise SystemExit("no __version__ in desktop_app/__init__.py")
    return match.group(1)


@dataclass(frozen=True)
class Variant:
    """One llama.cpp build: how to compile it, and what the system must add at run time.

    The libraries a variant needs (CUDA's runtime and cuBLAS, the OpenMP runtime) are
    found by PyInstaller as dependencies of llama.cpp's libraries and travel in the
    bundle; the GPU driver and the Vulkan loader never do (README "Installers").
    """

    name: str
    title: str
    cmake_args: str
    # Suggested to the system by the .deb (a Vulkan driver); dependencies proper are
    # computed from the binaries (deb.system_depends).
    recommends: tuple[str, ...] = ()
    # Debian/Ubuntu packages needed to compile it (CUDA's toolkit and the Vulkan SDK come
    # from NVIDIA and LunarG: see .github/workflows/installers.yml).
    build_packages: tuple[str, ...] = ()
    # Built with GGML_CPU_ALL_VARIANTS: the bundle must carry libggml-cpu-*.
    cpu_variants: bool = True

    @property
    def suffix(self) -> str:
        """File name part: none for the default CPU build."""
        return "" if self.name == "cpu" else f"-{self.name}"


# Every CPU instruction-set level in one build, the best one this CPU runs chosen at run
# time (desktop_app/backends/local/cpu_variants.py): for the CPU build and for the CPU
# part of the GPU builds (layers that stay on the CPU, the vision encoder's fallback).
PORTABLE_CPU = "-DGGML_NATIVE=OFF -DGGML_BACKEND_DL=ON -DGGML_CPU_ALL_VARIANTS=ON"

VARIANTS: dict[str, Variant] = {
    variant.name: variant
    for variant in (
        Variant("cpu", "CPU (every x86-64 level up to AVX-512/AMX, or arm64)", PORTABLE_CPU),
        Variant("cuda", "NVIDIA CUDA", f"{PORTABLE_CPU} -DGGML_CUDA=on"),
        Variant(
            "vulkan",
            "Vulkan (AMD, Intel, NVIDIA)",
            f"{PORTABLE_CPU} -DGGML_VULKAN=on",
            recommends=("mesa-vulkan-drivers | vulkan-icd",),
            build_packages=("libvulkan-dev", "glslc", "glslang-tools", "spirv-headers"),
        ),
        # Apple Silicon: Metal does the work and every M-series CPU runs the one arm64
        # CPU build, so no run-time CPU variants here (not buildable on this machine).
        Variant("metal", "Apple Metal", "-DGGML_METAL=on", cpu_variants=False),
    )
}


def variant(name: str) -> Variant:
    try:
        return VARIANTS[name]
    except KeyError:
        raise SystemExit(f"unknown variant {name!r}: choose from {', '.join(VARIANTS)}") from None
