"""The :class:`Library` itself: the connections with every operation on them."""

from __future__ import annotations

from desktop_app.core.library.captions import CaptionOperations
from desktop_app.core.library.images import ImageOperations


class Library(ImageOperations, CaptionOperations):
    """Thread-safe access to the index database at ``path``.

    Any thread may read or write: reads use that thread's own connection, writes take
    turns on the one writer (see :mod:`~desktop_app.core.library.connections`)."""
