"""The ``folder-captioner`` command: the window, or a headless subcommand.

``folder-captioner`` opens the window; ``folder-captioner FOLDER`` opens it on FOLDER;
``folder-captioner caption ...`` and the other subcommands run headless on the same
core, so servers and scripts get exactly what the GUI does.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from desktop_app import APP_DISPLAY_NAME, __version__, i18n
from desktop_app.cli import caption, doctor, info, keys, keywords, models, prompt, show, watch
from desktop_app.cli.argparse_texts import translate_argparse
from desktop_app.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    Context,
    Subcommands,
    UsageError,
    make_context,
)
from desktop_app.core.logs import setup_logging
from desktop_app.core.paths import app_dirs
from desktop_app.core.settings import read_language
from desktop_app.i18n import _

CommandModule = Callable[[Subcommands], None]
COMMANDS: list[CommandModule] = [
    caption.add_parser,
    watch.add_parser,
    show.add_parser,
    models.add_parser,
    doctor.add_parser,
    keys.add_parser,
    info.add_parser,
    keywords.add_parser,
    prompt.add_parser,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="folder-captioner",
        description=_(
            "{app}: caption images with Qwen2.5-VL and write the captions where photo tools "
            "find them. Without a command, opens the window."
        ).format(app=APP_DISPLAY_NAME),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help=_("show program's version number and exit"),
    )
    parser.add_argument("-v", "--verbose", action="store_true", help=_("log details to stderr"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in COMMANDS:
        add(commands)
    return parser


def _is_command_line(argv: Sequence[str], parser: argparse.ArgumentParser) -> bool:
    """True when argv names a subcommand or an option; otherwise it opens the window."""
    if not argv:
        return False
    first = argv[0]
    return first.startswith("-") or first in _command_names(parser)


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._subparsers._group_actions if parser._subparsers else []:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def open_window(paths: Sequence[str]) -> int:
    try:
        gui = importlib.import_module("desktop_app.gui.app")
    except ImportError as exc:
        print(
            _("folder-captioner: the window is not available: {error}").format(error=exc),
            file=sys.stderr,
        )
        print(_("Use 'folder-captioner caption PATH' for headless captioning."), file=sys.stderr)
        return EXIT_USAGE
    code: int = gui.run_gui(list(paths))
    return code


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    choose_language()  # before the parser: its --help is in the user's language
    parser = build_parser()
    if not _is_command_line(args_list, parser):
        return open_window(args_list)
    args = parser.parse_args(args_list)
    if args.command is None:
        return open_window([])
    setup_logging(args.verbose)
    try:
        ctx: Context = make_context()
        code: int = args.handler(args, ctx)
        return code
    except UsageError as exc:
        message = _("folder-captioner {command}: error: {error}").format(
            command=args.command, error=exc
        )
        parser.exit(EXIT_USAGE, message + "\n")
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


def choose_language() -> None:
    """The language of the messages: Settings' choice, else the environment's
    (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English."""
    i18n.use(i18n.resolve(read_language(app_dirs().settings_file)))
    translate_argparse()


def entry_point() -> None:
    sys.exit(main())
