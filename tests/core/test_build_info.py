"""The build facts a packaged bundle carries (written by packaging/installers/bundle.py)."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app.core.build_info import PackagedBuild, packaged_build


def test_a_checkout_is_not_a_packaged_build() -> None:
    assert packaged_build() is None


def test_reads_the_bundle_facts(tmp_path: Path) -> None:
    info = tmp_path / "build-info.json"
    facts = {
        "variant": "cuda",
        "variant_title": "NVIDIA CUDA",
        "llama_cpp_python": "0.3.36",
        "built": "2025-11-22",
        "commit": "0123456789ab",
        "added_later": "ignored",
    }
    info.write_text(json.dumps(facts))
    build = packaged_build(info)
    assert build == PackagedBuild(
        variant="cuda",
        variant_title="NVIDIA CUDA",
        llama_cpp_python="0.3.36",
        built="2025-11-22",
        commit="0123456789ab",
    )
    assert build.summary() == (
        "NVIDIA CUDA build, llama-cpp-python 0.3.36, packaged 2025-11-22, commit 0123456789ab"
    )


def test_an_unreadable_file_is_no_build(tmp_path: Path) -> None:
    info = tmp_path / "build-info.json"
    info.write_text("{not json")
    assert packaged_build(info) is None
    info.write_text("[1, 2]")
    assert packaged_build(info) is None
