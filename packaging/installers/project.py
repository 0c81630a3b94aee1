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
    """One llama.cpp build: how to compile it and what it needs at run time."""

    name: str
    title: str
    cmake_args: str
    # Shared libraries the bundle must carry for this build (PyInstaller follows the
    # llama.cpp libraries' dependencies and copies them from the build machine).
    bundled_runtime: tuple[str, ...]
    # Left to the system: the .deb depends on these packages instead.
    system_packages: tuple[str, ...]
    platforms: tuple[str, ...]
    note: str
    # Debian/Ubuntu packages needed to compile this variant (CUDA's toolkit comes from
    # NVIDIA, not apt: see .github/workflows/installers.yml).
    build_packages: tuple[str, ...] = ()

    @property
    def suffix(self) -> str:
        """File name part: none for the default CPU build."""
        return "" if self.name == "cpu" else f"-{self.name}"


VARIANTS: dict[str, Variant] = {
    variant.name: variant
    for variant in (
        Variant(
            name="cpu",
            title="CPU (portable x86-64 with AVX2, or arm64)",
            cmake_args="-DGGML_NATIVE=OFF",
            bundled_runtime=("libgomp.so.1 (Linux)", "vcomp140.dll (Windows, OpenMP)"),
            system_packages=(),
            platforms=("linux", "win32"),
            note="No native-only instructions: runs on any x86-64 CPU with AVX2.",
        ),
        Variant(
            name="cuda",
            title="NVIDIA CUDA",
            cmake_args="-DGGML_NATIVE=OFF -DGGML_CUDA=on",
            bundled_runtime=(
                "libcudart.so.12 / cudart64_12.dll",
                "libcublas.so.12 / cublas64_12.dll",
                "libcublasLt.so.12 / cublasLt64_12.dll",
            ),
            system_packages=(),
            platforms=("linux", "win32"),
            note="Needs an NVIDIA driver new enough for the CUDA toolkit it was built with; "
            "the driver (libcuda) is never bundled.",
        ),
        Variant(
            name="vulkan",
            title="Vulkan (AMD, Intel, NVIDIA)",
            cmake_args="-DGGML_NATIVE=OFF -DGGML_VULKAN=on",
            bundled_runtime=(),
            system_packages=("libvulkan1", "mesa-vulkan-drivers | vulkan-icd"),
            platforms=("linux", "win32"),
            note="Uses the system's Vulkan loader (libvulkan1; on Windows vulkan-1.dll "
            "comes with the GPU driver) and the GPU driver's Vulkan ICD.",
            build_packages=("libvulkan-dev", "glslc", "glslang-tools", "spirv-headers"),
        ),
        Variant(
            name="metal",
            title="Apple Metal",
            cmake_args="-DGGML_METAL=on",
            bundled_runtime=(),
            system_packages=(),
            platforms=("darwin",),
            note="Apple Silicon; the Metal shaders are embedded in libggml-metal.",
        ),
    )
}


def variant(name: str) -> Variant:
    try:
        return VARIANTS[name]
    except KeyError:
        raise SystemExit(f"unknown variant {name!r}: choose from {', '.join(VARIANTS)}") from None
