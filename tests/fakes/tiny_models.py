"""Random-weight Qwen2.5-VL GGUF pairs, written with the PyPI ``gguf`` package.

There are no real weights on a test machine, and none are needed: llama.cpp runs the
same code path (model load, vision encode, image prefill, decode) for random weights as
for trained ones, the text is just noise. The shapes are parameters, so the same writer
makes the few-hundred-KB pairs the tests use and the 3B-shaped pair the benchmark uses
(:mod:`tests.fakes.bench_models`).

What llama.cpp's loaders require is in shared/local-model.md. Tensors are written one at
a time (header, metadata and tensor infos first, then the data), so even a 3B-shaped
file never needs its weights in memory at once. K-quantized files are made with
``llama_cpp.llama_model_quantize`` (``gguf`` cannot write K-quants), in a subprocess so
the test process never loads llama.cpp itself.

    python -m tests.fakes.tiny_models DIR     # writes the test pairs into DIR
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from gguf import GGML_QUANT_SIZES, GGMLQuantizationType, GGUFValueType, GGUFWriter
from gguf.quants import quant_shape_to_byte_shape
from gguf.quants import quantize as gguf_quantize

from desktop_app.backends.local.cpu_variants import plain_llama_env

# Bump when the writer changes so cached pairs are rewritten.
WRITER_VERSION = 4
SPECIAL_TOKENS = (
    "<|endoftext|>",
    "<|im_start|>",
    "<|im_end|>",
    "<|vision_start|>",
    "<|vision_end|>",
    "<|vision_pad|>",
    "<|image_pad|>",
    "<|video_pad|>",
)
# A few real-looking merges so the BPE tokenizer has work to do.
MERGES = (
    ("Ġ", "a"),
    ("Ġ", "t"),
    ("h", "e"),
    ("i", "n"),
    ("r", "e"),
    ("o", "n"),
    ("Ġt", "he"),
    ("e", "r"),
    ("a", "t"),
    ("Ġ", "s"),
    ("e", "n"),
    ("o", "r"),
    ("Ġ", "c"),
    ("a", "n"),
    ("Ġ", "w"),
    ("i", "s"),
)
QWEN25VL_TEMPLATE = (
    "{% for message in messages %}{% if loop.first and message['role'] != 'system' %}"
    "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n{% endif %}"
    "<|im_start|>{{ message['role'] }}\n{% if message['content'] is string %}"
    "{{ message['content'] }}<|im_end|>\n{% else %}{% for content in message['content'] %}"
    "{% if content['type'] == 'image' or 'image' in content or 'image_url' in content %}"
    "<|vision_start|><|image_pad|><|vision_end|>{% elif 'text' in content %}"
    "{{ content['text'] }}{% endif %}{% endfor %}<|im_end|>\n{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)
# llama.cpp's llama_ftype values
FTYPE_MOSTLY_F16 = 1
FTYPE_MOSTLY_Q8_0 = 7
FTYPE_MOSTLY_Q4_K_M = 15
# general.file_type for a projector of each weight type (llama_ftype)
FILE_TYPES = {
    GGMLQuantizationType.F16: FTYPE_MOSTLY_F16,
    GGMLQuantizationType.Q8_0: FTYPE_MOSTLY_Q8_0,
    GGMLQuantizationType.Q4_0: 2,
    GGMLQuantizationType.Q4_1: 3,
    GGMLQuantizationType.Q5_0: 8,
    GGMLQuantizationType.Q5_1: 9,
    GGMLQuantizationType.BF16: 32,
}


@dataclass(frozen=True)
class ModelShape:
    """The dimensions of a Qwen2.5-VL pair (text model + vision projector)."""

    hidden: int = 256
    layers: int = 2
    heads: int = 4
    kv_heads: int = 2
    ffn: int = 256
    # rope sections: 4 values summing to head_dim / 2 (Qwen2.5-VL: [16, 24, 24, 0])
    rope_sections: tuple[int, int, int, int] = (8, 12, 12, 0)
    context_length: int = 8192
    # extra vocabulary rows beyond bytes + merges + specials (the real model: 151936)
    vocab_size: int = 0
    vision_hidden: int = 64
    vision_layers: int = 2
    vision_heads: int = 2
    vision_ffn: int = 128
    vision_image_size: int = 560
    full_attention_every: int = 2  # n_wa_pattern: window attention except every Nth layer
    name: str = "tiny"

    @property
    def head_dim(self) -> int:
        return self.hidden // self.heads


TINY = ModelShape()
# The real Qwen2.5-VL-3B-Instruct: the same compute with random weights.
QWEN25VL_3B = ModelShape(
    hidden=2048,
    layers=36,
    heads=16,
    kv_heads=2,
    ffn=11008,
    rope_sections=(16, 24, 24, 0),
    context_length=128000,
    vocab_size=151936,
    vision_hidden=1280,
    vision_layers=32,
    vision_heads=16,
    vision_ffn=3420,
    vision_image_size=560,
    full_attention_every=8,
    name="qwen2.5-vl-3b-shaped",
)


@dataclass(frozen=True)
class ModelPair:
    model: Path
    mmproj: Path


# -- tokenizer ---------------------------------------------------------------------


def _byte_tokens() -> list[str]:
    """GPT-2's byte-to-unicode table: the 256 byte tokens of a byte-level BPE vocab."""
    printable = [
        *range(ord("!"), ord("~") + 1),
        *range(ord("¡"), ord("¬") + 1),
        *range(ord("®"), ord("ÿ") + 1),
    ]
    mapping: dict[int, str] = {b: chr(b) for b in printable}
    extra = 0
    for byte in range(256):
        if byte not in mapping:
            mapping[byte] = chr(256 + extra)
            extra += 1
    return [mapping[b] for b in range(256)]


def vocabulary(
    shape: ModelShape, filler: Callable[[int], str] | None = None
) -> tuple[list[str], list[int], list[str]]:
    """(tokens, token types, merges): bytes, merged pairs, padding, then the specials.

    ``filler`` names the padding tokens (default ``<|pad_N|>``): word-like names make a
    vocabulary whose tokens a grammar has to look into, as it does a real one's.
    """
    tokens = _byte_tokens()
    merges = []
    for left, right in MERGES:
        tokens.append(left + right)
        merges.append(f"{left} {right}")
    padding = max(0, shape.vocab_size - len(tokens) - len(SPECIAL_TOKENS))
    tokens.extend((filler or _pad_token)(i) for i in range(padding))
    types = [1] * len(tokens)  # NORMAL
    tokens.extend(SPECIAL_TOKENS)
    types.extend([3] * len(SPECIAL_TOKENS))  # CONTROL
    return tokens, types, merges


def _pad_token(index: int) -> str:
    return f"<|pad_{index}|>"


# -- writing -------------------------------------------------------------------------

TensorSource = Callable[[], np.ndarray]


class _StreamingWriter:
    """Declares every tensor first, then generates and writes them one by one."""

    def __init__(self, path: Path, arch: str, seed: int, omit: frozenset[str]) -> None:
        self.writer = GGUFWriter(path, arch)
        self.path = path
        self.rng = np.random.default_rng(seed)
        self.sources: list[TensorSource] = []
        self.omit = omit

    def tensor(
        self,
        name: str,
        shape: tuple[int, ...],
        *,
        fill: float | None = None,
        quant: GGMLQuantizationType | None = None,
    ) -> None:
        """A float tensor; numpy shape order (rows last = ggml's ne[0] is shape[-1]).

        ``quant``: store a matrix in that type (gguf's own quantizer) when its rows are
        whole blocks; others stay F16, as llama.cpp's converter leaves them.
        """
        if name in self.omit:
            return
        dtype = np.float32 if len(shape) == 1 else np.float16
        count = int(np.prod(shape))
        std = 0.02 if len(shape) > 1 else 0.01
        block = GGML_QUANT_SIZES[quant][0] if quant is not None else 0
        if quant is not None and len(shape) == 2 and shape[-1] % block == 0:
            byte_shape = quant_shape_to_byte_shape(shape, quant)
            nbytes = int(np.prod(byte_shape))
            self.writer.add_tensor_info(name, byte_shape, np.dtype(np.uint8), nbytes, quant)
            self.sources.append(lambda: gguf_quantize(self._noise(shape, std), quant))
            return
        self.writer.add_tensor_info(name, shape, np.dtype(dtype), count * np.dtype(dtype).itemsize)

        def make() -> np.ndarray:
            if fill is not None:
                return np.full(shape, fill, dtype=dtype)
            if dtype is np.float16:
                return _random_rows(self.rng, shape, std)
            return (self.rng.standard_normal(shape, dtype=np.float32) * std).astype(dtype)

        self.sources.append(make)

    def _noise(self, shape: tuple[int, ...], std: float) -> np.ndarray:
        return _random_rows(self.rng, shape, std).astype(np.float32)

    def write(self) -> None:
        self.writer.write_header_to_file(self.path)
        self.writer.write_kv_data_to_file()
        self.writer.write_ti_data_to_file()
        for make in self.sources:
            self.writer.write_tensor_data(make())
        self.writer.close()


def _random_rows(rng: np.random.Generator, shape: tuple[int, ...], std: float) -> np.ndarray:
    """Normal noise as float16, generated in float32 slices to bound peak memory."""
    out = np.empty(shape, dtype=np.float16)
    flat = out.reshape(-1)
    step = 1 << 24
    for start in range(0, flat.size, step):
        count = min(step, flat.size - start)
        flat[start : start + count] = rng.standard_normal(count, dtype=np.float32) * std
    return out


def write_text_model(
    path: Path,
    shape: ModelShape = TINY,
    seed: int = 1,
    omit: frozenset[str] = frozenset(),
    *,
    filler: Callable[[int], str] | None = None,
) -> Path:
    """The language model half: ``general.architecture = qwen2vl``.

    ``omit`` leaves tensors out, for tests of files llama.cpp refuses to load;
    ``filler`` names the padding tokens (see :func:`vocabulary`).
    """
    out = _StreamingWriter(path, "qwen2vl", seed, omit)
    w = out.writer
    arch = "qwen2vl"
    w.add_name(f"Qwen2.5-VL {shape.name} (random weights)")
    w.add_file_type(FTYPE_MOSTLY_F16)
    w.add_uint32(f"{arch}.context_length", shape.context_length)
    w.add_uint32(f"{arch}.embedding_length", shape.hidden)
    w.add_uint32(f"{arch}.block_count", shape.layers)
    w.add_uint32(f"{arch}.feed_forward_length", shape.ffn)
    w.add_uint32(f"{arch}.attention.head_count", shape.heads)
    w.add_uint32(f"{arch}.attention.head_count_kv", shape.kv_heads)
    w.add_float32(f"{arch}.rope.freq_base", 1_000_000.0)
    w.add_float32(f"{arch}.attention.layer_norm_rms_epsilon", 1e-6)
    w.add_key_value(
        f"{arch}.rope.dimension_sections",
        list(shape.rope_sections),
        GGUFValueType.ARRAY,
        GGUFValueType.INT32,
    )
    tokens, types, merges = vocabulary(shape, filler)
    w.add_string("tokenizer.ggml.model", "gpt2")
    w.add_string("tokenizer.ggml.pre", "qwen2")
    w.add_array("tokenizer.ggml.tokens", tokens)
    w.add_array("tokenizer.ggml.token_type", types)
    w.add_array("tokenizer.ggml.merges", merges)
    w.add_uint32("tokenizer.ggml.eos_token_id", tokens.index("<|im_end|>"))
    w.add_uint32("tokenizer.ggml.padding_token_id", tokens.index("<|endoftext|>"))
    w.add_uint32("tokenizer.ggml.bos_token_id", tokens.index("<|endoftext|>"))
    w.add_bool("tokenizer.ggml.add_bos_token", False)
    w.add_string("tokenizer.chat_template", QWEN25VL_TEMPLATE)

    hidden, kv_dim = shape.hidden, shape.kv_heads * shape.head_dim
    out.tensor("token_embd.weight", (len(tokens), hidden))
    out.tensor("output_norm.weight", (hidden,), fill=1.0)
    for i in range(shape.layers):
        block = f"blk.{i}"
        out.tensor(f"{block}.attn_norm.weight", (hidden,), fill=1.0)
        out.tensor(f"{block}.attn_q.weight", (hidden, hidden))
        out.tensor(f"{block}.attn_q.bias", (hidden,))
        out.tensor(f"{block}.attn_k.weight", (kv_dim, hidden))
        out.tensor(f"{block}.attn_k.bias", (kv_dim,))
        out.tensor(f"{block}.attn_v.weight", (kv_dim, hidden))
        out.tensor(f"{block}.attn_v.bias", (kv_dim,))
        out.tensor(f"{block}.attn_output.weight", (hidden, hidden))
        out.tensor(f"{block}.ffn_norm.weight", (hidden,), fill=1.0)
        out.tensor(f"{block}.ffn_gate.weight", (shape.ffn, hidden))
        out.tensor(f"{block}.ffn_up.weight", (shape.ffn, hidden))
        out.tensor(f"{block}.ffn_down.weight", (hidden, shape.ffn))
    out.write()
    return path


def write_projector(
    path: Path,
    shape: ModelShape = TINY,
    seed: int = 2,
    omit: frozenset[str] = frozenset(),
    weights: GGMLQuantizationType = GGMLQuantizationType.F16,
) -> Path:
    """The vision half (mmproj): ``clip`` with the ``qwen2.5vl_merger`` projector.

    ``weights``: the type of its matrices (F16 as published; Q8_0 as ggml-org's
    quantized projectors; any type gguf can write). The patch embedding stays F16 and
    norms and biases F32, as llama.cpp's converter writes them.
    """
    out = _StreamingWriter(path, "clip", seed, omit)
    q = None if weights == GGMLQuantizationType.F16 else weights
    w = out.writer
    w.add_name(f"Qwen2.5-VL {shape.name} vision (random weights)")
    w.add_string("general.type", "mmproj")
    w.add_file_type(FILE_TYPES.get(weights, FTYPE_MOSTLY_F16))
    w.add_bool("clip.has_vision_encoder", True)
    w.add_bool("clip.has_text_encoder", False)
    w.add_string("clip.projector_type", "qwen2.5vl_merger")
    w.add_bool("clip.use_silu", True)
    w.add_bool("clip.use_gelu", False)
    v = shape.vision_hidden
    w.add_uint32("clip.vision.projection_dim", shape.hidden)
    w.add_uint32("clip.vision.image_size", shape.vision_image_size)
    w.add_uint32("clip.vision.patch_size", 14)
    w.add_uint32("clip.vision.embedding_length", v)
    w.add_uint32("clip.vision.feed_forward_length", shape.vision_ffn)
    w.add_uint32("clip.vision.block_count", shape.vision_layers)
    w.add_uint32("clip.vision.attention.head_count", shape.vision_heads)
    w.add_float32("clip.vision.attention.layer_norm_epsilon", 1e-6)
    w.add_array("clip.vision.image_mean", list(CLIP_MEAN))
    w.add_array("clip.vision.image_std", list(CLIP_STD))
    w.add_uint32("clip.vision.n_wa_pattern", shape.full_attention_every)

    out.tensor("v.patch_embd.weight", (v, 3, 14, 14))
    out.tensor("v.patch_embd.weight.1", (v, 3, 14, 14))
    for i in range(shape.vision_layers):
        block = f"v.blk.{i}"
        out.tensor(f"{block}.ln1.weight", (v,), fill=1.0)
        out.tensor(f"{block}.ln2.weight", (v,), fill=1.0)
        for name in ("attn_q", "attn_k", "attn_v", "attn_out"):
            out.tensor(f"{block}.{name}.weight", (v, v), quant=q)
            out.tensor(f"{block}.{name}.bias", (v,))
        out.tensor(f"{block}.ffn_gate.weight", (shape.vision_ffn, v), quant=q)
        out.tensor(f"{block}.ffn_gate.bias", (shape.vision_ffn,))
        out.tensor(f"{block}.ffn_up.weight", (shape.vision_ffn, v), quant=q)
        out.tensor(f"{block}.ffn_up.bias", (shape.vision_ffn,))
        out.tensor(f"{block}.ffn_down.weight", (v, shape.vision_ffn), quant=q)
        out.tensor(f"{block}.ffn_down.bias", (v,))
    out.tensor("v.post_ln.weight", (v,), fill=1.0)
    merged = 4 * v  # 2x2 spatial merge
    out.tensor("mm.0.weight", (merged, merged), quant=q)
    out.tensor("mm.0.bias", (merged,))
    out.tensor("mm.2.weight", (shape.hidden, merged), quant=q)
    out.tensor("mm.2.bias", (shape.hidden,))
    out.write()
    return path


# -- quantizing (llama.cpp, in a subprocess) ----------------------------------------

_QUANTIZE = """
import ctypes, sys, llama_cpp
params = llama_cpp.llama_model_quantize_default_params()
params.ftype = int(sys.argv[3])
params.nthread = 2
code = llama_cpp.llama_model_quantize(
    sys.argv[1].encode(), sys.argv[2].encode(), ctypes.byref(params)
)
sys.exit(code)
"""


def quantize(source: Path, target: Path, ftype: int = FTYPE_MOSTLY_Q4_K_M) -> Path:
    """Quantize with llama.cpp's own quantizer (what makes the real Q4_K_M files)."""
    partial = target.with_suffix(".partial")
    result = subprocess.run(
        [sys.executable, "-c", _QUANTIZE, str(source), str(partial), str(ftype)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **plain_llama_env()},  # an all-variants build's CPU backend
    )
    if result.returncode != 0 or not partial.exists():
        raise RuntimeError(f"quantizing {source.name} failed:\n{result.stderr[-2000:]}")
    partial.replace(target)
    return target


# -- the cached test pairs -----------------------------------------------------------


def _stamp(folder: Path) -> Path:
    return folder / "tiny-models.json"


def tiny_pairs(folder: Path) -> dict[str, ModelPair]:
    """The test pairs in ``folder``, written on first use: F16, Q4_K_M (with the F16
    projector) and Q4_K_M with a Q8_0 projector (the catalog's default shape)."""
    folder.mkdir(parents=True, exist_ok=True)
    pairs = {
        "f16": ModelPair(
            folder / "tiny-qwen25vl-f16.gguf", folder / "mmproj-tiny-qwen25vl-f16.gguf"
        ),
        "q4_k_m": ModelPair(
            folder / "tiny-qwen25vl-Q4_K_M.gguf", folder / "mmproj-tiny-qwen25vl-f16.gguf"
        ),
        "q8_0_projector": ModelPair(
            folder / "tiny-qwen25vl-Q4_K_M.gguf", folder / "mmproj-tiny-qwen25vl-Q8_0.gguf"
        ),
    }
    wanted = {"version": WRITER_VERSION, "shape": asdict(TINY)}
    stamp = _stamp(folder)
    fresh = stamp.exists() and json.loads(stamp.read_text()) == json.loads(json.dumps(wanted))
    if fresh and all(p.model.exists() and p.mmproj.exists() for p in pairs.values()):
        return pairs
    write_text_model(pairs["f16"].model)
    write_projector(pairs["f16"].mmproj)
    write_projector(pairs["q8_0_projector"].mmproj, weights=GGMLQuantizationType.Q8_0)
    quantize(pairs["f16"].model, pairs["q4_k_m"].model)
    stamp.write_text(json.dumps(wanted))
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    for name, pair in tiny_pairs(args.folder).items():
        print(f"{name}: {pair.model} ({pair.model.stat().st_size} B) + {pair.mmproj}")
    return 0


def iter_tensor_names(path: Path) -> Iterator[str]:
    """Names of the tensors in a GGUF file (for tests that check what was written)."""
    from gguf import GGUFReader

    for tensor in GGUFReader(path).tensors:
        yield tensor.name


def tensor_types(path: Path) -> set[GGMLQuantizationType]:
    from gguf import GGUFReader

    return {GGMLQuantizationType(t.tensor_type) for t in GGUFReader(path).tensors}


if __name__ == "__main__":
    sys.exit(main())
