"""Readers and writers for the places a caption lives: .txt, .xmp sidecars, embedded.

Call :func:`initialize` once on the main thread at start-up (the CLI and the GUI do),
before any worker thread reads or writes XMP.
"""

from desktop_app.metadata.exiv2_runtime import initialize

__all__ = ["initialize"]
