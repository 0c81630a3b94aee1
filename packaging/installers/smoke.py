"""Install the Linux packages on this machine and check that they work.

    sudo python packaging/build.py smoke [--deb FILE] [--tarball FILE]

For the .deb: ``dpkg -i`` (then ``apt-get -f install`` if dependencies are missing),
the files where the desktop looks for them (launcher, menu entry, icons, the MIME
cache that "Open with" reads), every library of the bundle resolvable, then the app
checks (app_checks.py: window offscreen and on an X server, doctor, keyring, captions
with the tiny local model and the fake cloud API, on disk), the start-up time, and
finally ``dpkg -r`` leaving nothing behind. For the .tar.gz: unpack into a temporary
folder, the menu-entry script, the same app checks. Results go to
``dist/smoke-report.json``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from installers import app_checks, startup
from installers.app_checks import Findings, Inputs, expect
from installers.deb import INSTALL_DIR
from installers.project import APP_NAME, DIST_DIR, ICON_SIZES, ROOT, app_version
from installers.shell import BuildError, elf_files, run, tree_size


@contextlib.contextmanager
def smoke_inputs(work: Path) -> Iterator[Inputs]:
    """The tiny model pair (written with tests/fakes), the fake API and an X server."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.fakes.runware_server import FakeRunware
    from tests.fakes.tiny_models import tiny_pairs

    pair = tiny_pairs(work / "models")["q4_k_m"]
    with FakeRunware() as api, startup.virtual_display() as display:
        yield Inputs(pair.model, pair.mmproj, api.url, api.api_key, work, display)


def smoke(deb: Path | None, tarball: Path | None, report_path: Path) -> dict[str, Any]:
    report: dict[str, Any] = {"version": app_version()}
    with tempfile.TemporaryDirectory(prefix="fc-smoke-") as scratch:
        work = Path(scratch)
        with smoke_inputs(work) as inputs:
            if deb is not None:
                report["deb"] = smoke_deb(deb, inputs)
            if tarball is not None:
                report["tarball"] = smoke_tarball(tarball, inputs)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"smoke test passed; figures in {report_path}", file=sys.stderr)
    return report


def check_bundle(program: Path, report_path: Path) -> dict[str, Any]:
    """The app checks on a built, not installed, bundle: how Windows and macOS CI check
    theirs (the Linux packages get the full install test above)."""
    if not program.is_file():
        raise BuildError(f"{program} is missing: build the bundle first")
    with (
        tempfile.TemporaryDirectory(prefix="fc-check-") as scratch,
        smoke_inputs(Path(scratch)) as inputs,
    ):
        findings = app_checks.check_app([str(program)], app_version(), inputs, "bundle")
    report = {"version": app_version(), "program": str(program), "checks": findings.notes}
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


# -- the .deb --------------------------------------------------------------------------


def smoke_deb(deb: Path, inputs: Inputs) -> dict[str, Any]:
    if os.geteuid() != 0:
        raise BuildError("installing the .deb needs root: run the smoke test with sudo")
    package = package_of(deb)
    install_deb(deb, package)
    try:
        check_deb_files()
        check_libraries_resolve(INSTALL_DIR)
        findings = app_checks.check_app([APP_NAME], app_version(), inputs, "deb")
        times = startup.measure_startup(
            [f"/usr/bin/{APP_NAME}"], INSTALL_DIR, inputs.work / "home-startup-deb", inputs.display
        )
        _print_times("deb", times)
    finally:
        run(["dpkg", "--purge", package])
    expect(not INSTALL_DIR.exists(), f"dpkg --purge removes {INSTALL_DIR}", None)
    expect(not Path(f"/usr/bin/{APP_NAME}").exists(), "dpkg --purge removes the launcher", None)
    return {
        "file": deb.name,
        "compressed_bytes": deb.stat().st_size,
        "installed_bytes": _installed_size(deb),
        "checks": findings.notes,
        "startup": asdict(times),
    }


def package_of(deb: Path) -> str:
    return run(["dpkg-deb", "--field", deb, "Package"], capture=True).stdout.strip()


def install_deb(deb: Path, package: str) -> None:
    """dpkg -i, and apt-get -f install when dependencies are missing (a user's path)."""
    first = run(["dpkg", "-i", deb], check=False)
    if first.returncode != 0:
        run(["apt-get", "-f", "install", "-y", "-q"], env={"DEBIAN_FRONTEND": "noninteractive"})
    status = run(["dpkg-query", "-W", "-f=${Status}", package], capture=True).stdout
    expect(status == "install ok installed", f"{package} is installed ({status})", None)


def check_deb_files() -> None:
    launcher = Path(f"/usr/bin/{APP_NAME}")
    expect(os.access(launcher, os.X_OK), f"{launcher} is executable", None)
    desktop = Path(f"/usr/share/applications/{APP_NAME}.desktop")
    validate = shutil.which("desktop-file-validate")
    if validate is not None:
        run([validate, desktop])
    for size in ICON_SIZES:
        icon = Path(f"/usr/share/icons/hicolor/{size}x{size}/apps/{APP_NAME}.png")
        expect(icon.is_file(), f"{icon} installed", None)
    expect(
        Path(f"/usr/share/icons/hicolor/scalable/apps/{APP_NAME}.svg").is_file(),
        "the scalable icon is installed",
        None,
    )
    cache = Path("/usr/share/applications/mimeinfo.cache")
    if shutil.which("update-desktop-database") is not None:
        # dpkg's trigger (desktop-file-utils) has refreshed the cache "Open with" reads.
        entries = cache.read_text(encoding="utf-8") if cache.exists() else ""
        jpeg = next((line for line in entries.splitlines() if line.startswith("image/jpeg=")), "")
        expect(f"{APP_NAME}.desktop" in jpeg, "Open with: image/jpeg lists the app", None)


def check_libraries_resolve(installed: Path) -> None:
    """Every library of every binary is found, the bundle's own first (as its
    bootloader arranges at run time), then the system's: the Depends are complete."""
    env = {"LD_LIBRARY_PATH": str(installed / "_internal")}
    missing = []
    for binary in elf_files(installed):
        result = subprocess.run(
            ["ldd", str(binary)],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=False,
        )
        missing += [
            f"{binary.name}: {line.strip()}"
            for line in result.stdout.splitlines()
            if "not found" in line
        ]
    expect(not missing, "every library resolves:\n" + "\n".join(missing[:30]), None)


def _installed_size(deb: Path) -> int:
    kilobytes = run(["dpkg-deb", "--field", deb, "Installed-Size"], capture=True).stdout
    return int(kilobytes.strip()) * 1024


# -- the .tar.gz -----------------------------------------------------------------------


def smoke_tarball(tarball: Path, inputs: Inputs) -> dict[str, Any]:
    target = inputs.work / "portable"
    target.mkdir()
    with tarfile.open(tarball) as archive:
        archive.extractall(target, filter="tar")
    (folder,) = list(target.iterdir())
    program = folder / APP_NAME
    check_libraries_resolve(folder)
    check_menu_script(folder, inputs.work / "xdg-data")
    findings: Findings = app_checks.check_app([str(program)], app_version(), inputs, "tarball")
    times = startup.measure_startup(
        [str(program)], folder, inputs.work / "home-startup-tar", inputs.display
    )
    _print_times("tar.gz", times)
    return {
        "file": tarball.name,
        "compressed_bytes": tarball.stat().st_size,
        "unpacked_bytes": tree_size(folder),
        "checks": findings.notes,
        "startup": asdict(times),
    }


def check_menu_script(folder: Path, data_home: Path) -> None:
    """install-desktop-entry.sh writes an entry that runs this very folder's program."""
    run([folder / "install-desktop-entry.sh"], env={"XDG_DATA_HOME": str(data_home)})
    entry = data_home / "applications" / f"{APP_NAME}.desktop"
    text = entry.read_text(encoding="utf-8")
    expect(f'Exec="{folder / APP_NAME}" %F' in text, "the menu entry runs this folder", None)
    validate = shutil.which("desktop-file-validate")
    if validate is not None:
        run([validate, entry])
    expect(
        (data_home / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_NAME}.png").is_file(),
        "the menu entry's icon is installed",
        None,
    )


def _print_times(label: str, times: startup.StartupTimes) -> None:
    print(
        f"{label}: window shown after {times.first_s:.2f} s (first start), "
        f"{times.cold_median_s:.2f} s cold, {times.warm_median_s:.2f} s warm "
        f"({times.platform})",
        file=sys.stderr,
    )


def default_report_path() -> Path:
    return DIST_DIR / "smoke-report.json"
