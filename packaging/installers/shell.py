"""Running the build's tools: every command is echoed, and a failure stops the build."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

Command = Sequence[str | Path]


def run(
    command: Command,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    capture: bool = False,
    check: bool = True,
    timeout: float | None = None,
    echo: bool = True,
) -> subprocess.CompletedProcess[str]:
    args = [str(part) for part in command]
    if echo:
        shown = shlex.join(args)
        shown = shown if len(shown) < 300 else shown[:300] + " ..."
        print("+ " + shown, file=sys.stderr, flush=True)
    merged = {**os.environ, **env} if env is not None else None
    result = subprocess.run(
        args,
        env=merged,
        cwd=cwd,
        capture_output=capture,
        text=True,
        check=False,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        detail = (result.stderr or result.stdout or "")[-4000:] if capture else ""
        raise BuildError(f"{args[0]} failed with exit status {result.returncode}\n{detail}")
    return result


class BuildError(RuntimeError):
    """A step of the build or the smoke test failed; the message says which and why."""


def is_elf(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as handle:
        return handle.read(4) == b"\x7fELF"


def elf_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if is_elf(path))


def tree_size(folder: Path) -> int:
    """Bytes of the regular files under folder (symbolic links count for nothing)."""
    files = (path for path in folder.rglob("*") if path.is_file() and not path.is_symlink())
    return sum(path.lstat().st_size for path in files)
