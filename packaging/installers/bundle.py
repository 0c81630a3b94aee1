"""The one-folder bundle: PyInstaller on the spec, then the build's own checks.

    python packaging/build.py bundle [--variant cpu|cuda|vulkan|metal]

The variant names the llama.cpp build that is installed in the environment (build it
with ``python packaging/build.py llama --variant NAME`` first); the bundle records it
in ``desktop_app/resources/build-info.json`` for the About dialog and ``doctor``, and
the build refuses a variant whose GPU library is missing (or a CPU build carrying one).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

from installers import bundle_rules, icons
from installers.project import (
    APP_NAME,
    BUILD_DIR,
    BUNDLE_DIR,
    DIST_DIR,
    ROOT,
    SPEC,
    Variant,
    app_version,
)
from installers.shell import BuildError, elf_files, run, tree_size

GPU_LIBRARIES = {"cuda": "ggml-cuda", "vulkan": "ggml-vulkan", "metal": "ggml-metal"}


def llama_library_names() -> list[str]:
    """llama.cpp's files: ``llama_cpp/lib``, and the backends ggml installed into
    site-packages' ``bin`` (what the spec collects)."""
    spec = find_spec("llama_cpp")
    if spec is None or not spec.submodule_search_locations:
        raise BuildError("llama-cpp-python is not installed in this environment")
    lib = Path(next(iter(spec.submodule_search_locations))) / "lib"
    loose = lib.parent.parent / "bin"
    modules = [p.name for p in loose.iterdir() if "ggml-" in p.name] if loose.is_dir() else []
    return sorted({path.name for path in lib.iterdir()} | set(modules))


def cpu_variant_names(names: list[str]) -> list[str]:
    """The CPU backend variants among llama.cpp's files (``libggml-cpu-haswell.so``)."""
    found = (re.fullmatch(r"(?:lib)?ggml-cpu-(\w+)\.(?:so|dll)", name) for name in names)
    return sorted(match.group(1) for match in found if match)


def check_llama_build(variant: Variant, names: list[str]) -> None:
    """The installed llama.cpp must be the variant the bundle will claim to be, with a
    CPU backend per instruction-set level (pip's cache may hold an older single-level
    wheel: see README "Installers")."""
    if variant.cpu_variants and not cpu_variant_names(names):
        raise BuildError(
            "the installed llama-cpp-python has one CPU level built in, not a backend per "
            f"level: rebuild it with python packaging/build.py llama --variant {variant.name}"
        )
    present = {name for name, marker in GPU_LIBRARIES.items() if any(marker in n for n in names)}
    wanted = GPU_LIBRARIES.get(variant.name)
    if wanted is None and present:
        raise BuildError(
            f"the installed llama-cpp-python carries GPU code ({', '.join(sorted(present))}) "
            f"but the variant is {variant.name!r}: rebuild it with "
            "python packaging/build.py llama --variant cpu"
        )
    if wanted is not None and variant.name not in present:
        raise BuildError(
            f"the installed llama-cpp-python has no {wanted} library: build it with "
            f"python packaging/build.py llama --variant {variant.name}"
        )


def build_facts(variant: Variant) -> dict[str, str]:
    """What the About dialog and ``doctor`` say about this bundle."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    built = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return {
        "app_version": app_version(),
        "variant": variant.name,
        "variant_title": variant.title,
        "cmake_args": variant.cmake_args,
        "llama_cpp_python": metadata.version("llama-cpp-python"),
        "cpu_variants": " ".join(
            name
            for name in cpu_variant_names(llama_library_names())
            if bundle_rules.bundled_backend(f"libggml-cpu-{name}.so")
        ),
        "python": platform.python_version(),
        "platform": f"{sys.platform}-{platform.machine().lower()}",
        "built": built.strftime("%Y-%m-%d"),
        "commit": _git_commit(),
    }


def _git_commit() -> str:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def build_bundle(variant: Variant, *, clean: bool = False) -> Path:
    check_llama_build(variant, llama_library_names())
    info = BUILD_DIR / "build-info.json"
    info.parent.mkdir(parents=True, exist_ok=True)
    info.write_text(json.dumps(build_facts(variant), indent=2) + "\n", encoding="utf-8")
    if sys.platform in ("win32", "darwin"):
        icons.make_platform_icons(BUILD_DIR / "icons")
    command: list[str | Path] = [sys.executable, "-m", "PyInstaller", "--noconfirm"]
    if clean:
        command.append("--clean")
    command += ["--workpath", BUILD_DIR / "pyinstaller", "--distpath", DIST_DIR, SPEC]
    # Not from the checkout: a stale folder_captioner.egg-info there would be the
    # metadata PyInstaller copies, instead of the installed distribution's.
    run(command, env={"FC_BUILD_INFO": str(info)}, cwd=BUILD_DIR)
    if sys.platform.startswith("linux"):
        strip_debug_info(BUNDLE_DIR / "_internal")
        strip_symbol_tables(BUNDLE_DIR / "_internal")
    print(f"{APP_NAME}: bundle in {BUNDLE_DIR}, {tree_size(BUNDLE_DIR) / 1e6:.1f} MB unpacked")
    return BUNDLE_DIR


def strip_debug_info(folder: Path) -> int:
    """Remove debugging sections (a Python built from source carries 20 MB of them in
    libpython alone); symbols and code stay as they are. Returns the bytes saved.

    Only the libraries under ``_internal``: the executables carry PyInstaller's archive
    after their ELF image, which strip would cut off.
    """
    strip = shutil.which("strip")
    if strip is None:
        print("strip not found: debugging sections stay in the bundle", file=sys.stderr)
        return 0
    before = tree_size(folder)
    targets = [path for path in elf_files(folder) if _has_debug_info(path)]
    for start in range(0, len(targets), 50):
        run([strip, "--strip-debug", *targets[start : start + 50]])
    return before - tree_size(folder)


def strip_symbol_tables(folder: Path) -> int:
    """Drop the static symbol tables of the few big libraries where that is known safe
    (bundle_rules.SYMBOL_TABLE_STRIPPABLE; about 4.5 MB): only debuggers read them, the
    dynamic symbols stay. Returns the bytes saved.

    Not every library: strip rewrites the program headers, and on a library that
    auditwheel patched (numpy's OpenBLAS, the *.libs folders) the result no longer
    loads ("ELF load command address/offset not page-aligned"). The smoke test loads
    everything stripped here.
    """
    strip = shutil.which("strip")
    if strip is None:
        return 0
    before = tree_size(folder)
    targets = [
        path
        for path in elf_files(folder)
        if bundle_rules.symbol_table_strippable(path.relative_to(folder).as_posix())
    ]
    if targets:
        run([strip, "--strip-unneeded", *targets])
    return before - tree_size(folder)


def _has_debug_info(path: Path) -> bool:
    result = subprocess.run(
        ["readelf", "-S", "-W", str(path)], capture_output=True, text=True, check=False
    )
    return ".debug_info" in result.stdout
