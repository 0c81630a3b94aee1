"""pip's wheel cache ignores CMAKE_ARGS: old single-level llama-cpp-python wheels go."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

from installers import llama_cache
from installers.project import PORTABLE_CPU, VARIANTS

ROOT = Path(__file__).resolve().parents[2]


def wheel(folder: Path, name: str, members: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with zipfile.ZipFile(path, "w") as archive:
        for member in members:
            archive.writestr(member, b"\x7fELF")
    return path


def test_only_wheels_without_cpu_variants_are_removed(tmp_path) -> None:
    cache = tmp_path / "pip"
    old = wheel(
        cache / "wheels" / "a7" / "aa",
        "llama_cpp_python-0.3.36-py3-none-linux_x86_64.whl",
        ["llama_cpp/lib/libllama.so", "llama_cpp/lib/libggml-cpu.so"],
    )
    new = wheel(
        cache / "wheels" / "b1" / "c2",
        "llama_cpp_python-0.3.37-py3-none-linux_x86_64.whl",
        ["llama_cpp/lib/libllama.so", "llama_cpp/lib/libggml-cpu-haswell.so"],
    )
    windows = wheel(
        cache / "wheels" / "d3",
        "llama_cpp_python-0.3.37-py3-none-win_amd64.whl",
        ["llama_cpp/lib/llama.dll", "llama_cpp/lib/ggml-cpu-haswell.dll"],
    )
    # What plain `pip install` builds: GGML_BACKEND_DL puts the levels in the wheel's bin/.
    pip_built = wheel(
        cache / "wheels" / "d4",
        "llama_cpp_python-0.3.36-py3-none-linux_x86_64.whl",
        ["llama_cpp/lib/libllama.so", "bin/libggml-cpu-haswell.so", "bin/libggml-cpu-x64.so"],
    )
    other = wheel(cache / "wheels" / "e4", "pyyaml-6.0-cp311-linux_x86_64.whl", ["yaml/x.so"])
    (cache / "wheels" / "f5").mkdir(parents=True)
    broken = cache / "wheels" / "f5" / "llama_cpp_python-0.3.1-py3-none-any.whl"
    broken.write_bytes(b"not a zip")

    assert llama_cache.stale_wheels(cache) == sorted([old, broken])
    assert sorted(llama_cache.prune(cache)) == sorted([old, broken])
    assert not old.exists()
    assert not broken.exists()
    assert all(path.exists() for path in (new, windows, pip_built, other))
    assert llama_cache.prune(tmp_path / "no-cache") == []
    assert llama_cache.prune(None) == []


def test_pip_reports_its_cache_folder() -> None:
    folder = llama_cache.pip_cache_dir(sys.executable)
    assert folder is None or folder.is_absolute()


def test_the_readme_commands_prune_then_build_every_cpu_level() -> None:
    """Both set-up commands drop stale cached wheels first and pass the portable flags."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for marker in ("main-command", "test-command"):
        block = re.search(rf"<!-- {marker} -->\n```sh\n(.+?)\n```", readme, re.S)
        assert block is not None, marker
        command = block.group(1)
        assert "packaging/build.py prune-llama-cache" in command
        assert f'CMAKE_ARGS="{PORTABLE_CPU}"' in command
        assert command.index("prune-llama-cache") < command.index("pip install")
    assert VARIANTS["cpu"].cmake_args == PORTABLE_CPU
    assert VARIANTS["cuda"].cmake_args.startswith(PORTABLE_CPU)
    assert VARIANTS["vulkan"].cmake_args.startswith(PORTABLE_CPU)
