"""Choosing llama.cpp's CPU variant: the rules, and the probe on this very machine.

The probe runs machine code in a child process, so a trapping instruction can only kill
the child. These tests run it for real: on this CPU (whose AMX needs the kernel's
permission first), and on little variant libraries compiled here, one of which traps
in its score function like a library built for a CPU this one is not.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.backends.local import isa_probe
from desktop_app.backends.local.cpu_variants import (
    FORCE_ENV,
    VARIANT_FEATURES,
    cpu_backend_lines,
    library_name,
    select,
    variant_libraries,
)
from desktop_app.backends.local.protocol import BuildInfo
from desktop_app.backends.local.variant_probe import run_probe

X86_LINUX = isa_probe.X86_64 and sys.platform.startswith("linux")
AVX512_XCR0 = 0xE7
AMX_XCR0 = 0x602E7


def libraries(*names: str) -> dict[str, Path]:
    return {name: Path(library_name(f"cpu-{name}")) for name in names}


def results(scores: dict[str, int], ran: tuple[str, ...], **extra) -> dict:
    found: dict = {f"score:{name}": ("ok", score) for name, score in scores.items()}
    found.update({f"run:{feature}": ("ok", None) for feature in ran})
    found["xcr0"] = ("ok", extra.pop("xcr0", AMX_XCR0))
    found.update(extra)
    return found


ALL_FEATURES = tuple(isa_probe.ROUTINES)


def test_the_best_scored_variant_whose_instructions_ran_is_chosen() -> None:
    libs = libraries("x64", "haswell", "icelake", "sapphirerapids")
    scores = {"x64": 1, "haswell": 64, "icelake": 1500, "sapphirerapids": 3900}
    choice = select(libs, results(scores, ALL_FEATURES))
    assert choice.name == "sapphirerapids"
    assert choice.library == library_name("cpu-sapphirerapids")
    assert "checked in separate processes" in choice.reason
    assert choice.fallback_names == ["icelake", "haswell", "x64"]


def test_a_variant_whose_amx_trapped_is_never_chosen() -> None:
    """The hazard this exists for: CPUID promises AMX, the machine traps it."""
    libs = libraries("x64", "haswell", "icelake", "sapphirerapids")
    scores = {"x64": 1, "haswell": 64, "icelake": 1500, "sapphirerapids": 3900}
    ran = tuple(f for f in ALL_FEATURES if f != "amx")
    found = results(scores, ran, **{"run:amx": ("crashed", "illegal instruction")})
    choice = select(libs, found)
    assert choice.name == "icelake"
    assert "sapphirerapids (its AMX instructions trapped (illegal instruction))" in choice.reason
    [amx] = [c for c in choice.checks if c.name == "sapphirerapids"]
    assert not amx.usable


def test_a_variant_whose_matrix_kernels_trapped_is_never_chosen() -> None:
    """The instructions ran, but the variant's own code traps (llama.cpp's AMX kernels
    as GCC 12 compiles them): the test product decides."""
    libs = libraries("x64", "zen4", "sapphirerapids")
    scores = {"x64": 1, "zen4": 1900, "sapphirerapids": 3900}
    found = results(
        scores,
        ALL_FEATURES,
        **{"work:sapphirerapids": ("crashed", "illegal instruction"), "work:zen4": ("ok", 5)},
    )
    choice = select(libs, found)
    assert choice.name == "zen4"
    assert "sapphirerapids (its matrix kernels trapped in a test product" in choice.reason
    failed = results(scores, ALL_FEATURES, **{"work:zen4": ("error", "OSError: no backend")})
    assert select(libs, failed).name == "sapphirerapids"
    [zen4] = [c for c in select(libs, failed).checks if c.name == "zen4"]
    assert "failed in a test product: OSError: no backend" in zen4.note


def test_registers_the_os_left_off_and_a_refused_amx_permission() -> None:
    libs = libraries("haswell", "skylakex", "sapphirerapids")
    scores = {"haswell": 64, "skylakex": 200, "sapphirerapids": 3900}
    avx2_only = ("sse42", "avx", "f16c", "fma", "avx2", "bmi2")
    choice = select(libs, results(scores, avx2_only, xcr0=0x7))
    assert choice.name == "haswell"
    assert "has not enabled AVX-512 registers (XCR0 0x7)" in choice.reason
    refused = results(
        scores,
        tuple(f for f in ALL_FEATURES if f != "amx"),
        xcr0=AVX512_XCR0 | 0x60000,
        **{"run:amx": ("error", "OSError: the kernel refused AMX tile state (arch_prctl)")},
    )
    choice = select(libs, refused)
    assert choice.name == "skylakex"
    assert "refused AMX tile state" in choice.reason


def test_not_for_this_cpu_unknown_excluded_and_forced() -> None:
    libs = libraries("x64", "haswell", "skylakex", "graniterapids")
    scores = {"x64": 1, "haswell": 64, "skylakex": 0, "graniterapids": 9000}
    found = results(scores, ALL_FEATURES)
    choice = select(libs, found)
    notes = {c.name: c.note for c in choice.checks}
    assert notes["skylakex"] == "not for this CPU (CPUID)"
    if isa_probe.X86_64:
        assert choice.name == "haswell"  # an x86 variant this app cannot check is skipped
        assert "unknown to this app version" in notes["graniterapids"]
    # a variant that killed the worker with an illegal instruction is left out next time
    assert select(libs, found, frozenset({"haswell", "graniterapids"})).name == "x64"
    forced = select(libs, found, forced="x64")
    assert (forced.name, forced.forced, forced.fallback_names) == ("x64", True, [])
    assert FORCE_ENV in forced.reason
    with pytest.raises(ValueError, match="names no CPU variant"):
        select(libs, found, forced="pentium")


def test_when_nothing_could_be_checked_the_lowest_level_is_used() -> None:
    libs = libraries("x64", "haswell")
    choice = select(libs, {"probe": ("error", "the check process did not start")})
    assert choice.name == "x64"
    assert "the safe lowest level: the check process did not start" in choice.reason


def test_every_x86_variant_of_llama_cpp_is_known() -> None:
    """The names and features of ggml/src/CMakeLists.txt's ggml_add_cpu_backend_variant."""
    assert set(VARIANT_FEATURES) >= {"x64", "haswell", "skylakex", "icelake", "sapphirerapids"}
    for features in VARIANT_FEATURES.values():
        assert set(features) <= set(isa_probe.ROUTINES)


def test_variant_libraries_are_found_by_ggml_s_own_naming(tmp_path) -> None:
    for name in ("libggml-cpu-haswell.so", "libggml-cpu-x64.so", "libggml-base.so"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "libggml-cpu-haswell.so.0").write_bytes(b"")  # versioned copies are ignored
    if sys.platform != "win32":
        assert sorted(variant_libraries(tmp_path)) == ["haswell", "x64"]
    assert variant_libraries(tmp_path / "missing") == {}
    assert variant_libraries(None) == {}


def test_doctor_lines_for_both_kinds_of_build() -> None:
    built_in = BuildInfo("0.3.36", False, "CPU : AVX2 = 1", 2)
    assert "built in" in cpu_backend_lines(built_in)[0]
    assert "-DGGML_CPU_ALL_VARIANTS=ON" in cpu_backend_lines(built_in)[0]
    chosen = BuildInfo(
        "0.3.36",
        False,
        "CPU : AVX512 = 1",
        2,
        cpu_library="libggml-cpu-icelake.so",
        cpu_variant="icelake (AVX-512 VBMI, AVX-512 VNNI)",
        cpu_reason="the highest-scored of ...",
        cpu_variants=14,
    )
    first, why = cpu_backend_lines(chosen)
    assert first.startswith("CPU backend: icelake (AVX-512 VBMI, AVX-512 VNNI), chosen at run")
    assert "14 variants" in first
    assert why == "  why: the highest-scored of ..."


# -- the probe, for real -------------------------------------------------------------------


@pytest.mark.skipif(not isa_probe.X86_64, reason="the instruction probe is x86-64 only")
def test_the_probe_runs_each_family_this_cpu_claims_in_a_child(tmp_path) -> None:
    """With no library at all the child still reads XCR0; with a library claiming
    every family it runs each routine, and a trap would show as 'crashed'."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to make a stand-in variant library")
    library = fake_library(tmp_path, cc, "all", "return 100;")
    probe = run_probe({"sapphirerapids": library}, VARIANT_FEATURES)
    assert probe["xcr0"][0] == "ok"
    assert probe["score:sapphirerapids"] == ("ok", 100)
    claimed = set(VARIANT_FEATURES["sapphirerapids"])
    tried = {key.removeprefix("run:") for key in probe if key.startswith("run:")}
    xcr0 = probe["xcr0"][1]
    enabled = {
        f
        for f in claimed
        if xcr0 & isa_probe.XCR0_NEEDS.get(f, 0) == isa_probe.XCR0_NEEDS.get(f, 0)
    }
    assert tried == enabled
    for feature in tried:
        assert probe[f"run:{feature}"][0] in ("ok", "crashed", "error"), feature
    if X86_LINUX and "run:amx" in probe:
        # this machine's AMX: executes once the kernel granted the tile state
        assert probe["run:amx"][0] in ("ok", "error"), probe["run:amx"]


@pytest.mark.skipif(sys.platform == "win32", reason="builds an ELF/Mach-O stand-in library")
def test_a_library_that_traps_kills_only_the_probe_child(tmp_path) -> None:
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to make a stand-in variant library")
    good = fake_library(tmp_path, cc, "good", "return 64;")
    trap = fake_library(tmp_path, cc, "trap", "__builtin_trap(); return 1;")
    probe = run_probe({"haswell": good, "skylakex": trap, "x64": good}, VARIANT_FEATURES)
    assert probe["score:skylakex"][0] == "crashed"
    assert probe["score:skylakex"][1] in ("illegal instruction", signal.Signals.SIGTRAP.name)
    assert probe["score:haswell"] == ("ok", 64)
    assert probe["score:x64"] == ("ok", 64)  # the probe went on after the crash
    choice = select({"haswell": good, "skylakex": trap, "x64": good}, probe)
    assert choice.name in ("haswell", "x64")
    [crashed] = [c for c in choice.checks if c.name == "skylakex"]
    assert "crashed the check" in crashed.note


def fake_library(folder: Path, cc: str, name: str, body: str) -> Path:
    source = folder / f"{name}.c"
    source.write_text(f"int ggml_backend_score(void) {{ {body} }}\n")
    library = folder / library_name(f"cpu-{name}")
    subprocess.run([cc, "-shared", "-fPIC", "-o", str(library), str(source)], check=True)
    return library
