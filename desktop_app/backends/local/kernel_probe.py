"""The last check of a CPU variant: its matrix kernels, run for real in a child process.

Executing one instruction of each family proves the CPU and the operating system allow
it, not that the variant's code is right. This project's machines proved the point:
llama.cpp's AMX kernels (the sapphirerapids variant of llama-cpp-python 0.3.36, built
by GCC 12) load a tile configuration whose rows and columns the compiler optimised
away, so the first AMX tile instruction of any K-quantized model traps, on every AMX
CPU (ggml-org/llama.cpp pull request 26954). So before a variant is used, a child
process loads it as llama.cpp's CPU backend and multiplies small matrices of the
types captioning uses (Q4_K and Q6_K weights of the K-quantized models, Q8_0 and F16
of the projectors) through each of the backend's buffer types, AMX's and the repacked
ones included: exactly the kernels a caption would reach. A trap kills the child only.
"""

from __future__ import annotations

import ctypes
import struct
from pathlib import Path
from typing import Any

from desktop_app.backends.local.isa_probe import request_amx

# ggml_type values (ggml/include/ggml.h)
GGML_F32, GGML_F16, GGML_Q8_0, GGML_Q4_K, GGML_Q6_K = 0, 1, 8, 12, 14
WEIGHT_TYPES = (GGML_Q4_K, GGML_Q6_K, GGML_Q8_0, GGML_F16)
K, N, M = 512, 64, 32  # weights K x N, activations K x M: large enough for the tiled paths


class _InitParams(ctypes.Structure):
    _fields_ = (
        ("mem_size", ctypes.c_size_t),
        ("mem_buffer", ctypes.c_void_p),
        ("no_alloc", ctypes.c_bool),
    )


def _bind(lib: Any, name: str, restype: Any, *argtypes: Any) -> Any:
    function = getattr(lib, name)
    function.restype = restype
    function.argtypes = argtypes
    return function


class _Ggml:
    """The few ggml functions the check needs, from libggml-base and libggml."""

    def __init__(self, base: Path, ggml: Path) -> None:
        b = ctypes.CDLL(str(base), mode=ctypes.RTLD_GLOBAL)
        g = ctypes.CDLL(str(ggml), mode=ctypes.RTLD_GLOBAL)
        p = ctypes.c_void_p
        self.load = _bind(g, "ggml_backend_load", p, ctypes.c_char_p)
        self.init = _bind(b, "ggml_init", p, _InitParams)
        self.free = _bind(b, "ggml_free", None, p)
        self.tensor = _bind(
            b, "ggml_new_tensor_2d", p, p, ctypes.c_int, ctypes.c_int64, ctypes.c_int64
        )
        self.mul_mat = _bind(b, "ggml_mul_mat", p, p, p, p)
        self.graph = _bind(b, "ggml_new_graph", p, p)
        self.expand = _bind(b, "ggml_build_forward_expand", None, p, p)
        self.quantize = _bind(
            b,
            "ggml_quantize_chunk",
            ctypes.c_size_t,
            ctypes.c_int,
            p,
            p,
            ctypes.c_int64,
            ctypes.c_int64,
            ctypes.c_int64,
            p,
        )
        self.row_size = _bind(b, "ggml_row_size", ctypes.c_size_t, ctypes.c_int, ctypes.c_int64)
        self.alloc = _bind(b, "ggml_backend_alloc_ctx_tensors_from_buft", p, p, p)
        self.set = _bind(b, "ggml_backend_tensor_set", None, p, p, ctypes.c_size_t, ctypes.c_size_t)
        self.compute = _bind(b, "ggml_backend_graph_compute", ctypes.c_int, p, p)
        self.dev_get = _bind(b, "ggml_backend_reg_dev_get", p, p, ctypes.c_size_t)
        self.dev_init = _bind(b, "ggml_backend_dev_init", p, p, ctypes.c_char_p)
        self.default_buft = _bind(b, "ggml_backend_get_default_buffer_type", p, p)
        self.proc = _bind(b, "ggml_backend_reg_get_proc_address", p, p, ctypes.c_char_p)
        self.supports = _bind(b, "ggml_backend_dev_supports_op", ctypes.c_bool, p, p)


def run_kernels(variant: Path, base: Path, ggml: Path) -> int:
    """Multiply with every weight type through every buffer type; the number of
    products computed. Raises OSError when the backend does not load or compute."""
    api = _Ggml(base, ggml)
    if "sapphirerapids" in variant.name:
        request_amx()
    reg = api.load(str(variant).encode())
    if not reg:
        raise OSError(f"ggml could not load {variant.name}")
    device = api.dev_get(reg, 0)
    backend = api.dev_init(device, None)
    if not backend:
        raise OSError(f"{variant.name} gave no CPU backend")
    bufts = [api.default_buft(backend), *_extra_bufts(api, reg, device)]
    done = 0
    for weights in WEIGHT_TYPES:
        for buft in bufts:
            done += _one_product(api, device, backend, buft, weights)
    return done


def _extra_bufts(api: _Ggml, reg: int, device: int) -> list[int]:
    """The CPU backend's extra buffer types (AMX, repacked layouts), NULL-terminated."""
    address = api.proc(reg, b"ggml_backend_dev_get_extra_bufts")
    if not address:
        return []
    getter = ctypes.CFUNCTYPE(ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p)(address)
    array = getter(device)
    found = []
    index = 0
    while array and array[index]:
        found.append(int(array[index]))
        index += 1
    return found


def _one_product(api: _Ggml, device: int, backend: int, buft: int, weights: int) -> int:
    """weights (K x N, in ``buft``) times activations (K x M): 1 when computed, 0 when
    the backend would not put such weights in this buffer type (as llama.cpp asks it)."""
    weight_ctx = api.init(_InitParams(1 << 16, None, True))
    input_ctx = api.init(_InitParams(1 << 16, None, True))
    graph_ctx = api.init(_InitParams(16 << 20, None, False))  # the result lives here
    try:
        weight = api.tensor(weight_ctx, weights, K, N)
        activations = api.tensor(input_ctx, GGML_F32, K, M)
        product = api.mul_mat(graph_ctx, weight, activations)
        if not api.alloc(weight_ctx, buft) or not api.supports(device, product):
            return 0
        data = _weights(api, weights)
        api.set(weight, data, 0, len(data))
        if not api.alloc(input_ctx, api.default_buft(backend)):
            raise OSError("no memory for the activations")
        values = (ctypes.c_float * (K * M))(*((i % 13 - 6) / 8 for i in range(K * M)))
        api.set(activations, values, 0, ctypes.sizeof(values))
        graph = api.graph(graph_ctx)
        api.expand(graph, product)
        status = api.compute(backend, graph)
        if status != 0:
            raise OSError(f"a product with ggml type {weights} failed (status {status})")
        return 1
    finally:
        for context in (graph_ctx, input_ctx, weight_ctx):
            api.free(context)


def _weights(api: _Ggml, kind: int) -> ctypes.Array[ctypes.c_char]:
    values = (ctypes.c_float * (K * N))(*((i % 17 - 8) / 16 for i in range(K * N)))
    size = api.row_size(kind, K) * N
    out = ctypes.create_string_buffer(size)
    if kind == GGML_F16:
        packed = b"".join(struct.pack("<e", v) for v in values)
        ctypes.memmove(out, packed, size)
    else:
        api.quantize(kind, values, out, 0, N, K, None)
    return out
