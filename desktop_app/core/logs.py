"""Logging for both faces of the app, the window and the commands.

One rotating file in the app's log folder (what a bug report attaches) and warnings on
standard error. It lives in core, below both faces, so the window does not reach into
the command line for it.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys

from desktop_app.core.paths import app_dirs, ensure_dir

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
NOISY_LOGGERS = ("httpx", "httpcore", "urllib3", "PIL")


def setup_logging(verbose: bool = False) -> None:
    """Rotating file log in the app's log dir; warnings (or all, with -v) to stderr.

    Called once per process; a second call changes nothing (the window and a command
    may both ask)."""
    root = logging.getLogger()
    if getattr(root, "_folder_captioner", False):
        return
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    try:
        dirs = app_dirs()
        ensure_dir(dirs.log)
        file_handler = logging.handlers.RotatingFileHandler(
            dirs.log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
        root.addHandler(file_handler)
    except OSError:
        pass  # a read-only home must not stop the app
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setLevel(logging.DEBUG if verbose else logging.WARNING)
    stderr.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root.addHandler(stderr)
    for noisy in NOISY_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    root._folder_captioner = True  # type: ignore[attr-defined]
