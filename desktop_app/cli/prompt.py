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
from desktop_app.cli.common import EXIT_OK, Context, Subcommands, UsageError
from desktop_app.core.captioning import prompt_choice, write_options
from desktop_app.core.context import PromptPreview, preview_prompt
from desktop_app.core.templates import VARIABLES
from desktop_app.errors import CaptionerError
from desktop_app.metadata import initialize as initialize_metadata


def add_parser(commands: Subcommands) -> None:
    variables = ", ".join(f"{{{name}}}" for name in VARIABLES)
    parser = commands.add_parser(
        "prompt",
        help="preview the prompt each image would be sent",
        description="Print the prompt each image would be sent: the preset's (or --prompt's) "
        f"template with its variables filled from the file ({variables}; a part in "
        "[brackets] disappears when its variables are unknown), plus the format "
        "instructions of keywords, languages, title and alt text.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    parser.add_argument("-r", "--recursive", action="store_true", help="include subfolders")
    parser.add_argument("--json", action="store_true", help="one JSON object per image")
    parser.add_argument("--schema", action="store_true", help="also print the JSON schema")
    add_run_options(parser)
    parser.set_defaults(handler=run_prompt)


def run_prompt(args: argparse.Namespace, ctx: Context) -> int:
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
        ctx.err.print(f"No images found in {', '.join(map(str, args.paths))}.")
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
        ctx.out.print(f"  [dim]context: {escape(known)}[/]")
    for line in preview.prompt.splitlines():
        ctx.out.print(f"  {escape(line)}")
    if schema and preview.schema is not None:
        ctx.out.print(f"  [dim]schema: {escape(json.dumps(preview.schema, ensure_ascii=False))}[/]")
