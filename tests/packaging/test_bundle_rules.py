"""What the PyInstaller spec keeps and leaves out (packaging/installers/bundle_rules.py)."""

from __future__ import annotations

import plistlib
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path, PurePath

import pytest
from installers import bundle_rules
from installers.bundle_rules import (
    QT_TRANSLATION_LANGUAGES,
    is_llama_library,
    is_resource_file,
    keep_binary,
    keep_data,
)

from desktop_app import i18n
from desktop_app.gui.help.about import COMPONENTS


def test_backend_modules_loaded_at_run_time() -> None:
    assert bundle_rules.is_backend_module("libggml-cpu-haswell.so")
    assert bundle_rules.is_backend_module("libggml-cuda.so")
    assert bundle_rules.is_backend_module("ggml-cpu-icelake.dll")
    assert not bundle_rules.is_backend_module("libggml-base.so")
    assert not bundle_rules.is_backend_module("libggml.so")
    assert not bundle_rules.is_backend_module("libllama.so")
    assert is_llama_library("libggml-cpu-apple_m1.so", "darwin")  # modules are .so there


def test_the_installers_carry_the_common_cpu_levels() -> None:
    kept = [
        name
        for name in ("x64", "sse42", "haswell", "alderlake", "icelake", "zen4", "sapphirerapids")
        if bundle_rules.bundled_backend(f"libggml-cpu-{name}.so")
    ]
    assert kept == ["x64", "haswell", "alderlake", "icelake", "zen4"]
    assert bundle_rules.bundled_backend("ggml-cpu-haswell.dll")
    assert bundle_rules.bundled_backend("libggml-cpu-armv8.2_1.so")  # ARM keeps all
    assert bundle_rules.bundled_backend("libggml-cuda.so")


def test_llama_libraries_by_platform() -> None:
    linux = ["libllama.so", "libllama.so.0", "libllama.so.0.5.0", "libggml-cpu.so.0"]
    assert [name for name in linux if is_llama_library(name, "linux")] == [
        "libllama.so",
        "libllama.so.0",
        "libggml-cpu.so.0",
    ]
    assert not is_llama_library("llama.pc", "linux")
    assert is_llama_library("ggml-cuda.dll", "win32")
    assert not is_llama_library("llama.lib", "win32")
    assert is_llama_library("libggml-metal.dylib", "darwin")


def test_the_installed_wheel_gives_one_copy_of_each_library() -> None:
    """On the real llama-cpp-python: ctypes' names become links to the linker's names."""
    spec = find_spec("llama_cpp")
    assert spec is not None
    assert spec.submodule_search_locations
    lib = Path(next(iter(spec.submodule_search_locations))) / "lib"
    wanted = [p for p in sorted(lib.iterdir()) if is_llama_library(p.name, "linux")]
    links = bundle_rules.identical_copies(wanted)
    assert links["libllama.so"] == "libllama.so.0"
    assert links["libmtmd.so"] == "libmtmd.so.0"
    copies = {p.name for p in wanted} - links.keys()
    assert all(name.endswith(".so.0") for name in copies)  # what DT_NEEDED names


def test_different_files_are_not_linked(tmp_path: Path) -> None:
    (tmp_path / "libx.so").write_bytes(b"new")
    (tmp_path / "libx.so.1").write_bytes(b"old")
    assert bundle_rules.identical_copies(sorted(tmp_path.iterdir())) == {}


@pytest.mark.parametrize(
    ("destination", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
        ("PySide6/Qt/plugins/styles/qmodernwindowsstyle.dll", True),
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("libX11.so.6", False),
        ("libxcb-cursor.so.0", False),
        ("libxkbcommon-x11.so.0", False),
        ("libfontconfig.so.1", False),
        ("libstdc++.so.6", False),
        ("libmvec.so.1", False),
        ("libvulkan.so.1", False),
        ("libgomp.so.1", True),  # the OpenMP runtime travels with llama.cpp
        ("libssl.so.3", True),
        ("pillow.libs/libxcb-9065bb12.so.1.1.0", True),  # Pillow's private copy
        ("llama_cpp/lib/libllama.so.0", True),
    ],
)
def test_binaries_kept_and_left_out(destination: str, kept: bool) -> None:
    assert keep_binary(destination) is kept


def test_only_qt_translations_of_the_shipped_languages_go_in() -> None:
    assert keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert keep_data("PySide6/Qt/translations/qtbase_fr.qm")
    assert not keep_data("PySide6/Qt/translations/qtbase_ja.qm")
    assert not keep_data("PySide6/Qt/translations/qtdeclarative_de.qm")
    assert not keep_data("PySide6/Qt/translations/designer_de.qm")
    assert keep_data("desktop_app/resources/presets.json")
    assert keep_data("certifi/cacert.pem")
    shipped = {code for code in i18n.SHIPPED if code != i18n.SOURCE_LANGUAGE}
    assert set(QT_TRANSLATION_LANGUAGES) == shipped


def test_translation_sources_stay_out_compiled_catalogues_go_in() -> None:
    assert not is_resource_file(PurePath("translations/messages_de.po"))
    assert not is_resource_file(PurePath("translations/window_de.ts"))
    assert not is_resource_file(PurePath("translations/messages.pot"))
    assert is_resource_file(PurePath("translations/messages_de.mo"))
    assert is_resource_file(PurePath("translations/window_fr.qm"))


def test_libraries_only_dropped_plugins_needed_go_too() -> None:
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "/src/libQt6XcbQpa.so.6"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/src/libQt6Core.so.6"),
        ("libpango-1.0.so.0", "/src/libpango-1.0.so.0"),  # was for the GTK theme
        ("libcairo.so.2", "/src/libcairo.so.2"),
        ("libgomp.so.1", "/src/libgomp.so.1"),
        ("llama_cpp/lib/libggml-cpu.so.0", "/src/libggml-cpu.so.0"),
    ]
    links = {
        "/src/libqxcb.so": {"libQt6XcbQpa.so.6", "libGL.so.1"},
        "/src/libQt6XcbQpa.so.6": {"libQt6Core.so.6"},
        "/src/libpango-1.0.so.0": {"libcairo.so.2"},
        "/src/libggml-cpu.so.0": {"libgomp.so.1"},
    }
    orphans = bundle_rules.unneeded_libraries(binaries, lambda src: links.get(src, set()))
    assert orphans == {"libpango-1.0.so.0", "libcairo.so.2"}


def test_about_dialog_versions_travel_with_the_bundle() -> None:
    """The About dialog reads each component's version from its distribution metadata,
    which a frozen app only has where the spec copies it."""
    shown = {dist for _, dist, _, _ in COMPONENTS if dist}  # "": ExifTool, not a Python one
    assert shown <= set(bundle_rules.METADATA_DISTRIBUTIONS)
    for dist in bundle_rules.METADATA_DISTRIBUTIONS:
        assert metadata.version(dist)  # installed, so PyInstaller can copy it


def test_macos_info_plist_declares_images_and_folders() -> None:
    info = bundle_rules.macos_info_plist()
    plistlib.loads(plistlib.dumps(info))  # valid property list types throughout
    types = {uti for entry in info["CFBundleDocumentTypes"] for uti in entry["LSItemContentTypes"]}
    assert {"public.jpeg", "public.heic", "public.camera-raw-image", "public.folder"} <= types
    assert all(entry["LSHandlerRank"] == "Alternate" for entry in info["CFBundleDocumentTypes"])
    assert info["CFBundleShortVersionString"] == bundle_rules.app_version()


def test_the_spec_is_valid_python() -> None:
    spec = Path(__file__).resolve().parents[2] / "packaging" / "pyinstaller"
    for name in ("folder-captioner.spec", "entry.py"):
        compile((spec / name).read_text(encoding="utf-8"), name, "exec")


@pytest.mark.parametrize(
    ("destination", "strippable"),
    [
        ("PySide6/Qt/lib/libicui18n.so.73", True),
        ("PySide6/Qt/lib/libicuuc.so.73", True),
        ("cryptography/hazmat/bindings/_rust.abi3.so", True),
        ("libpython3.11.so.1.0", True),
        # auditwheel patched these: stripped, they no longer load
        ("numpy.libs/libscipy_openblas64_-32a4b2a6.so", False),
        ("pillow_heif.libs/libx265-4883ecb5.so.217", False),
        ("llama_cpp/lib/libllama.so.0", False),
    ],
)
def test_symbol_tables_go_only_where_strip_is_known_safe(
    destination: str, strippable: bool
) -> None:
    assert bundle_rules.symbol_table_strippable(destination) is strippable
