"""Which of llama.cpp's CPU backend variants the worker loads, and why.

A build with ``-DGGML_BACKEND_DL=ON -DGGML_CPU_ALL_VARIANTS=ON`` carries one CPU
backend library per instruction-set level (``libggml-cpu-haswell.so`` for AVX2,
``...-icelake.so`` for AVX-512 VNNI, ``...-sapphirerapids.so`` with AMX, down to
``...-x64.so`` for any x86-64). llama.cpp's own loader takes the one with the highest
CPUID score; that trusts CPUID, which can promise instructions the operating system or
a virtual machine then traps (this project's machines advertise AMX). So the app
chooses itself: the best-scored variant whose every instruction family was executed,
in a throw-away process (:mod:`.isa_probe`), without trapping. The worker then loads
exactly that library (:mod:`.ggml_backends`). A variant that still dies with an
illegal instruction is excluded by the captioner and the next one down is used.

``FOLDER_CAPTIONER_CPU_VARIANT=NAME`` forces a variant (benchmarks, bug reports).
Builds without variants (the GPU builds of old, a plain ``-DGGML_NATIVE=OFF`` build)
have their CPU code built in: nothing is chosen, and doctor says so.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

from desktop_app.backends.local.crashes import PORTABLE_CMAKE_ARGS
from desktop_app.backends.local.isa_probe import X86_64, XCR0_NEEDS
from desktop_app.backends.local.protocol import BuildInfo
from desktop_app.backends.local.variant_probe import run_kernel_check, run_probe
from desktop_app.i18n import gettext, ngettext

FORCE_ENV = "FOLDER_CAPTIONER_CPU_VARIANT"
_HASWELL = ("sse42", "avx", "f16c", "fma", "avx2", "bmi2")
_AVX512 = (*_HASWELL, "avx512")
# The instruction families each of llama.cpp's x86 variants is compiled for
# (ggml/src/CMakeLists.txt, ggml_add_cpu_backend_variant).
VARIANT_FEATURES: dict[str, tuple[str, ...]] = {
    "x64": (),
    "sse42": ("sse42",),
    "sandybridge": ("sse42", "avx"),
    "ivybridge": ("sse42", "avx", "f16c"),
    "piledriver": ("sse42", "avx", "f16c", "fma"),
    "haswell": _HASWELL,
    "alderlake": (*_HASWELL, "avx_vnni"),
    "skylakex": _AVX512,
    "cannonlake": (*_AVX512, "avx512_vbmi"),
    "cascadelake": (*_AVX512, "avx512_vnni"),
    "icelake": (*_AVX512, "avx512_vbmi", "avx512_vnni"),
    "cooperlake": (*_AVX512, "avx512_vnni", "avx512_bf16"),
    "zen4": (*_AVX512, "avx512_vbmi", "avx512_vnni", "avx512_bf16"),
    "sapphirerapids": (*_AVX512, "avx512_vbmi", "avx512_vnni", "avx512_bf16", "amx"),
}
FEATURE_NAMES = {
    "sse42": "SSE4.2",
    "avx": "AVX",
    "f16c": "F16C",
    "fma": "FMA",
    "avx2": "AVX2",
    "bmi2": "BMI2",
    "avx_vnni": "AVX-VNNI",
    "avx512": "AVX-512",
    "avx512_vbmi": "AVX-512 VBMI",
    "avx512_vnni": "AVX-512 VNNI",
    "avx512_bf16": "AVX-512 BF16",
    "amx": "AMX",
}


@dataclass(frozen=True)
class VariantCheck:
    name: str
    score: int  # ggml's CPUID score; 0: not for this CPU
    usable: bool
    note: str = ""  # why it cannot be used, or what was not checked (for a person)


@dataclass(frozen=True)
class VariantChoice:
    """The CPU backend the worker loads ("" where the build has no variants).

    ``reason`` and the checks' notes are for a person (doctor, About), in the user's
    language; code decides by ``name``, ``usable`` and ``forced``."""

    name: str = ""
    library: str = ""  # the file to load (a path)
    reason: str = ""
    checks: tuple[VariantCheck, ...] = field(default=(), compare=False)
    forced: bool = False  # named by FOLDER_CAPTIONER_CPU_VARIANT: never swapped for another

    @property
    def summary(self) -> str:
        if not self.name:
            return gettext("built in (a single-CPU-level build)")
        features = VARIANT_FEATURES.get(self.name)
        best = ", ".join(FEATURE_NAMES[f] for f in _headline(features)) if features else ""
        return f"{self.name}" + (f" ({best})" if best else "")

    @property
    def fallback_names(self) -> list[str]:
        """Usable variants below the chosen one, best first (none when forced)."""
        if self.forced:
            return []
        usable = [c for c in self.checks if c.usable and c.name != self.name]
        return [c.name for c in sorted(usable, key=lambda c: -c.score)]


def _headline(features: tuple[str, ...]) -> tuple[str, ...]:
    """The families worth naming: AVX2 implies AVX, FMA..., AVX-512 implies AVX2."""
    implied = {"sse42", "avx", "f16c", "fma", "bmi2"}
    if "avx512" in features:
        implied |= {"avx2"}
    return tuple(f for f in features if f not in implied) or features[-1:]


# -- where the libraries are -----------------------------------------------------------


def llama_lib_dir() -> Path | None:
    """The folder llama-cpp-python loads llama.cpp from, found without importing it."""
    override = os.environ.get("LLAMA_CPP_LIB_PATH")
    if override:
        return Path(override)
    spec = find_spec("llama_cpp")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "lib"


def core_library(stem: str) -> str:
    """``ggml-base`` -> ``libggml-base.so`` (``ggml-base.dll``, ``libggml-base.dylib``)."""
    if sys.platform == "win32":
        return f"{stem}.dll"
    return f"lib{stem}.dylib" if sys.platform == "darwin" else f"lib{stem}.so"


def library_name(backend: str) -> str:
    """``cpu-haswell`` -> ``libggml-cpu-haswell.so`` (``ggml-cpu-haswell.dll``)."""
    return f"ggml-{backend}.dll" if sys.platform == "win32" else f"libggml-{backend}.so"


def backend_dirs(lib_dir: Path | None) -> list[Path]:
    """Where a build's run-time backends are: ``llama_cpp/lib`` (an installer's bundle,
    or a build with ``-DGGML_BACKEND_DIR=llama_cpp/lib``), then the ``bin`` folder at
    the top of site-packages, where ggml installs them otherwise (the README's build)."""
    if lib_dir is None:
        return []
    candidates = [lib_dir, lib_dir.parent.parent / "bin"]
    return [folder for folder in candidates if folder.is_dir()]


def variant_libraries(lib_dir: Path | None) -> dict[str, Path]:
    """The CPU variant libraries of the build in ``lib_dir``, by variant name (the files
    ggml itself would consider: ``libggml-cpu-NAME.so``, no versioned copies)."""
    prefix, suffix = library_name("cpu-").split("cpu-")
    found: dict[str, Path] = {}
    for folder in backend_dirs(lib_dir):
        for path in sorted(folder.iterdir()):
            name = path.name
            if name.startswith(f"{prefix}cpu-") and name.endswith(suffix) and path.is_file():
                found.setdefault(name[len(prefix) + 4 : len(name) - len(suffix)], path)
    return found


# -- choosing ----------------------------------------------------------------------------


class UnknownCpuVariant(ValueError):
    """FOLDER_CAPTIONER_CPU_VARIANT names a variant this build does not have."""

    def __init__(self, forced: str, available: list[str]) -> None:
        super().__init__(
            f"{FORCE_ENV}={forced} names no CPU variant of this build; it has: "
            + ", ".join(available)
        )
        self.forced = forced
        self.available = available


_probes: dict[tuple[object, ...], dict[str, tuple[str, object]]] = {}


def choose_variant(
    lib_dir: Path | None = None, excluded: frozenset[str] = frozenset()
) -> VariantChoice:
    """The variant to load; probes this machine once per app process (in a child)."""
    lib_dir = lib_dir or llama_lib_dir()
    libraries = variant_libraries(lib_dir)
    if not libraries:
        built_in = gettext("this llama.cpp build has its CPU code built in (no run-time variants)")
        return VariantChoice(reason=built_in)
    stamps = (
        (name, path.stat().st_size, path.stat().st_mtime_ns) for name, path in libraries.items()
    )
    key = (str(lib_dir), *stamps)
    assert lib_dir is not None
    base, ggml = lib_dir / core_library("ggml-base"), lib_dir / core_library("ggml")
    if key not in _probes:
        _probes[key] = run_probe(libraries, VARIANT_FEATURES, base)
    results = _probes[key]
    forced = os.environ.get(FORCE_ENV, "").strip()
    choice = select(libraries, results, excluded, forced)
    # The best candidate's matrix kernels run once before it is trusted; a failure
    # moves the choice one level down.
    while choice.name and not choice.forced and f"work:{choice.name}" not in results:
        results.update(run_kernel_check(choice.name, libraries[choice.name], base, ggml))
        choice = select(libraries, results, excluded, forced)
    return choice


def select(
    libraries: dict[str, Path],
    results: dict[str, tuple[str, object]],
    excluded: frozenset[str] = frozenset(),
    forced: str = "",
) -> VariantChoice:
    """The best usable variant, from the probe's results (a pure function)."""
    checks = tuple(_check(name, results, excluded) for name in libraries)
    if forced:
        if forced not in libraries:
            raise UnknownCpuVariant(forced, list(libraries))
        check = next(c for c in checks if c.name == forced)
        reason = gettext("forced by {variable}").format(variable=FORCE_ENV)
        if not check.usable:
            reason = gettext("{reason}; note: {note}").format(reason=reason, note=check.note)
        return VariantChoice(forced, str(libraries[forced]), reason, checks, True)
    usable = [c for c in checks if c.usable]
    if not usable:
        # The check itself could not run (or everything failed): the lowest level,
        # which needs no instruction beyond x86-64's own, is the safe choice.
        lowest = "x64" if "x64" in libraries else min(libraries)
        problem = results.get("probe", ("", gettext("every variant failed its check")))[1]
        reason = gettext("the safe lowest level: {problem}").format(problem=problem)
        return VariantChoice(lowest, str(libraries[lowest]), reason, checks)
    best = max(usable, key=lambda c: c.score)
    failed = [c for c in checks if c.score > 0 and not c.usable]
    reason = gettext(
        "the highest-scored of the {usable} of {total} variants whose instructions this CPU "
        "executed and whose matrix kernels computed a test product (checked in separate "
        "processes)"
    ).format(usable=len(usable), total=len(checks))
    if failed:
        skipped = "; ".join(f"{c.name} ({c.note})" for c in failed)
        reason = gettext("{reason}; skipped: {variants}").format(reason=reason, variants=skipped)
    return VariantChoice(best.name, str(libraries[best.name]), reason, checks)


def _check(
    name: str, results: dict[str, tuple[str, object]], excluded: frozenset[str]
) -> VariantCheck:
    status, value = results.get(f"score:{name}", ("missing", None))
    if status == "crashed":
        note = gettext("loading it crashed the check ({how})").format(how=value)
        return VariantCheck(name, 0, False, note)
    score = int(value) if status == "ok" and isinstance(value, int) else 0
    if score <= 0:
        return VariantCheck(name, 0, False, gettext("not for this CPU (CPUID)"))
    if name in excluded:
        note = gettext("it crashed the worker with an illegal instruction")
        return VariantCheck(name, score, False, note)
    features = VARIANT_FEATURES.get(name)
    if features is None:
        if X86_64:
            note = gettext("unknown to this app version, not checked")
            return VariantCheck(name, score, False, note)
        return VariantCheck(name, score, True, gettext("ggml's CPU feature check only"))
    problems = [_feature_problem(f, results) for f in features] + [_work_problem(name, results)]
    if any(problems):
        return VariantCheck(name, score, False, "; ".join(p for p in problems if p))
    unchecked = [_feature_unchecked(f, results) for f in features]
    return VariantCheck(name, score, True, "; ".join(n for n in unchecked if n))


def _work_problem(name: str, results: dict[str, tuple[str, object]]) -> str:
    status, value = results.get(f"work:{name}", ("missing", None))
    if status == "crashed":
        return gettext("its matrix kernels trapped in a test product ({how})").format(how=value)
    if status == "error":
        return gettext("its matrix kernels failed in a test product: {error}").format(error=value)
    return ""


def _feature_problem(feature: str, results: dict[str, tuple[str, object]]) -> str:
    """Why ``feature`` rules a variant out ("": it does not, or it was not checked)."""
    status, value = results.get(f"run:{feature}", ("missing", None))
    label = FEATURE_NAMES[feature]
    if status == "ok":
        return ""
    if status == "crashed":
        return gettext("its {feature} instructions trapped ({how})").format(
            feature=label, how=value
        )
    xcr0_status, xcr0 = results.get("xcr0", ("missing", None))
    need = XCR0_NEEDS.get(feature, 0)
    if xcr0_status == "ok" and isinstance(xcr0, int) and xcr0 & need != need:
        return gettext(
            "the operating system has not enabled {feature} registers (XCR0 {xcr0})"
        ).format(feature=label, xcr0=f"{xcr0:#x}")
    if status == "error" and feature == "amx":
        return f"{label}: {value}"
    return ""


def _feature_unchecked(feature: str, results: dict[str, tuple[str, object]]) -> str:
    """What was not checked about ``feature`` (a note; the variant stays usable)."""
    status, value = results.get(f"run:{feature}", ("missing", None))
    if status == "ok" or _feature_problem(feature, results):
        return ""
    return gettext("not checked: {why}").format(why=value or gettext("no result"))


def plain_llama_env(lib_dir: Path | None = None) -> dict[str, str]:
    """What a program using llama-cpp-python directly needs to load this machine's CPU
    variant: ``GGML_BACKEND_PATH``.

    llama.cpp's own loader (``ggml_backend_load_all``) looks for backends beside the
    executable and in the current folder, not in ``llama_cpp/lib``; with an
    all-variants build it finds none there and loads only the library this variable
    names (llama-cpp-python's server, a script, the tests' direct calls).
    """
    lib_dir = lib_dir or llama_lib_dir()
    choice = choose_variant(lib_dir)
    if not choice.library:
        return {}
    return {"GGML_BACKEND_PATH": choice.library}


# -- reporting ---------------------------------------------------------------------------


def cpu_backend_lines(info: BuildInfo) -> list[str]:
    """Which CPU backend runs and why (the About dialog shows the same lines)."""
    if not info.cpu_library:
        built_in = gettext(
            "CPU backend: built in: one instruction-set level for every CPU; rebuild with "
            "CMAKE_ARGS=\"{cmake_args}\" for the best level of each CPU (README 'GPU builds')"
        )
        return [built_in.format(cmake_args=PORTABLE_CMAKE_ARGS)]
    chosen = info.cpu_variant or info.cpu_library
    if info.cpu_variants:
        first = ngettext(
            "CPU backend: {variant}, chosen at run time from {n} variant ({library})",
            "CPU backend: {variant}, chosen at run time from {n} variants ({library})",
            info.cpu_variants,
        ).format(variant=chosen, n=info.cpu_variants, library=info.cpu_library)
    else:
        first = gettext("CPU backend: {variant} ({library})").format(
            variant=chosen, library=info.cpu_library
        )
    lines = [first]
    if info.cpu_reason:
        lines.append("  " + gettext("why: {reason}").format(reason=info.cpu_reason))
    return lines
