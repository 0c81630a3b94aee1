"""``folder-captioner watch PATH...``: caption new images as they arrive, headless.

Runs until Ctrl-C or SIGTERM (systemd's stop): requests in flight finish within the
grace time and everything else stays queued in the index for the next start. A
second signal stops at once; nothing is lost then either, the jobs in hand are
simply sent again at the next start.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from rich.markup import escape

from desktop_app.cli.caption import add_run_options, overrides_from
from desktop_app.cli.common import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    Context,
    Subcommands,
    UsageError,
    english_for_scripts,
)
from desktop_app.cli.interrupts import join_waking
from desktop_app.cli.watch_reporting import WatchReporter
from desktop_app.core.captioning import (
    build_captioner,
    build_writers,
    check_writers_can_work,
    run_options,
    where_captions_go,
)
from desktop_app.core.library import Library
from desktop_app.core.paths import app_dirs
from desktop_app.core.watch.fstype import WatchMode
from desktop_app.core.watch.service import WatchConfig, WatchService
from desktop_app.errors import CaptionerError
from desktop_app.i18n import _

log = logging.getLogger(__name__)


def add_parser(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "watch",
        help=_("watch folders and caption new images as they arrive"),
        description=_(
            "Watch folders (and their subfolders) and caption every image that lands there, "
            "exactly once, until Ctrl-C or SIGTERM. Jobs survive restarts."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help=_("folders to watch (default: the watched folders in the settings)"),
    )
    add_run_options(parser)
    watching = parser.add_argument_group(_("watching"))
    watching.add_argument(
        "--settle",
        type=_seconds,
        metavar="SECONDS",
        help=_("how long a file must stay unchanged before it is taken (default: 2)"),
    )
    mode = watching.add_mutually_exclusive_group()
    mode.add_argument(
        "--polling",
        dest="mode",
        action="store_const",
        const=WatchMode.POLLING,
        help=_("poll the folders (network shares whose changes send no events)"),
    )
    mode.add_argument(
        "--native",
        dest="mode",
        action="store_const",
        const=WatchMode.NATIVE,
        help=_("always use file-system events (default: polling on network filesystems)"),
    )
    watching.add_argument(
        "--poll-interval",
        type=_seconds,
        metavar="SECONDS",
        help=_("polling interval (default: 5)"),
    )
    watching.add_argument(
        "--rescan-interval",
        type=_seconds,
        metavar="SECONDS",
        help=_("how often the safety-net scan runs (default: 900)"),
    )
    parser.add_argument(
        "--json", action="store_true", help=_("one JSON line per event on stdout (in English)")
    )
    parser.add_argument("-q", "--quiet", action="store_true", help=_("only results and problems"))
    parser.set_defaults(handler=run_watch)


def _seconds(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(_("must not be negative"))
    return value


def watched_folders(args: argparse.Namespace, ctx: Context) -> list[Path]:
    """The folders to watch: existing, absolute, none inside another (watched anyway)."""
    paths = list(args.paths) or [Path(folder) for folder in ctx.settings.watch.folders]
    if not paths:
        raise UsageError(_("name a folder to watch (or add watched folders in the settings)"))
    missing = [str(path) for path in paths if not path.expanduser().is_dir()]
    if missing:
        raise UsageError(_("not a folder: {paths}").format(paths=", ".join(missing)))
    resolved = sorted({path.expanduser().resolve() for path in paths})
    return [path for path in resolved if not any(other in path.parents for other in resolved)]


def run_watch(args: argparse.Namespace, ctx: Context) -> int:
    if args.json:
        english_for_scripts()
    roots = watched_folders(args, ctx)
    overrides = overrides_from(args)
    try:
        options = run_options(ctx.settings, overrides)
        writers = build_writers(ctx.settings, overrides)
        writers_warning = check_writers_can_work(ctx.settings, overrides)
        captioner = build_captioner(ctx.settings, overrides)
    except CaptionerError as error:
        raise UsageError(error.user_message()) from error
    except (TypeError, ValueError) as exc:
        raise UsageError(str(exc)) from exc
    config = WatchConfig.from_settings(
        ctx.settings.watch,
        roots,
        mode=args.mode,
        settle_s=args.settle,
        poll_interval_s=args.poll_interval,
        rescan_interval_s=args.rescan_interval,
    )
    reporter = WatchReporter(
        ctx.out, ctx.err, roots, as_json=args.json, quiet=args.quiet, verbose=args.verbose
    )
    library = Library(app_dirs().library_file)
    where = where_captions_go(ctx.settings, overrides)
    log.info("%s", where.english())
    if not args.quiet:
        ctx.err.print(escape(str(where)))  # the first line: where this run's captions go
        if writers_warning:
            ctx.err.print(escape(f"! {writers_warning}"))
    service = WatchService(config, captioner, writers, options, library, on_event=reporter)
    try:
        return _watch_until_stopped(service, ctx)
    finally:
        library.close()


def _watch_until_stopped(service: WatchService, ctx: Context) -> int:
    stop = threading.Event()
    with _stop_on_signals(stop):
        try:
            service.start()
        except CaptionerError as error:
            label = _("Cannot watch:")
            ctx.err.print(f"[red]{label}[/] {escape(error.user_message())}")
            return EXIT_FAILED
        try:
            while not stop.wait(0.5):
                pass
            stopping = threading.Thread(target=service.stop, name="fc-watch-stop", daemon=True)
            stopping.start()
            join_waking(stopping)  # a second signal interrupts this: stop at once
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED
    return EXIT_OK


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT and SIGTERM ask for a clean stop; a second one stops at once."""

    def handler(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
