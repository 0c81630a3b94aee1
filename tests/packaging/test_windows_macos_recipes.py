"""The Windows and macOS recipes' inputs; the installers themselves are built by
.github/workflows/installers.yml on those systems (they cannot run here)."""

from __future__ import annotations

from pathlib import Path

from installers import icons, windows
from PIL import Image

ISS = Path(__file__).resolve().parents[2] / "packaging" / "windows" / "folder-captioner.iss"


def test_open_with_entries_for_each_extension() -> None:
    text = windows.filetypes_iss([".jpg", ".cr3"])
    lines = text.splitlines()
    assert lines[0].startswith(";")
    assert len(lines) == 5
    assert 'ValueName: ".jpg"' in text
    assert 'Subkey: "Software\\Classes\\.cr3\\OpenWithList\\{#AppExe}"' in text
    assert all("Tasks: openwith" in line for line in lines[1:])


def test_inno_script_bundles_openmp_and_registers_an_uninstaller() -> None:
    script = ISS.read_text(encoding="utf-8")
    assert 'FileExists(BundleDir + "\\_internal\\llama_cpp\\lib\\vcomp140.dll")' in script
    assert '#include BuildDir + "\\filetypes.iss"' in script
    assert 'Name: "{autoprograms}\\{#AppName}"; Filename: "{app}\\{#AppExe}"' in script
    assert "UninstallDisplayName={#AppName}" in script  # Settings > Apps
    for define in ("AppVersion", "BundleDir", "BuildDir", "SourceRoot"):
        assert f"#ifndef {define}" in script


def test_icons_for_windows_and_macos(tmp_path: Path) -> None:
    ico, icns = icons.make_platform_icons(tmp_path)
    with Image.open(ico) as image:
        assert (256, 256) in image.info["sizes"]
        assert (16, 16) in image.info["sizes"]
    with Image.open(icns) as image:
        assert image.format == "ICNS"
        assert (512, 512, 2) in image.info["sizes"]
