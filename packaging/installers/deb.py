"""The Debian package, built with dpkg-deb from the one-folder bundle.

    python packaging/build.py deb [--variant NAME]     # after `bundle`

Layout: the bundle in /opt/folder-captioner, a /usr/bin/folder-captioner launcher, the
menu entry (with the image MIME types, so "Open with" offers the app) and the hicolor
icons. Depends names ExifTool (libimage-exiftool-perl), which writes the embedded
captions, and the rest is computed by dpkg-shlibdeps from the bundle's binaries: every
library the bundle leaves to the system (X11/xcb and Wayland for Qt's platform plugins,
the graphics stack, fontconfig, D-Bus, glib, the C and C++ runtimes; see
bundle_rules.SYSTEM_LIBRARIES) becomes a dependency on the package that carries it on
the build machine, with the version its symbols need. So the build machine must have
those libraries installed (RUNTIME_PACKAGES); a missing one stops the build with
dpkg-shlibdeps' "cannot find library" message. Icon caches and the MIME database are
refreshed by dpkg triggers (hicolor-icon-theme, desktop-file-utils), not scripts.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import textwrap
from pathlib import Path

from installers import elf, exiftool_bundle, linux_desktop
from installers.project import (
    APP_NAME,
    BUILD_DIR,
    DIST_DIR,
    HOMEPAGE,
    MAINTAINER,
    ROOT,
    SUMMARY,
    Variant,
    app_version,
)
from installers.shell import BuildError, elf_files, run, tree_size

INSTALL_DIR = Path("/opt") / APP_NAME
# The tools the build uses, and the libraries the bundle links against (Debian 12 and
# Ubuntu 22.04 names); install both before building so dpkg-shlibdeps can see them.
BUILD_TOOLS = ("dpkg-dev", "binutils", "desktop-file-utils")
RUNTIME_PACKAGES = (
    "libgl1",
    "libegl1",
    "libopengl0",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
    "libglib2.0-0",
    "libx11-6",
    "libx11-xcb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
)
# Libraries of the GPU driver: they come with the driver (NVIDIA's, in many packagings),
# never from a package the .deb could name, and are never bundled.
DRIVER_LIBRARIES = frozenset({"libcuda.so.1"})
LAUNCHER = f"""#!/bin/sh
# Folder Captioner: the window without arguments, the command line with them.
exec {INSTALL_DIR}/{APP_NAME} "$@"
"""
DESCRIPTION = """\
Folder Captioner watches folders, shows their images as a thumbnail grid and
captions them with Qwen2.5-VL: in the cloud, on this computer (llama.cpp, offline
after one model download) or on any OpenAI-compatible server. Captions go to .txt
sidecars, XMP sidecars and the images' own XMP/IPTC/EXIF, written losslessly.
"""


def package_name(variant: Variant) -> str:
    return APP_NAME + variant.suffix


def deb_architecture() -> str:
    return run(["dpkg", "--print-architecture"], capture=True).stdout.strip()


def build_deb(
    bundle: Path, variant: Variant, out_dir: Path = DIST_DIR, *, fast: bool = False
) -> Path:
    """``fast``: gzip -1 (seconds, about 100 MB) instead of xz -6 (minutes, about 68 MB)."""
    name = package_name(variant)
    stage = BUILD_DIR / "deb" / name
    if stage.exists():
        shutil.rmtree(stage)
    (stage / "DEBIAN").mkdir(parents=True)
    opt = stage / INSTALL_DIR.relative_to("/")
    shutil.copytree(bundle, opt, symlinks=True)
    _install_launcher(stage)
    share = stage / "usr" / "share"
    linux_desktop.install_desktop_entry(share)
    linux_desktop.install_icons(share)
    _install_docs(share / "doc" / name)
    # ExifTool writes the embedded captions: the system's package, kept patched by it
    depends = ", ".join((system_depends(stage, opt), exiftool_bundle.DEB_DEPENDS))
    arch = deb_architecture()
    control = control_file(
        variant,
        version=app_version(),
        architecture=arch,
        depends=depends,
        installed_kb=(tree_size(stage) + 1023) // 1024,
    )
    (stage / "DEBIAN" / "control").write_text(control, encoding="utf-8")
    _normalise_modes(stage)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{name}_{app_version()}_{arch}.deb"
    compression = ["-Zgzip", "-z1"] if fast else ["-Zxz", "-z6"]
    run(["dpkg-deb", "--root-owner-group", *compression, "--build", stage, target])
    print(f"{APP_NAME}: {target} ({target.stat().st_size / 1e6:.1f} MB)")
    return target


def control_file(
    variant: Variant, *, version: str, architecture: str, depends: str, installed_kb: int
) -> str:
    fields = {
        "Package": package_name(variant),
        "Version": version,
        "Architecture": architecture,
        "Maintainer": MAINTAINER,
        "Installed-Size": str(installed_kb),
        "Depends": depends,
        "Recommends": ", ".join(("xdg-utils", *variant.recommends)),
        "Section": "graphics",
        "Priority": "optional",
        "Homepage": HOMEPAGE,
    }
    if variant.suffix:
        # Every variant installs the same files: one at a time.
        fields["Provides"] = APP_NAME
        fields["Conflicts"] = APP_NAME
        fields["Replaces"] = APP_NAME
    lines = [f"{key}: {value}" for key, value in fields.items() if value]
    title = f"{SUMMARY} ({variant.title} build)"
    body = textwrap.indent(DESCRIPTION, " ")
    return "\n".join(lines) + f"\nDescription: {title}\n{body}"


def system_depends(stage: Path, bundle: Path) -> str:
    """Depends: dpkg-shlibdeps' versions, for the packages that provide the libraries
    the bundle does not carry itself.

    dpkg-shlibdeps also names the system's twin of a library the bundle carries
    (libssl3 for the bundled libssl.so.3: it finds no shlibs file for the bundled copy
    and falls back to the system's), which would make the package depend on what it
    does not use; those entries are dropped.
    """
    wanted = system_sonames(bundle)
    providers = providing_packages(wanted)
    missing = sorted(wanted - providers.keys())
    if missing:
        raise BuildError(
            "no installed package provides " + ", ".join(missing) + ": install the "
            "packages that carry them (deb.RUNTIME_PACKAGES) before building"
        )
    return keep_packages(shlib_depends(stage, bundle), set(providers.values()))


def system_sonames(bundle: Path) -> set[str]:
    """Libraries the bundle's binaries link against but do not carry."""
    carried = {path.name for path in bundle.rglob("*.so*")}
    needed = {name for binary in elf_files(bundle) for name in elf.needed_libraries(binary)}
    system = {name for name in needed - carried if not name.startswith("ld-linux")}
    return (system - DRIVER_LIBRARIES) | ({"libc.so.6"} if needed else set())


def providing_packages(sonames: set[str]) -> dict[str, str]:
    """{soname: Debian package} for this machine's architecture."""
    multiarch = run(["dpkg-architecture", "-qDEB_HOST_MULTIARCH"], capture=True).stdout.strip()
    found = {}
    for soname in sorted(sonames):
        pattern = f"*/{multiarch}/{soname}"
        result = run(["dpkg-query", "-S", pattern], capture=True, check=False, echo=False)
        for line in result.stdout.splitlines():
            package = line.split(":", 1)[0].strip()
            if package and "," not in package:
                found[soname] = package
                break
    return found


def keep_packages(depends: str, packages: set[str]) -> str:
    """The entries of a Depends line whose (first) package is one of ``packages``,
    plus an unversioned entry for any of them dpkg-shlibdeps did not name."""
    entries = [entry.strip() for entry in depends.split(",") if entry.strip()]
    kept = [entry for entry in entries if _package_name(entry) in packages]
    named = {_package_name(entry) for entry in kept}
    kept += sorted(packages - named)
    return ", ".join(sorted(kept, key=_package_name))


def _package_name(entry: str) -> str:
    return re.split(r"[\s(|:]", entry.strip(), maxsplit=1)[0]


def shlib_depends(stage: Path, bundle: Path) -> str:
    """dpkg-shlibdeps over every ELF file in the bundle: the packages (and versions)
    the system must provide for the libraries the bundle does not carry."""
    binaries = elf_files(bundle)
    private_dirs = sorted({str(path.parent) for path in binaries})
    with tempfile.TemporaryDirectory() as scratch:
        private_dirs += _driver_stubs(binaries, Path(scratch))
        control = Path(scratch) / "debian" / "control"
        control.parent.mkdir()
        control.write_text(f"Source: {APP_NAME}\n\nPackage: {APP_NAME}\nArchitecture: any\n")
        result = subprocess.run(
            [
                "dpkg-shlibdeps",
                "-O",
                "--ignore-missing-info",
                f"-S{stage}",
                "--warnings=0",
                *(f"-l{folder}" for folder in private_dirs),
                *(f"-e{path}" for path in binaries),
            ],
            cwd=scratch,
            capture_output=True,
            text=True,
            check=False,
        )
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    if result.returncode != 0:
        raise BuildError("dpkg-shlibdeps failed:\n" + "\n".join(errors[:20] or [result.stderr]))
    match = re.search(r"^shlibs:Depends=(.*)$", result.stdout, re.MULTILINE)
    if match is None:
        raise BuildError(f"dpkg-shlibdeps printed no dependencies:\n{result.stdout}")
    return match.group(1).strip()


def _driver_stubs(binaries: list[Path], scratch: Path) -> list[str]:
    """A folder holding the CUDA toolkit's stub of the driver library, when the bundle
    links against it: dpkg-shlibdeps must find every library, and the driver's is not
    installed on a build machine (it gets no dependency: see DRIVER_LIBRARIES)."""
    linked = {name for binary in binaries for name in elf.needed_libraries(binary)}
    wanted = sorted(linked & DRIVER_LIBRARIES)
    if not wanted:
        return []
    cuda = Path(os.environ.get("CUDA_PATH", "/usr/local/cuda"))
    stub = cuda / "lib64" / "stubs" / "libcuda.so"
    if not stub.is_file():
        raise BuildError(f"{', '.join(wanted)} is linked but {stub} is missing: set CUDA_PATH")
    folder = scratch / "driver-stubs"
    folder.mkdir()
    for name in wanted:
        (folder / name).symlink_to(stub)
    return [str(folder)]


def _install_launcher(stage: Path) -> None:
    launcher = stage / "usr" / "bin" / APP_NAME
    launcher.parent.mkdir(parents=True)
    launcher.write_text(LAUNCHER, encoding="utf-8")
    launcher.chmod(0o755)


def _install_docs(doc: Path) -> None:
    doc.mkdir(parents=True)
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    (doc / "copyright").write_text(
        "Folder Captioner: GPL-3.0-or-later (below). The bundled components keep their\n"
        "own licenses: Qt (LGPL-3.0), exiv2 and python-exiv2 (GPL), llama.cpp (MIT) and\n"
        "the others listed in the app's About dialog.\n\n" + license_text,
        encoding="utf-8",
    )


def _normalise_modes(stage: Path) -> None:
    """Files 0644 (0755 when executable), folders 0755, whatever the build's umask."""
    for path in [stage, *stage.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            executable = path.stat().st_mode & 0o111
            path.chmod(0o755 if executable else 0o644)
