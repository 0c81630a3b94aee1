"""``folder-captioner prompt PATH...``: the prompt each image would be sent, previewed.

Template variables are filled from each file (place from GPS, capture date, camera,
existing title and keywords...) exactly as a caption run fills them, and the format
instructions of a structured caption are appended, so what is printed is what the
model reads. Nothing is sent and nothing is written.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.markup import escape

from desktop_app.cli.caption import add_run_options, overrides_from, scan_or_fail
from desktop_app.cli.common import EXIT_OK, Context, Subcommands, UsageError, english_for_scripts
from desktop_app.core.captioning import prompt_choice, write_options
from desktop_app.core.context import PromptPreview, preview_prompt
from desktop_app.core.templates import VARIABLES
from desktop_app.errors import CaptionerError
from desktop_app.i18n import _
from desktop_app.metadata import initialize as initialize_metadata


def add_parser(commands: Subcommands) -> None:
    variables = ", ".join(f"{{{name}}}" for name in VARIABLES)
    parser = commands.add_parser(
        "prompt",
        help=_("preview the prompt each image would be sent"),
        description=_(
            "Print the prompt each image would be sent: the preset's (or --prompt's) template "
            "with its variables filled from the file ({variables}; a part in [brackets] "
            "disappears when its variables are unknown), plus the format instructions of "
            "keywords, languages, title and alt text."
        ).format(variables=variables),
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    parser.add_argument("-r", "--recursive", action="store_true", help=_("include subfolders"))
    parser.add_argument(
        "--json", action="store_true", help=_("one JSON object per image (in English)")
    )
    parser.add_argument("--schema", action="store_true", help=_("also print the JSON schema"))
    add_run_options(parser)
    parser.set_defaults(handler=run_prompt)


def run_prompt(args: argparse.Namespace, ctx: Context) -> int:
    if args.json:
        english_for_scripts()
    scan = scan_or_fail(args.paths, args.recursive, ctx)
    overrides = overrides_from(args)
    try:
        choice = prompt_choice(ctx.settings, overrides)
    except CaptionerError as error:
        raise UsageError(error.user_message()) from error
    initialize_metadata()
    naming = write_options(ctx.settings, overrides).sidecar_naming
    content = choice.content
    for image in scan.images:
        preview = preview_prompt(
            choice.text,
            image.path,
            content.output,
            use_context=content.use_context,
            naming=naming,
        )
        if args.json:
            ctx.out.file.write(json.dumps(_as_json(preview), ensure_ascii=False) + "\n")
        else:
            _print(ctx, preview, schema=args.schema)
    if not scan.images:
        where = ", ".join(map(str, args.paths))
        ctx.err.print(escape(_("No images found in {paths}.").format(paths=where)))
    return EXIT_OK


def _as_json(preview: PromptPreview) -> dict[str, object]:
    return {
        "path": str(preview.image),
        "prompt": preview.prompt,
        "context": preview.context,
        "schema": preview.schema,
    }


def _print(ctx: Context, preview: PromptPreview, *, schema: bool) -> None:
    ctx.out.print(f"[bold]{escape(str(preview.image))}[/]")
    if preview.context:
        known = ", ".join(f"{name}={value}" for name, value in preview.context.items())
        label = escape(_("context:"))
        ctx.out.print(f"  [dim]{label} {escape(known)}[/]")
    for line in preview.prompt.splitlines():
        ctx.out.print(f"  {escape(line)}")
    if schema and preview.schema is not None:
        schema_text = escape(json.dumps(preview.schema, ensure_ascii=False))
        label = escape(_("schema:"))
        ctx.out.print(f"  [dim]{label} {schema_text}[/]")
