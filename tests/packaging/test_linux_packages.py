"""The .deb's control data and the portable folder's menu script; the packages
themselves are built, installed and run by packaging/build.py smoke (see .ci/run)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from installers import deb, linux_desktop, tarball
from installers.project import ICON_SIZES, VARIANTS


def test_control_file_for_the_cpu_build() -> None:
    control = deb.control_file(
        VARIANTS["cpu"],
        version="0.1.0",
        architecture="amd64",
        depends="libc6 (>= 2.35), libxcb-cursor0 (>= 0.0.99)",
        installed_kb=240_000,
    )
    fields = dict(line.split(": ", 1) for line in control.splitlines() if ": " in line[:20])
    assert fields["Package"] == "folder-captioner"
    assert fields["Section"] == "graphics"
    assert fields["Depends"] == "libc6 (>= 2.35), libxcb-cursor0 (>= 0.0.99)"
    assert fields["Installed-Size"] == "240000"
    assert "Provides" not in fields
    body = control.split("\nDescription: ", 1)[1].splitlines()[1:]
    assert body
    assert all(line.startswith(" ") for line in body)  # continuation lines
    assert control.endswith("\n")


def test_gpu_variants_replace_each_other() -> None:
    control = deb.control_file(
        VARIANTS["vulkan"], version="0.1.0", architecture="amd64", depends="libc6", installed_kb=1
    )
    assert "Package: folder-captioner-vulkan" in control
    for field in ("Provides", "Conflicts", "Replaces"):
        assert f"{field}: folder-captioner\n" in control
    assert "mesa-vulkan-drivers | vulkan-icd" in control  # Recommends: a Vulkan driver


def test_depends_keeps_only_what_the_system_must_provide() -> None:
    shlibs = "libc6 (>= 2.35), libssl3 (>= 3.0.0), libx11-6, libgomp1 (>= 6) | libgomp1-alt"
    assert deb.keep_packages(shlibs, {"libc6", "libx11-6", "libxcb-cursor0"}) == (
        "libc6 (>= 2.35), libx11-6, libxcb-cursor0"
    )


def test_launcher_runs_the_installed_bundle() -> None:
    assert deb.LAUNCHER.startswith("#!/bin/sh\n")
    assert 'exec /opt/folder-captioner/folder-captioner "$@"' in deb.LAUNCHER


def test_icons_in_every_hicolor_size(tmp_path: Path) -> None:
    installed = linux_desktop.install_icons(tmp_path)
    assert len(installed) == len(ICON_SIZES) + 1
    for size in ICON_SIZES:
        assert (tmp_path / f"icons/hicolor/{size}x{size}/apps/folder-captioner.png").is_file()
    assert (tmp_path / "icons/hicolor/scalable/apps/folder-captioner.svg").is_file()


@pytest.mark.skipif(shutil.which("sh") is None, reason="a POSIX shell")
def test_portable_folder_registers_its_own_program(tmp_path: Path) -> None:
    """install-desktop-entry.sh, run for real: the entry points into the folder."""
    folder = tmp_path / "unpacked here" / "folder-captioner-0.1.0"
    share = folder / "share"
    linux_desktop.install_desktop_entry(share)
    linux_desktop.install_icons(share)
    script = folder / "install-desktop-entry.sh"
    script.write_text(tarball.INSTALL_SCRIPT)
    script.chmod(0o755)
    data = tmp_path / "xdg-data"
    subprocess.run(
        [str(script)],
        env={"XDG_DATA_HOME": str(data), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    entry = (data / "applications" / "folder-captioner.desktop").read_text()
    assert f'Exec="{folder}/folder-captioner" %F' in entry
    assert f"TryExec={folder}/folder-captioner" in entry
    assert (data / "icons/hicolor/48x48/apps/folder-captioner.png").is_file()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(
            ["desktop-file-validate", str(data / "applications" / "folder-captioner.desktop")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert check.returncode == 0, check.stdout
