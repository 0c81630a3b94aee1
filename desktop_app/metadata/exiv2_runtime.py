"""libexiv2 set-up: the XMP toolkit's one-time initialisation, and its warnings.

The XMP toolkit must be initialised once, on the main thread, before any worker
thread parses XMP (it is not thread-safe to initialise it lazily from two threads at
once). The CLI and the GUI call :func:`initialize` at start-up; every writer also
calls it, under a lock, so a forgotten call costs nothing worse than doing it late.

exiv2 reports damaged structures as log warnings ("... truncating the entry",
"... not read") and then carries on with what it could read. The check after an
embedded write collects them with :func:`collect_warnings`: a warning the written copy
draws and the original did not is damage as exiv2 sees it.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_lock = threading.Lock()
_initialized = False
_exiv2_log = logging.getLogger("exiv2")
_forwarded = logging.getLogger("desktop_app.metadata.exiv2")
# libexiv2 releases the GIL, and the XMP toolkit's namespace registry (changed when a
# packet uses a new namespace, read by every XMP key) is not thread-safe without a
# lock python-exiv2 cannot pass in: all exiv2 work runs under this lock. It is held
# for milliseconds (parsing, encoding), never across file writes or fsync.
EXIV2_LOCK = threading.RLock()

# Namespaces exiv2 does not know but photo tools use (parsed packets register them
# too; registering up front makes writing them from scratch possible).
EXTRA_NAMESPACES = {
    "darktable": "http://darktable.sf.net/",
    # the app's own caption provenance (metadata/provenance.py)
    "fcap": "http://ns.folder-captioner.org/caption/1.0/",
}

# Warnings that mean exiv2 could not read part of the metadata (its reading is partial).
_DATA_LOSS = re.compile(
    r"truncat|not read|considered invalid|out of bounds|outside of the data|exceeds"
    r"|failed to (read|decode)|corrupt|invalid (size|offset|type)",
    re.IGNORECASE,
)


def exiv2_module() -> Any:
    """The ``exiv2`` module, initialised (imported lazily: start-up stays fast)."""
    import exiv2

    initialize()
    return exiv2


def initialize() -> None:
    """Initialise libexiv2's XMP toolkit once; call it on the main thread at start-up."""
    global _initialized  # noqa: PLW0603 - process-wide library state
    with _lock:
        if _initialized:
            return
        import exiv2

        exiv2.XmpParser.initialize()
        for prefix, uri in EXTRA_NAMESPACES.items():
            try:
                exiv2.XmpProperties.registerNs(uri, prefix)
            except exiv2.Exiv2Error:
                _exiv2_log.debug("namespace %s already registered", prefix)
        exiv2.LogMsg.setLevel(exiv2.LogMsg.Level.warn)
        # exiv2's complaints about damaged files reach the log, not the console: the
        # writer turns the ones that matter into a clear per-file error.
        _exiv2_log.propagate = False
        _exiv2_log.addHandler(_Forwarder())
        _initialized = True


class _Forwarder(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        _forwarded.info("%s", record.getMessage())


@contextmanager
def exiv2_serialized() -> Iterator[None]:
    """Run exiv2 work under the process-wide exiv2 lock."""
    with EXIV2_LOCK:
        yield


class _ThreadCollector(logging.Handler):
    """Keeps the exiv2 log records emitted by one thread."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread and record.levelno >= logging.WARNING:
            self.messages.append(record.getMessage())


@contextmanager
def collect_warnings() -> Iterator[list[str]]:
    """The warnings exiv2 logs on this thread inside the ``with`` block."""
    collector = _ThreadCollector()
    _exiv2_log.addHandler(collector)
    try:
        yield collector.messages
    finally:
        _exiv2_log.removeHandler(collector)


def data_loss_warnings(messages: list[str]) -> list[str]:
    """The warnings saying exiv2 could not read part of the metadata.

    A bad "next pointer" only ends a directory chain early where nothing follows
    (common in maker notes): exiv2 ignores it and loses nothing.
    """
    return [
        message
        for message in messages
        if _DATA_LOSS.search(message) and "next pointer" not in message.lower()
    ]
