"""``folder-captioner show PATH...``: what each place holds for an image's caption.

Embedded XMP, EXIF and IPTC fields, the XMP sidecar and the ``.txt`` file, one line
each, with disagreements flagged, so a user can see why Lightroom and Windows show
different captions before deciding to overwrite. Exit status 1 when any image's
places disagree or cannot be read.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.markup import escape

from desktop_app.cli.caption import scan_or_fail
from desktop_app.cli.common import EXIT_FAILED, EXIT_OK, Context, Subcommands, english_for_scripts
from desktop_app.core.captioning import Overrides, write_options
from desktop_app.i18n import _
from desktop_app.metadata import initialize as initialize_metadata
from desktop_app.metadata.survey import CaptionSurvey, survey


def add_parser(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "show",
        help=_("show the captions an image already has, place by place"),
        description=_(
            "Print what each place (embedded XMP, EXIF and IPTC, the XMP sidecar, the .txt "
            "file) holds for each image, flagging places that disagree."
        ),
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    parser.add_argument("-r", "--recursive", action="store_true", help=_("include subfolders"))
    parser.add_argument(
        "--json", action="store_true", help=_("one JSON object per image (in English)")
    )
    parser.add_argument(
        "--source",
        type=_sources,
        metavar="SOURCE[,SOURCE]",
        help=_(
            "only images whose caption is: generated (machine-written), edited (by a "
            "person), unmarked (no provenance recorded) or none (no caption)"
        ),
    )
    parser.set_defaults(handler=run_show)


SOURCES = ("generated", "edited", "unmarked", "none")


def _sources(text: str) -> frozenset[str]:
    names = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = sorted(names - set(SOURCES))
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            _("choose from {choices}").format(choices=", ".join(SOURCES))
        )
    return names


def run_show(args: argparse.Namespace, ctx: Context) -> int:
    if args.json:
        english_for_scripts()
    scan = scan_or_fail(args.paths, args.recursive, ctx)
    initialize_metadata()
    options = write_options(ctx.settings, Overrides())
    clean = True
    for image in scan.images:
        found = survey(image.path, options)
        if args.source and found.source not in args.source:
            continue
        clean = clean and found.agree and not found.errors
        if args.json:
            ctx.out.file.write(json.dumps(_as_json(found), ensure_ascii=False) + "\n")
        else:
            _print(ctx, found)
    if not scan.images:
        where = ", ".join(map(str, args.paths))
        ctx.err.print(escape(_("No images found in {paths}.").format(paths=where)))
    return EXIT_OK if clean else EXIT_FAILED


def _as_json(found: CaptionSurvey) -> dict[str, object]:
    return {
        "path": str(found.image),
        "caption": found.text,
        "source": found.source,
        "agree": found.agree,
        "disagreements": found.disagreements(),
        "places": [
            {
                "place": value.place,
                "file": str(value.location),
                "text": value.text,
                "keywords": list(value.keywords),
                "note": value.note,
                "provenance": value.provenance,
                "languages": list(value.languages),
            }
            for value in found.values
        ],
        "errors": [{"place": place, "message": message} for place, message in found.errors],
    }


def _print(ctx: Context, found: CaptionSurvey) -> None:
    agree, disagree, no_caption = _("agree"), _("DISAGREE"), _("no caption")
    status = f"[green]{agree}[/]" if found.agree else f"[red]{disagree}[/]"
    if not found.captions:
        status = f"[dim]{no_caption}[/]"
    generated, edited = _("machine-written"), _("edited")
    origin = {"generated": f"  [cyan]{generated}[/]", "edited": f"  [magenta]{edited}[/]"}
    empty, keywords_label = _("(empty)"), _("keywords:")
    ctx.out.print(f"[bold]{escape(str(found.image))}[/]  {status}{origin.get(found.source, '')}")
    for value in found.values:
        where = value.place
        if value.location != found.image:
            where += f" ({value.location.name})"
        text = escape(value.text) if value.text else f"[dim]{empty}[/]"
        note = f" [dim]({value.note})[/]" if value.note else ""
        languages = f" [dim]({', '.join(value.languages)})[/]" if value.languages else ""
        ctx.out.print(f"  {where:<34} {text}{note}{languages}")
        if value.keywords:
            keywords = escape(", ".join(value.keywords))
            ctx.out.print(f"  {'':<34} [dim]{keywords_label}[/] {keywords}")
    for problem in found.disagreements():
        ctx.out.print(f"  [red]![/] {escape(problem)}")
    for place, message in found.errors:
        heading = escape(_("cannot read {place}:").format(place=place))
        ctx.out.print(f"  [yellow]{heading}[/] {escape(message)}")
