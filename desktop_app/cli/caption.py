"""``folder-captioner caption PATH...``: caption images once, headless."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from rich.markup import escape

from desktop_app.backends import registry as backends
from desktop_app.cli.common import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    Context,
    Subcommands,
    UsageError,
    english_for_scripts,
)
from desktop_app.cli.content_options import add_content_options, content_overrides
from desktop_app.cli.interrupts import cancel_on_ctrl_c
from desktop_app.cli.reporting import CliReporter
from desktop_app.core.captioning import (
    Overrides,
    build_captioner,
    build_writers,
    check_writers_can_work,
    run_options,
    where_captions_go,
)
from desktop_app.core.events import RunSummary
from desktop_app.core.imaging import PIXEL_LEVELS
from desktop_app.core.library import Library
from desktop_app.core.paths import app_dirs
from desktop_app.core.pipeline import CaptionPipeline
from desktop_app.core.scan import ScanResult, scan_paths
from desktop_app.errors import CaptionerError
from desktop_app.i18n import _
from desktop_app.metadata import initialize as initialize_metadata
from desktop_app.metadata.atomic import remove_stray_temp_files
from desktop_app.metadata.base import SidecarNaming
from desktop_app.metadata.registry import writer_ids


def add_parser(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "caption",
        help=_("caption images or folders once"),
        description=_("Caption the images in PATH (files or folders) and write the captions."),
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    parser.add_argument("-r", "--recursive", action="store_true", help=_("include subfolders"))
    add_run_options(parser)
    parser.add_argument(
        "--json",
        action="store_true",
        help=_("print one JSON line per image on stdout (in English, whatever the language)"),
    )
    parser.add_argument("-q", "--quiet", action="store_true", help=_("only the summary"))
    parser.set_defaults(handler=run_caption)


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by ``caption`` and ``watch``."""
    backend = parser.add_argument_group(_("backend"))
    backend.add_argument("--backend", choices=backends.backend_ids(), help=_("captioning backend"))
    backend.add_argument(
        "--model",
        help=_(
            "cloud: 3b, 7b or an AIR id; local: a catalog id (qwen2.5-vl-3b, qwen2.5-vl-7b) "
            "or a .gguf file; openai: the server's model name"
        ),
    )
    backend.add_argument(
        "--mmproj",
        metavar="FILE",
        help=_("local: the vision projector .gguf (default: the one next to the model)"),
    )
    backend.add_argument("--threads", type=_positive, help=_("local: CPU threads (default: cores)"))
    backend.add_argument(
        "--gpu-layers",
        type=int,
        metavar="N",
        help=_("local: layers offloaded to the GPU (default: all when the build supports it)"),
    )
    backend.add_argument(
        "--api-url", help=_("cloud API URL (default: $RUNWARE_API_URL or Runware)")
    )
    backend.add_argument(
        "--base-url", help=_("openai: the server's base URL, e.g. http://localhost:11434/v1")
    )
    backend.add_argument("--delivery", choices=["sync", "async"], help=_("cloud delivery method"))
    backend.add_argument(
        "--legacy-task", action="store_true", help=_("use the legacy imageCaption task type")
    )
    backend.add_argument("--batch-size", type=_positive, help=_("cloud tasks per request"))
    backend.add_argument(
        "--concurrency", type=_positive, help=_("requests in flight (default: the backend's)")
    )
    prompt = parser.add_argument_group(_("prompt"))
    choice = prompt.add_mutually_exclusive_group()
    choice.add_argument("--preset", help=_("prompt preset name (see 'folder-captioner presets')"))
    choice.add_argument("--prompt", help=_("prompt text, instead of a preset"))
    prompt.add_argument("--max-tokens", type=_positive, help=_("longest caption, in tokens"))
    prompt.add_argument(
        "--pixels", choices=list(PIXEL_LEVELS), help=_("pixel budget for the image sent")
    )
    add_content_options(parser)
    output = parser.add_argument_group(_("output"))
    output.add_argument(
        "--write",
        type=_destinations,
        metavar="DEST[,DEST]",
        help=_(
            "where captions go: {destinations} (default: the settings; a new install: "
            "embedded, inside the photos, with XMP sidecars for RAW and HEIC files; txt for "
            "training datasets)"
        ).format(destinations=", ".join(writer_ids())),
    )
    existing = output.add_mutually_exclusive_group()
    existing.add_argument(
        "--skip-existing",
        dest="overwrite",
        action="store_false",
        default=None,
        help=_("leave images that already have a caption alone (default)"),
    )
    existing.add_argument(
        "--overwrite", dest="overwrite", action="store_true", help=_("caption them again")
    )
    output.add_argument(
        "--keep-edited",
        action="store_true",
        default=None,
        help=_(
            "with --overwrite: leave captions a person edited (marked in the files' XMP "
            "or the index) and caption only the machine-written and uncaptioned ones"
        ),
    )
    output.add_argument(
        "--sidecar-naming",
        choices=[naming.value for naming in SidecarNaming],
        help=_(
            "name new XMP sidecars IMG_0001.xmp (adobe: Lightroom, Bridge, Capture One) "
            "or IMG_0001.CR2.xmp (darktable, digiKam); an existing sidecar is always the one "
            "updated (default: settings, else adobe)"
        ),
    )
    output.add_argument(
        "--keep-mtime",
        action="store_true",
        default=None,
        help=_("keep each file's modification time when its caption is written"),
    )
    output.add_argument(
        "--xmp-for-all",
        action="store_true",
        default=None,
        help=_(
            "also write XMP sidecars (IMG_0001.jpg.xmp) for JPEG, TIFF, PNG and WebP "
            "files, which otherwise keep their caption inside"
        ),
    )


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1"))
    return value


def _destinations(text: str) -> tuple[str, ...]:
    names = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [name for name in names if name not in writer_ids()]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            _("unknown destination {names}; choose from {destinations}").format(
                names=", ".join(unknown) or repr(text), destinations=", ".join(writer_ids())
            )
        )
    return names


def overrides_from(args: argparse.Namespace) -> Overrides:
    backend_options: dict[str, object] = {}
    for name in (
        "model",
        "mmproj",
        "threads",
        "gpu_layers",
        "api_url",
        "base_url",
        "delivery",
        "batch_size",
    ):
        value = getattr(args, name, None)
        if value is not None:
            backend_options[name] = _absolute_if_file(name, value)
    if getattr(args, "legacy_task", False):
        backend_options["task_type"] = "imageCaption"
    return Overrides(
        backend=args.backend,
        backend_options=backend_options or None,
        preset=args.preset,
        prompt=args.prompt,
        max_tokens=args.max_tokens,
        pixel_level=args.pixels,
        destinations=args.write,
        overwrite=args.overwrite,
        concurrency=args.concurrency,
        sidecar_naming=SidecarNaming(args.sidecar_naming) if args.sidecar_naming else None,
        keep_mtime=args.keep_mtime,
        xmp_for_all=args.xmp_for_all,
        keep_edited=args.keep_edited,
        **content_overrides(args),
    )


def _absolute_if_file(name: str, value: object) -> object:
    """Model files named on the command line are found from here, not the worker's cwd."""
    if name == "mmproj" or (name == "model" and str(value).lower().endswith(".gguf")):
        return str(Path(str(value)).expanduser().absolute())
    return value


def scan_or_fail(paths: list[Path], recursive: bool, ctx: Context) -> ScanResult:
    result = scan_paths(paths, recursive=recursive)
    if result.missing:
        names = ", ".join(str(p) for p in result.missing)
        raise UsageError(_("no such file or folder: {paths}").format(paths=names))
    for folder, reason in result.unreadable:
        heading = _("Cannot read folder {folder}:").format(folder=folder)
        ctx.err.print(f"[yellow]{escape(heading)}[/] {escape(str(reason))}")
    return result


def report_not_images(scan: ScanResult, args: argparse.Namespace, ctx: Context) -> None:
    """Files that are no images, and a run that found none at all."""
    for path in scan.not_images:
        line = _("{path}: not an image type the app reads").format(path=path)
        ctx.err.print(f"[red]✗[/] {escape(line)}")
    if not scan.images:
        folders = any(path.is_dir() for path in args.paths)
        where = ", ".join(map(str, args.paths))
        if folders and not args.recursive:
            message = _("No images found in {paths} (add -r to include subfolders).")
        else:
            message = _("No images found in {paths}.")
        ctx.err.print(escape(message.format(paths=where)))


def run_caption(args: argparse.Namespace, ctx: Context) -> int:
    if args.json:
        english_for_scripts()
    scan = scan_or_fail(args.paths, args.recursive or ctx.settings.recursive, ctx)
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
    report_not_images(scan, args, ctx)
    if not scan.images:
        return EXIT_FAILED if scan.not_images else EXIT_OK
    remove_stray_temp_files({image.path.parent for image in scan.images})
    initialize_metadata()  # on the main thread, before any writer thread parses XMP
    library = Library(app_dirs().library_file)
    reporter = CliReporter(ctx.out, ctx.err, as_json=args.json, quiet=args.quiet)
    reporter.announce(where_captions_go(ctx.settings, overrides))
    if writers_warning:
        reporter.announce(f"! {writers_warning}")
    pipeline = CaptionPipeline(captioner, writers, options, library=library, on_event=reporter)

    async def caption_all() -> RunSummary:
        task = asyncio.current_task()
        assert task is not None
        cancel_on_ctrl_c(task)
        try:
            return await pipeline.run(scan.images)
        finally:
            await captioner.aclose()

    interrupted = False
    try:
        with reporter:
            try:
                summary = asyncio.run(caption_all())
            except (KeyboardInterrupt, asyncio.CancelledError):  # Ctrl-C
                interrupted = True
                summary = reporter.summary or RunSummary(len(scan.images), 0, 0, 0, 0, 0.0, 0.0)
    finally:
        library.close()
    reporter.report_not_started([image.path for image in scan.images])
    reporter.print_summary(summary)
    if interrupted:
        return EXIT_INTERRUPTED
    failed = summary.failed + len(scan.not_images)
    return EXIT_OK if failed == 0 and summary.all_succeeded else EXIT_FAILED
