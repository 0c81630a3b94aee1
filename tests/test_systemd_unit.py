"""The systemd unit example runs a command line the CLI accepts, with a clean stop."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

from desktop_app.cli import build_parser

UNIT = (
    Path(__file__).resolve().parents[1] / "packaging" / "systemd" / "folder-captioner-watch.service"
)


def test_the_unit_runs_watch_and_stops_it_with_sigterm() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment, method-assign]
    unit.read(UNIT, encoding="utf-8")
    service = unit["Service"]
    program, *argv = shlex.split(service["ExecStart"].replace("%h", "/home/me"))
    assert program.endswith("/folder-captioner")
    args = build_parser().parse_args(argv)
    assert args.command == "watch"
    assert args.paths == [Path("/home/me/Pictures/Import")]
    assert service["KillSignal"] == "SIGTERM"
    assert int(service["TimeoutStopSec"]) > 10  # longer than the watcher's stop grace
    assert service["Restart"] == "on-failure"
    assert unit["Install"]["WantedBy"] == "default.target"
