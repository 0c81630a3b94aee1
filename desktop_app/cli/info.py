"""``folder-captioner presets`` and ``backends``: what can be chosen, and why."""

from __future__ import annotations

import argparse

from rich.table import Table

from desktop_app.backends import registry as backends
from desktop_app.cli.common import EXIT_OK, Context, Subcommands
from desktop_app.core.prompts import all_presets
from desktop_app.i18n import _


def add_parser(commands: Subcommands) -> None:
    presets = commands.add_parser("presets", help=_("list the prompt presets"))
    presets.set_defaults(handler=run_presets)
    listing = commands.add_parser("backends", help=_("list the captioning backends"))
    listing.set_defaults(handler=run_backends)


def run_presets(args: argparse.Namespace, ctx: Context) -> int:
    current = ctx.settings.prompts.preset
    table = Table(_("name"), _("title"), _("also writes"), _("prompt"), show_lines=True)
    for preset in all_presets(ctx.settings.prompts.user_presets):
        marker = _(" (default)") if preset.name == current else ""
        table.add_row(f"{preset.name}{marker}", preset.title, preset.produces, preset.prompt)
    ctx.out.print(table)
    return EXIT_OK


def run_backends(args: argparse.Namespace, ctx: Context) -> int:
    table = Table(_("id"), _("name"), _("about"))
    for spec in backends.all_backends():
        marker = _(" (current)") if spec.backend_id == ctx.settings.backend else ""
        table.add_row(f"{spec.backend_id}{marker}", str(spec.display_name), str(spec.summary))
    ctx.out.print(table)
    return EXIT_OK
