"""What every command shares: exit codes, settings, the console (logging: core.logs)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Console

from desktop_app import i18n
from desktop_app.core.paths import app_dirs
from desktop_app.core.settings import Settings, SettingsStore
from desktop_app.i18n import _

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """Wrong invocation: reported in one line, exit status 2."""


@dataclass
class Context:
    settings: Settings
    store: SettingsStore
    out: Console  # results (stdout)
    err: Console  # progress, messages (stderr)


def make_context() -> Context:
    store = SettingsStore(app_dirs().settings_file)
    settings = store.load()
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    for problem in store.problems:
        label = _("settings:")
        err.print(f"[yellow]{label}[/] {problem}")
    return Context(settings, store, Console(highlight=False, soft_wrap=True), err)


def english_for_scripts() -> None:
    """``--json`` output is read by scripts: its messages (an error's text, a skip's
    reason) are English on every machine, and so is what the command says beside it."""
    i18n.use(i18n.SOURCE_LANGUAGE)


if TYPE_CHECKING:
    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    Subcommands = argparse._SubParsersAction
