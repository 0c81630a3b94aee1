"""What this CPU and operating system really execute, asked in a throw-away process.

llama.cpp's all-variants build carries one CPU backend library per instruction-set
level and picks one by asking the CPU (CPUID) what it supports. CPUID is not the whole
truth: an operating system must also enable the register state (XCR0), Linux hands
out AMX tile state only on request, and a virtual machine can advertise instructions
it then traps. A backend chosen on CPUID alone can therefore die with an illegal
instruction on its first matrix product.

So the app asks by doing: a child process runs one tiny machine-code routine per
instruction family a variant needs (an AVX-512 add, a VNNI dot product, an AMX tile
multiply...) and reports each one that came back. An instruction that traps kills
only the child; the parent (:mod:`.cpu_variants`) sees which check was running, marks
it failed and asks again without it. The child also reads XCR0 and asks ggml's own
score of every variant library (its CPUID check), without loading any of them as a
backend. Nothing here runs in the app's own process.
"""

from __future__ import annotations

import ctypes
import mmap
import os
import platform
import sys
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from pathlib import Path

WINDOWS = sys.platform == "win32"
X86_64 = platform.machine().lower() in ("x86_64", "amd64")

# x86-64 routines (assembled with GNU as, Intel syntax), each ending in vzeroupper/ret.
# They touch only registers that are volatile in both the System V and Windows ABIs.
_RET = "c3"
_VZEROUPPER = "c5f877"
ROUTINES: dict[str, str] = {
    "sse42": "f20f38f1c0" + _RET,  # crc32 eax, eax
    "avx": "c5fc57c0" + _VZEROUPPER + _RET,  # vxorps ymm0, ymm0, ymm0
    "f16c": "c4e27d13c0" + _VZEROUPPER + _RET,  # vcvtph2ps ymm0, xmm0
    "fma": "c4e27db8c0" + _VZEROUPPER + _RET,  # vfmadd231ps ymm0, ymm0, ymm0
    "avx2": "c5fdfec0" + _VZEROUPPER + _RET,  # vpaddd ymm0, ymm0, ymm0
    "bmi2": "c4e2fbf5c0" + _RET,  # pdep rax, rax, rax
    # kxnorw k1; vpaddd zmm0{k1} (F); vpconflictd (CD); vpmullq (DQ); vpaddb (BW);
    # vpaddd xmm16 (VL: EVEX on a 128-bit register)
    "avx512": "c5f446c9" + "62f17d49fec0" + "62f27d48c4c0" + "62f2fd4840c0"
    "62f17d48fcc0" + "62a17d00fec0" + _VZEROUPPER + _RET,
    "avx512_vbmi": "62f27d488dc0" + _VZEROUPPER + _RET,  # vpermb zmm0, zmm0, zmm0
    "avx512_vnni": "62f27d4850c0" + _VZEROUPPER + _RET,  # vpdpbusd zmm0, zmm0, zmm0
    "avx512_bf16": "62f27e4852c0" + _VZEROUPPER + _RET,  # vdpbf16ps zmm0, zmm0, zmm0
    "avx_vnni": "c4e27d50c0" + _VZEROUPPER + _RET,  # {vex} vpdpbusd ymm0, ymm0, ymm0
    # ldtilecfg [rdi]; tilezero tmm0-2; tdpbssd tmm0, tmm1, tmm2; tilerelease
    "amx": "c4e2784907" + "c4e27b49c0" + "c4e27b49c8" + "c4e27b49d0" + "c4e26b5ec1"
    "c4e27849c0" + _RET,
}
# Windows passes the first argument in rcx, and rdi is callee-saved there.
_WINDOWS_AMX = "57" + "4889cf" + ROUTINES["amx"][:-2] + "5f" + _RET
XGETBV = "31c9" + "0f01d0" + "48c1e220" + "4809d0" + _RET  # xor ecx,ecx; xgetbv; rdx:rax
# XCR0 bits the operating system must have enabled for each family's registers.
XCR0_NEEDS: dict[str, int] = {
    "avx": 0x6,
    "f16c": 0x6,
    "fma": 0x6,
    "avx2": 0x6,
    "avx_vnni": 0x6,
    "avx512": 0xE6,
    "avx512_vbmi": 0xE6,
    "avx512_vnni": 0xE6,
    "avx512_bf16": 0xE6,
    "amx": 0x60000,
}
ARCH_REQ_XCOMP_PERM = 0x1023
XFEATURE_XTILEDATA = 18
SYS_ARCH_PRCTL = 158


class _Executable:
    """A page of executable memory holding one routine, callable through ctypes."""

    def __init__(self, code: bytes) -> None:
        self._keep: object
        if WINDOWS:
            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            kernel32.VirtualAlloc.restype = ctypes.c_void_p
            kernel32.VirtualAlloc.argtypes = (
                ctypes.c_void_p,
                ctypes.c_size_t,
                ctypes.c_ulong,
                ctypes.c_ulong,
            )
            address = kernel32.VirtualAlloc(None, 4096, 0x3000, 0x40)  # RWX
            if not address:
                raise OSError("VirtualAlloc refused executable memory")
            ctypes.memmove(address, code, len(code))
            self._keep = address
        else:
            prot = mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC
            page = mmap.mmap(-1, 4096, prot=prot)
            page.write(code)
            address = ctypes.addressof(ctypes.c_char.from_buffer(page))
            self._keep = page
        self.address = address

    def call(self, restype: type | None, *arguments: object) -> int:
        """Run the routine (the page stays mapped: ``self`` lives through the call)."""
        argtypes = [ctypes.c_void_p] * len(arguments)
        function = ctypes.CFUNCTYPE(restype, *argtypes)(self.address)
        return int(function(*arguments) or 0)


def read_xcr0() -> int:
    """The register state the operating system enabled (XCR0)."""
    return _Executable(bytes.fromhex(XGETBV)).call(ctypes.c_uint64)


def request_amx() -> bool:
    """Linux gives AMX tile state to a process only when it asks (what ggml does too)."""
    if not sys.platform.startswith("linux"):
        return True
    libc = ctypes.CDLL(None, use_errno=True)
    result = libc.syscall(SYS_ARCH_PRCTL, ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)
    return int(result) == 0


def run_routine(feature: str) -> None:
    """Execute ``feature``'s routine; an unsupported instruction ends this process."""
    if feature == "amx":
        if not request_amx():
            raise OSError("the kernel refused AMX tile state (arch_prctl)")
        config = (ctypes.c_uint8 * 64)()
        config[0] = 1  # palette 1; tiles 0-2: 16 rows of 64 bytes
        for tile in range(3):
            config[16 + 2 * tile] = 64
            config[48 + tile] = 16
        code = _WINDOWS_AMX if WINDOWS else ROUTINES["amx"]
        _Executable(bytes.fromhex(code)).call(None, ctypes.addressof(config))
        return
    _Executable(bytes.fromhex(ROUTINES[feature])).call(None)


def ggml_score(library: Path) -> int:
    """ggml's own CPUID score for a variant library (0: not for this CPU).

    Loading the library runs no backend code: ggml's score function only reads CPUID.
    """
    handle = ctypes.CDLL(str(library))
    score = handle.ggml_backend_score
    score.restype = ctypes.c_int
    score.argtypes = ()
    return int(score())


def probe_child(
    conn: Connection,
    libraries: dict[str, str],
    known: dict[str, tuple[str, ...]],
    skip: list[str],
    base: str = "",
) -> None:
    """The child's whole job: report XCR0, each variant's score, each routine that ran.

    Routines run only for the variants ggml scores above zero (the CPU claims their
    instructions) and whose registers XCR0 enables. Every step is announced before it
    is tried, so a parent that sees this process die knows which step killed it.
    """
    results: dict[str, object] = {}

    def step(item: str, action: Callable[[], object]) -> None:
        if item in skip:
            return
        conn.send(("start", item, None))
        try:
            results[item] = action()
            conn.send(("ok", item, results[item]))
        except (OSError, AttributeError, ValueError) as exc:
            conn.send(("error", item, f"{type(exc).__name__}: {exc}"))

    if X86_64:
        step("xcr0", read_xcr0)
    if base and Path(base).is_file():  # what every variant links to; found by its name
        step("base", lambda: bool(ctypes.CDLL(base, mode=ctypes.RTLD_GLOBAL)))
    for name, path in libraries.items():
        step(f"score:{name}", lambda path=path: ggml_score(Path(path)))  # type: ignore[misc]
    claimed = [
        known[name]
        for name in libraries
        if name in known
        and isinstance(results.get(f"score:{name}"), int)
        and int(results[f"score:{name}"]) > 0  # type: ignore[call-overload]
    ]
    xcr0 = results.get("xcr0")
    for feature in needed_features(claimed):
        need = XCR0_NEEDS.get(feature, 0)
        if isinstance(xcr0, int) and xcr0 & need != need:
            continue  # its registers are off: it would only trap
        step(f"run:{feature}", lambda feature=feature: run_routine(feature))  # type: ignore[misc]
    conn.send(("done", "", None))


def kernel_child(conn: Connection, item: str, variant: str, base: str, ggml: str) -> None:
    """The child of a kernel check (:mod:`.kernel_probe`): test products with one variant."""
    from desktop_app.backends.local.kernel_probe import run_kernels

    quiet = os.open(os.devnull, os.O_WRONLY)  # ggml logs each backend and repack
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    conn.send(("start", item, None))
    try:
        conn.send(("ok", item, run_kernels(Path(variant), Path(base), Path(ggml))))
    except (OSError, AttributeError) as exc:
        conn.send(("error", item, f"{type(exc).__name__}: {exc}"))
    conn.send(("done", "", None))


def needed_features(variant_features: Iterable[tuple[str, ...]]) -> list[str]:
    """Every feature some variant needs, in the order the routines are tried."""
    wanted = {feature for features in variant_features for feature in features}
    return [feature for feature in ROUTINES if feature in wanted]
