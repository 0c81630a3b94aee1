"""What every command shares: exit codes, logging, settings, the console."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Console

from desktop_app.core.paths import app_dirs, ensure_dir
from desktop_app.core.settings import Settings, SettingsStore

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class UsageError(Exception):
    """Wrong invocation: reported in one line, exit status 2."""


@dataclass
class Context:
    settings: Settings
    store: SettingsStore
    out: Console  # results (stdout)
    err: Console  # progress, messages (stderr)


def setup_logging(verbose: bool = False) -> None:
    """Rotating file log in the app's log dir; warnings (or all, with -v) to stderr."""
    root = logging.getLogger()
    if getattr(root, "_folder_captioner", False):
        return
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    try:
        log_dir = ensure_dir(app_dirs().log)
        file_handler = logging.handlers.RotatingFileHandler(
            log_dir / "folder-captioner.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
        root.addHandler(file_handler)
    except OSError:
        pass  # a read-only home must not stop the command
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setLevel(logging.DEBUG if verbose else logging.WARNING)
    stderr.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root.addHandler(stderr)
    for noisy in ("httpx", "httpcore", "urllib3", "PIL"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    root._folder_captioner = True  # type: ignore[attr-defined]


def make_context() -> Context:
    store = SettingsStore(app_dirs().settings_file)
    settings = store.load()
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    for problem in store.problems:
        err.print(f"[yellow]settings:[/] {problem}")
    return Context(settings, store, Console(highlight=False, soft_wrap=True), err)


if TYPE_CHECKING:
    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    Subcommands = argparse._SubParsersAction
