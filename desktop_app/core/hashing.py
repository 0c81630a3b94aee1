"""Content hashes: how the index recognises an image after a move, rename or copy."""

from __future__ import annotations

import hashlib
from pathlib import Path

CHUNK = 1 << 20


def content_hash(path: Path) -> str:
    """BLAKE2b-128 of the file's bytes, hex (fast, and collisions are not a concern)."""
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
