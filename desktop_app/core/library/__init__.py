"""The library index: the app's memory of every image, caption and error.

SQLite in WAL mode, in platformdirs' user data directory. One writer connection
(serialised by a lock, so any thread may write but only one at a time) and one
read-only connection per reading thread: readers never block the writer or each other.
The images' own files (sidecars, embedded metadata) stay the source of truth that other
tools read; the index remembers state, history, cost and errors.

The pieces: :mod:`.records` (what the index hands out), :mod:`.schema` (tables,
version, migrations), :mod:`.connections` (readers, writer, locking), :mod:`.images` and
:mod:`.captions` (the operations), joined in :mod:`.index`. Import from here.
"""

from desktop_app.core.library.index import Library
from desktop_app.core.library.records import (
    CaptionRecord,
    CaptionSource,
    ErrorRecord,
    ImageOverview,
    ImageRecord,
    ImageState,
    NewCaption,
)
from desktop_app.core.library.schema import SCHEMA_VERSION, LibraryTooNew

__all__ = [
    "SCHEMA_VERSION",
    "CaptionRecord",
    "CaptionSource",
    "ErrorRecord",
    "ImageOverview",
    "ImageRecord",
    "ImageState",
    "Library",
    "LibraryTooNew",
    "NewCaption",
]
