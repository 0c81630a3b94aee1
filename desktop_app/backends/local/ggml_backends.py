"""Loading llama.cpp's backends in the worker: its GPU libraries and the chosen CPU variant.

With ``GGML_BACKEND_DL`` every backend is a library loaded at run time, and nothing is
loaded until someone asks. llama.cpp's fallback, ``ggml_backend_load_all()``, looks
beside the *executable* (python, or the bundle's program) and in the current folder,
not in ``llama_cpp/lib``, and would take the CPU variant with the highest CPUID score.
So the worker loads them itself, before llama.cpp or the vision code start: each GPU
backend library in the folder (one that cannot start, say CUDA without a driver, is
skipped by ggml) and then exactly the CPU variant the app chose
(:mod:`.cpu_variants`). A build without ``GGML_BACKEND_DL`` registered its backends
when it was loaded; then there is nothing to do. Worker-only: needs llama_cpp loaded.
"""

from __future__ import annotations

import ctypes
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.backends.local.cpu_variants import backend_dirs, library_name
from desktop_app.backends.local.isa_probe import request_amx

_NOT_GPU = ("base", "cpu")


@dataclass(frozen=True)
class LoadedBackends:
    dynamic: bool  # loaded at run time (GGML_BACKEND_DL), rather than built in
    cpu_library: str  # the CPU backend's file; "" when built in
    devices: tuple[str, ...]  # "CPU: <description>", "CUDA0: NVIDIA ...", ...


def ggml_functions(llama_lib: Any, lib_dir: Path) -> Any:
    """libggml's functions, from the very copy libllama uses.

    On Linux and macOS a symbol looked up through libllama's handle is searched in its
    dependencies too, so this is the libggml that libllama linked, whichever of the
    wheel's three copies of the file that was. Windows shares a DLL by name.
    """
    ggml = ctypes.CDLL(str(lib_dir / "ggml.dll")) if sys.platform == "win32" else llama_lib
    ggml.ggml_backend_load.restype = ctypes.c_void_p
    ggml.ggml_backend_load.argtypes = (ctypes.c_char_p,)
    ggml.ggml_backend_reg_count.restype = ctypes.c_size_t
    ggml.ggml_backend_dev_count.restype = ctypes.c_size_t
    ggml.ggml_backend_dev_get.restype = ctypes.c_void_p
    ggml.ggml_backend_dev_get.argtypes = (ctypes.c_size_t,)
    for name in ("ggml_backend_dev_name", "ggml_backend_dev_description"):
        getattr(ggml, name).restype = ctypes.c_char_p
        getattr(ggml, name).argtypes = (ctypes.c_void_p,)
    return ggml


def load_backends(llama_lib: Any, lib_dir: Path, cpu_library: str) -> LoadedBackends:
    """Register the GPU backends and the CPU variant (once, before any model loads)."""
    ggml = ggml_functions(llama_lib, lib_dir)
    if int(ggml.ggml_backend_reg_count()) > 0:
        return LoadedBackends(False, "", _devices(ggml))
    for path in gpu_libraries(lib_dir):
        ggml.ggml_backend_load(str(path).encode())  # NULL (and a log line) if unusable
    cpu = lib_dir / (cpu_library or library_name("cpu"))  # an absolute path stays as it is
    if "sapphirerapids" in cpu.name:
        request_amx()  # what ggml's AMX code asks for too; harmless when granted twice
    if not cpu.is_file() or not ggml.ggml_backend_load(str(cpu).encode()):
        raise RuntimeError(
            f"llama.cpp's CPU backend {cpu.name} could not be loaded from {lib_dir}: "
            "reinstall llama-cpp-python"
        )
    return LoadedBackends(True, cpu.name, _devices(ggml))


def gpu_libraries(lib_dir: Path) -> list[Path]:
    """Backend libraries other than the CPU's: ``libggml-cuda.so``, ``...-vulkan.so``."""
    prefix, suffix = library_name("X").split("X")
    found = []
    for folder in backend_dirs(lib_dir):
        for path in sorted(folder.iterdir()):
            name = path.name
            if not (name.startswith(prefix) and name.endswith(suffix)):
                continue
            backend = name[len(prefix) : len(name) - len(suffix)]
            if backend and not backend.startswith(_NOT_GPU):
                found.append(path)
    return found


def _devices(ggml: Any) -> tuple[str, ...]:
    devices = []
    for index in range(int(ggml.ggml_backend_dev_count())):
        device = ggml.ggml_backend_dev_get(index)
        name = (ggml.ggml_backend_dev_name(device) or b"").decode("utf-8", "replace")
        about = (ggml.ggml_backend_dev_description(device) or b"").decode("utf-8", "replace")
        devices.append(f"{name}: {about}" if about and about != name else name)
    return tuple(devices)
