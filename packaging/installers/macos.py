"""The macOS app and disk image: PyInstaller's .app (BUNDLE in the spec) in a .dmg.

    python packaging/build.py macos [--variant metal]

Needs macOS and its own tools (hdiutil, codesign), and ExifTool installed (exiftool.org's
package or ``brew install exiftool``): the app carries Image-ExifTool, run by macOS's
own perl, to write captions inside photos. PyInstaller signs the app ad hoc,
which Apple Silicon requires to run it at all; a Developer ID signature and Apple's
notarization are not done here (they need the publisher's certificate): until they
are, a downloaded copy opens with right-click > Open the first time.
"""

from __future__ import annotations

import platform
import shutil
from pathlib import Path

from installers import exiftool_bundle
from installers.project import BUILD_DIR, DISPLAY_NAME, DIST_DIR, Variant, app_version
from installers.shell import BuildError, run

APP_BUNDLE = DIST_DIR / f"{DISPLAY_NAME}.app"


def dmg_name(variant: Variant) -> str:
    machine = platform.machine().lower()
    suffix = "" if variant.name == "metal" else variant.suffix
    return f"folder-captioner-{app_version()}-macos-{machine}{suffix}.dmg"


def add_exiftool() -> None:
    """Image-ExifTool (the build machine's, run by the system's /usr/bin/perl) in
    Contents/Resources/exiftool; the app is signed ad hoc again, as PyInstaller did."""
    exiftool_bundle.add_perl_exiftool(APP_BUNDLE / "Contents" / "Resources")
    run(["codesign", "--force", "--deep", "--sign", "-", APP_BUNDLE])


def build_dmg(variant: Variant, out_dir: Path = DIST_DIR) -> Path:
    if not APP_BUNDLE.is_dir():
        raise BuildError(f"{APP_BUNDLE} is missing: run `build.py bundle` on macOS first")
    add_exiftool()
    run(["codesign", "--verify", "--deep", APP_BUNDLE])  # ad hoc, as PyInstaller signs
    stage = BUILD_DIR / "dmg"
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)
    shutil.copytree(APP_BUNDLE, stage / APP_BUNDLE.name, symlinks=True)
    (stage / "Applications").symlink_to("/Applications")  # drag the app onto it
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / dmg_name(variant)
    run(
        [
            "hdiutil",
            "create",
            "-volname",
            DISPLAY_NAME,
            "-srcfolder",
            stage,
            "-fs",
            "HFS+",
            "-format",
            "UDZO",
            "-ov",
            target,
        ]
    )
    return target
