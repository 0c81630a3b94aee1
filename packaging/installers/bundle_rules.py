"""What goes into the PyInstaller bundle and what stays out (used by the spec file).

Kept free of PyInstaller imports so the rules can be tested and read on their own.
Paths given to :func:`keep_binary` and :func:`keep_data` are destinations inside the
bundle, in any separator style.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

from installers import image_types, project

# Distributions whose metadata the frozen app reads (the About dialog's versions,
# keyring's backend discovery). tests/packaging checks it covers the About dialog.
METADATA_DISTRIBUTIONS: tuple[str, ...] = (
    "folder-captioner",
    "PySide6-Essentials",
    "exiv2",
    "llama-cpp-python",
    "pillow",
    "pillow-heif",
    "httpx",
    "huggingface_hub",
    "watchdog",
    "keyring",
    "platformdirs",
    "rich",
    "numpy",
    "cryptography",
    "reverse-geocode",
)

EXCLUDED_MODULES: list[str] = [
    # test and development tools that share the build's virtual environment
    "pytest",
    "_pytest",
    "pytestqt",
    "pluggy",
    "mypy",
    "mypyc",
    "ruff",
    "gguf",
    "keyrings.alt",
    "tests",
    "setuptools",
    "pkg_resources",
    "pip",
    "PyInstaller",
    # llama-cpp-python's OpenAI server (the app runs llama.cpp in its own worker)
    "llama_cpp.server",
    "uvicorn",
    "fastapi",
    "starlette",
    "sse_starlette",
    "starlette_context",
    "pydantic",
    "pydantic_core",
    "pydantic_settings",
    "yaml",
    # model downloads go through plain HTTP range requests, not the Xet client
    "hf_xet",
    # numpy parts llama-cpp-python never touches (numpy imports them lazily)
    "numpy.random",
    "numpy.fft",
    "numpy.polynomial",
    "numpy.f2py",
    "numpy._core._multiarray_tests",
    # reverse-geocode's module builds a scipy k-d tree; the app reads only its data
    # files (desktop_app/core/places.py), so neither scipy (about 140 MB) nor the module
    # goes in
    "scipy",
    "reverse_geocode",
    # not used by the app
    "tkinter",
    "_tkinter",
    "readline",
    "IPython",
    "matplotlib",
    "pyvips",
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtConcurrent",
    "PySide6.QtXml",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtPrintSupport",
    "PySide6.QtUiTools",
    "PySide6.QtDBus",
    "PySide6.QtStateMachine",
]

# Qt plugins by folder: None keeps every plugin there, a set keeps those whose file
# name contains one of its words; folders not listed are left out.
QT_PLUGINS: dict[str, frozenset[str] | None] = {
    # xcb and wayland for desktops, offscreen/minimal for headless runs and tests,
    # windows and cocoa on their systems
    "platforms": frozenset({"xcb", "wayland", "offscreen", "minimal", "windows", "cocoa"}),
    "platformthemes": frozenset({"xdgdesktopportal"}),  # GTK's theme would pull in GTK
    "platforminputcontexts": None,  # compose keys, input methods
    "imageformats": frozenset({"gif", "ico", "jpeg", "svg"}),
    "iconengines": None,  # SVG icons from the desktop's icon theme
    "styles": None,
    "xcbglintegrations": None,
    "wayland-decoration-client": None,  # GNOME's Wayland has no server-side decorations
    "wayland-graphics-integration-client": frozenset({"wayland-egl"}),
    "wayland-shell-integration": frozenset({"xdg-shell", "wl-shell"}),
}

# Qt's own translations (the standard dialogs' buttons) for the languages the app ships:
# qtbase covers QtCore, QtGui and QtWidgets, all the window uses. Every other language
# and Qt module stays out (the wheel carries 14 MB of them).
QT_TRANSLATION_LANGUAGES = ("de", "fr")  # desktop_app.i18n.SHIPPED without English
QT_TRANSLATIONS = frozenset(f"qtbase_{language}.qm" for language in QT_TRANSLATION_LANGUAGES)
# Translation sources: the app reads only the compiled .qm and .mo files.
TRANSLATION_SOURCES = frozenset({".po", ".pot", ".ts"})

# Libraries that belong to the target system, never to the bundle: the graphics stack,
# X11/xcb/Wayland and D-Bus talk to servers and drivers whose versions must match;
# fontconfig reads the system's configuration; a bundled C++ runtime older than the
# system's breaks the GPU drivers loaded into the process (and libmvec is glibc's);
# the Vulkan loader finds the
# driver's ICD. The .deb depends on the packages that carry them (computed with
# dpkg-shlibdeps); the .tar.gz lists them in its README.
SYSTEM_LIBRARIES = re.compile(
    r"^(lib(X11|X11-xcb|Xau|Xdmcp|Xext|Xrender|Xi|Xfixes|Xcursor|Xrandr|xcb[-\w]*"
    r"|xkbcommon(-x11)?|wayland-[\w]+|EGL|GL|GLX|GLdispatch|OpenGL|drm|gbm"
    r"|fontconfig|freetype|harfbuzz|expat|z|dbus-1|glib-2\.0|gthread-2\.0|gobject-2\.0"
    r"|gio-2\.0|gmodule-2\.0|stdc\+\+|gcc_s|mvec|vulkan)\.so[.\d]*|vulkan-1\.dll)$"
)


# Libraries whose static symbol table (.symtab) may go: built with their RUNPATH by
# their own build (not patched afterwards by auditwheel or patchelf, which strip
# breaks), and big enough to matter. Destinations inside _internal.
SYMBOL_TABLE_STRIPPABLE = re.compile(
    r"^(PySide6/Qt/lib/libicu(i18n|uc)\.so\.\d+"
    r"|cryptography/hazmat/bindings/_rust\.abi3\.so"
    r"|libpython3\.\d+\.so[.\d]*)$"
)


def symbol_table_strippable(destination: str) -> bool:
    return SYMBOL_TABLE_STRIPPABLE.match("/".join(_parts(destination))) is not None


def is_llama_library(name: str, platform: str = sys.platform) -> bool:
    """The llama.cpp files llama-cpp-python's loader and the dynamic linker ask for.

    The Linux wheel copies each library three times (libllama.so, .so.0, .so.0.5.0):
    ctypes opens ``lib*.so``, the libraries' DT_NEEDED entries name ``lib*.so.N``, and
    nothing uses the fully versioned name.
    """
    if platform == "win32":
        return name.lower().endswith(".dll")
    if platform == "darwin":  # backends loaded at run time are modules named .so
        return name.endswith((".dylib", ".so", ".metallib", ".metal"))
    return re.fullmatch(r"lib[\w.+-]+?\.so(\.\d+)?", name) is not None


# The CPU levels an installer carries (pip installs carry all of llama.cpp's). Each is
# 0.9-1.6 MB; these cover the CPUs people run the app on: any x86-64 (x64), AVX2
# (haswell: Intel since 2013, AMD Zen 1-3), AVX-VNNI (alderlake: Intel Core 12th gen
# and later), AVX-512 (skylakex), with VNNI (cascadelake), VBMI+VNNI (icelake: Intel
# laptops and Xeons since 2019), BF16 (zen4: AMD Zen 4/5, and Sapphire Rapids and later,
# whose AMX variant traps in llama-cpp-python 0.3.36, see cpu_variants.py). Left out:
# the pre-AVX2 levels between x64 and haswell, the rare cannonlake and cooperlake, and
# sapphirerapids; a CPU that would have used one runs the next level down. ARM builds
# keep all of theirs.
BUNDLED_CPU_VARIANTS = frozenset(
    {"x64", "haswell", "alderlake", "skylakex", "cascadelake", "icelake", "zen4"}
)
_X86_CPU_VARIANT = re.compile(
    r"(?:lib)?ggml-cpu-(x64|sse42|sandybridge|ivybridge|piledriver|haswell|skylakex|"
    r"cannonlake|cascadelake|icelake|cooperlake|zen4|alderlake|sapphirerapids)\.(?:so|dll)"
)


def bundled_backend(name: str) -> bool:
    """Whether a backend module goes into the installers (see BUNDLED_CPU_VARIANTS)."""
    match = _X86_CPU_VARIANT.fullmatch(name)
    return match is None or match.group(1) in BUNDLED_CPU_VARIANTS


def is_backend_module(name: str) -> bool:
    """A ggml backend loaded at run time: ``libggml-cpu-haswell.so``, ``ggml-cuda.dll``."""
    return re.fullmatch(r"(lib)?ggml-(?!base\b)[\w.+-]+\.(so|dll)", name) is not None


def identical_copies(paths: list[Path]) -> dict[str, str]:
    """{name: versioned name} for files that merely repeat a ``name.N`` sibling.

    pip's wheel stores libllama.so and libllama.so.0 as two full copies; the bundle
    keeps the one the dynamic linker asks for and links the other to it.
    """
    by_name = {path.name: path for path in paths}
    links = {}
    for path in paths:
        match = re.fullmatch(r"(.+\.so)\.\d+", path.name)
        if match and match.group(1) in by_name:
            unversioned = by_name[match.group(1)]
            if unversioned.read_bytes() == path.read_bytes():
                links[unversioned.name] = path.name
    return links


def is_resource_file(relative: PurePath) -> bool:
    if relative.suffix in TRANSLATION_SOURCES:
        return False
    return relative.suffix not in {".py", ".pyc"} and "__pycache__" not in relative.parts


def _parts(destination: str) -> tuple[str, ...]:
    return tuple(part for part in re.split(r"[\\/]", destination) if part)


def keep_qt_plugin(parts: tuple[str, ...]) -> bool:
    """Whether a file under PySide6's Qt/plugins (or PySide6/plugins) stays."""
    index = parts.index("plugins")
    folder = parts[index + 1] if len(parts) > index + 2 else ""
    if folder not in QT_PLUGINS:
        return False
    wanted = QT_PLUGINS[folder]
    return wanted is None or any(word in parts[-1].lower() for word in wanted)


def keep_binary(destination: str) -> bool:
    parts = _parts(destination)
    if parts and parts[0] == "PySide6" and "plugins" in parts:
        return keep_qt_plugin(parts)
    return is_private_copy(parts[-1]) or SYSTEM_LIBRARIES.match(parts[-1]) is None


def is_private_copy(name: str) -> bool:
    """A library a wheel vendored under a hashed name (auditwheel: libxcb-9065bb12.so.1):
    only that wheel loads it, so it always goes with it."""
    return re.search(r"-[0-9a-f]{8}\.(so|dylib)", name) is not None


def keep_data(destination: str) -> bool:
    parts = _parts(destination)
    if parts and parts[0] == "PySide6":
        if "translations" in parts:
            return parts[-1] in QT_TRANSLATIONS  # Qt's own, for the shipped languages
        if "plugins" in parts:
            return keep_qt_plugin(parts)
    return True


def app_version(root: Path = project.ROOT) -> str:
    return project.app_version(root)


def macos_info_plist(root: Path = project.ROOT) -> dict[str, Any]:
    """Info.plist entries beyond the ones PyInstaller writes."""
    version = app_version(root)
    return {
        "CFBundleName": project.DISPLAY_NAME,
        "CFBundleDisplayName": project.DISPLAY_NAME,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "CFBundleDocumentTypes": image_types.macos_document_types(),
        "LSApplicationCategoryType": "public.app-category.photography",
        "LSMinimumSystemVersion": "11.0",
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,  # follow dark mode
        "NSHumanReadableCopyright": "GPL-3.0-or-later",
    }


def is_root_binary(destination: str) -> bool:
    """A binary the app loads by itself (not only as another library's dependency):
    Python extension modules, Qt plugins, llama.cpp's libraries, the Python runtime."""
    parts = _parts(destination)
    name = parts[-1]
    return (
        ".cpython-" in name
        or ".abi3." in name
        or name.endswith(".pyd")
        or "plugins" in parts
        or parts[:2] == ("llama_cpp", "lib")
        or name.startswith(("libpython", "python"))
    )


def unneeded_libraries(
    binaries: list[tuple[str, str]], needed: Callable[[str], set[str]]
) -> set[str]:
    """Destinations of the libraries nothing kept loads any more.

    PyInstaller collects a plugin's dependencies before the spec drops the plugin (GTK
    and cairo for Qt's GTK theme, EGL device support for eglfs...). This walks the
    link-time dependencies (``needed(source) -> sonames``) from the root binaries and
    returns every other library, by destination.
    """
    by_name: dict[str, list[tuple[str, str]]] = {}
    for destination, source in binaries:
        by_name.setdefault(_parts(destination)[-1], []).append((destination, source))
    reached: set[str] = set()
    pending = [entry for entry in binaries if is_root_binary(entry[0])]
    while pending:
        destination, source = pending.pop()
        if destination in reached:
            continue
        reached.add(destination)
        for soname in needed(source):
            pending.extend(by_name.get(PurePath(soname).name, []))
    return {destination for destination, _ in binaries} - reached
