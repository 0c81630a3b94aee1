"""The build driver's commands (``python packaging/build.py --help``).

Modules are imported by the command that needs them: ``cmake-args``,
``host-packages`` and ``prune-llama-cache`` run on a bare Python, before the app is
installed (CI and the README's set-up commands use them).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from installers.project import BUNDLE_DIR, DISPLAY_NAME, DIST_DIR, VARIANTS, Variant, variant
from installers.shell import BuildError

Handler = Callable[[argparse.Namespace], None]


def _newest(pattern: str) -> Path | None:
    found = sorted(DIST_DIR.glob(pattern), key=lambda path: path.stat().st_mtime)
    return found[-1] if found else None


def _bundle_path() -> Path:
    if not BUNDLE_DIR.is_dir():
        raise BuildError(f"{BUNDLE_DIR} is missing: run `build.py bundle` first")
    return BUNDLE_DIR


def _chosen(args: argparse.Namespace) -> Variant:
    return variant(args.variant)


def cmd_cmake_args(args: argparse.Namespace) -> None:
    print(_chosen(args).cmake_args)


def cmd_host_packages(args: argparse.Namespace) -> None:
    from installers import host

    print(" ".join(host.apt_packages(_chosen(args))))


def cmd_llama(args: argparse.Namespace) -> None:
    from installers import llama_build

    llama_build.build_llama(_chosen(args), use_cache=args.use_cache)


def cmd_prune_llama_cache(args: argparse.Namespace) -> None:
    from installers import llama_cache

    llama_cache.main()


def cmd_bundle(args: argparse.Namespace) -> None:
    from installers import bundle

    bundle.build_bundle(_chosen(args), clean=args.clean)


def cmd_deb(args: argparse.Namespace) -> None:
    from installers import deb

    deb.build_deb(_bundle_path(), _chosen(args), fast=args.fast)


def cmd_tarball(args: argparse.Namespace) -> None:
    from installers import deb, tarball

    tarball.build_tarball(_bundle_path(), _chosen(args), list(deb.RUNTIME_PACKAGES), fast=args.fast)


def cmd_linux(args: argparse.Namespace) -> None:
    from installers import bundle, deb, tarball

    chosen = _chosen(args)
    built = bundle.build_bundle(chosen, clean=args.clean)
    deb.build_deb(built, chosen, fast=args.fast)
    tarball.build_tarball(built, chosen, list(deb.RUNTIME_PACKAGES), fast=args.fast)


def cmd_smoke(args: argparse.Namespace) -> None:
    from installers import smoke

    deb_file = args.deb or _newest("*.deb")
    tar_file = args.tarball or _newest("*-linux-*.tar.gz")
    if deb_file is None and tar_file is None:
        raise BuildError(f"nothing to test in {DIST_DIR}: run `build.py linux` first")
    smoke.smoke(deb_file, tar_file, args.report or smoke.default_report_path())


def cmd_check_bundle(args: argparse.Namespace) -> None:
    """The app checks on the freshly built bundle itself: every OS, no installing."""
    from installers import smoke

    if sys.platform == "darwin":
        program = DIST_DIR / f"{DISPLAY_NAME}.app" / "Contents" / "MacOS" / "folder-captioner"
    else:
        suffix = ".exe" if sys.platform == "win32" else ""
        program = _bundle_path() / f"folder-captioner{suffix}"
    smoke.check_bundle(program, args.report or DIST_DIR / "bundle-check.json")


def cmd_windows(args: argparse.Namespace) -> None:
    from installers import bundle, windows

    chosen = _chosen(args)
    built = bundle.build_bundle(chosen, clean=args.clean)
    print(windows.build_installer(built, chosen))


def cmd_macos(args: argparse.Namespace) -> None:
    from installers import bundle, macos

    chosen = _chosen(args)
    bundle.build_bundle(chosen, clean=args.clean)
    print(macos.build_dmg(chosen))


COMMANDS: list[tuple[str, Handler, str, set[str]]] = [
    # (name, handler, help, options: variant / clean / fast)
    (
        "cmake-args",
        cmd_cmake_args,
        "print the variant's CMAKE_ARGS for llama-cpp-python",
        {"variant"},
    ),
    ("host-packages", cmd_host_packages, "print the apt packages a Linux build needs", {"variant"}),
    ("llama", cmd_llama, "rebuild llama-cpp-python for a variant (CMAKE_ARGS)", {"variant"}),
    (
        "prune-llama-cache",
        cmd_prune_llama_cache,
        "drop cached llama-cpp-python wheels built without CPU variants (pip's cache "
        "ignores CMAKE_ARGS)",
        set(),
    ),
    (
        "bundle",
        cmd_bundle,
        "the PyInstaller one-folder bundle (dist/folder-captioner)",
        {"variant", "clean"},
    ),
    ("linux", cmd_linux, "bundle + .deb + .tar.gz", {"variant", "clean", "fast"}),
    ("deb", cmd_deb, "the .deb from an existing bundle", {"variant", "fast"}),
    ("tarball", cmd_tarball, "the portable .tar.gz from an existing bundle", {"variant", "fast"}),
    ("windows", cmd_windows, "bundle + Inno Setup installer (on Windows)", {"variant", "clean"}),
    ("macos", cmd_macos, "bundle + .app + .dmg (on macOS)", {"variant", "clean"}),
    ("smoke", cmd_smoke, "install the .deb and .tar.gz here and check them (root)", set()),
    ("check-bundle", cmd_check_bundle, "run the app checks on the built bundle (any OS)", set()),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="packaging/build.py",
        description="Build Folder Captioner's bundle and installers, and smoke-test them.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    default_variant = "metal" if sys.platform == "darwin" else "cpu"
    for name, handler, text, options in COMMANDS:
        sub = commands.add_parser(name, help=text, description=text)
        sub.set_defaults(handler=handler)
        if "variant" in options:
            sub.add_argument("--variant", choices=sorted(VARIANTS), default=default_variant)
        if "clean" in options:
            sub.add_argument("--clean", action="store_true", help="drop PyInstaller's cache")
        if "fast" in options:
            sub.add_argument(
                "--fast",
                action="store_true",
                help="fast, larger compression (gzip -1) for CI; releases use the default",
            )
        if name == "llama":
            sub.add_argument("--use-cache", action="store_true", help="allow pip's wheel cache")
        if name == "smoke":
            sub.add_argument("--deb", type=Path, help="default: the newest .deb in dist/")
            sub.add_argument("--tarball", type=Path, help="default: the newest .tar.gz in dist/")
        if name in ("smoke", "check-bundle"):
            sub.add_argument("--report", type=Path, help="where the JSON figures go")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.handler(args)
    except BuildError as error:
        print(f"build.py {args.command}: {error}", file=sys.stderr)
        return 1
    return 0
