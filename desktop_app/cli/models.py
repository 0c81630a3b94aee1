"""``folder-captioner models list|download|import|remove|use``: local model files.

Catalog models live in the Hugging Face cache (shared with other tools); imported
models are GGUF pairs the user already has, remembered by name in the settings and
never moved or deleted by the app.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from desktop_app.backends.local.catalog import (
    find_entry,
    full_catalog,
    looks_like_path,
    precision_of_file,
)
from desktop_app.backends.local.config import (
    BACKEND_ID,
    PROJECTOR_CHOICES,
    ImportedModel,
    LocalConfig,
)
from desktop_app.backends.local.errors import DownloadCancelled
from desktop_app.backends.local.manager import DownloadProgress, ModelManager, ModelState
from desktop_app.backends.local.pairs import check_pair, require_projector
from desktop_app.cli.common import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    Context,
    Subcommands,
    UsageError,
)
from desktop_app.errors import CaptionerError
from desktop_app.i18n import _


def add_parser(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "models",
        help=_("list, download, import or remove local models"),
        description=_(
            "Local Qwen2.5-VL models: the catalog's are downloaded into the Hugging Face "
            "cache (and reused from it); your own GGUF pairs can be imported."
        ),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help=_("catalog and imported models, and what is here"))
    listing.set_defaults(handler=run_list)
    download = actions.add_parser("download", help=_("download a catalog model (resumable)"))
    download.add_argument("model", nargs="?", help=_("catalog id (default: the configured one)"))
    download.add_argument("--use", action="store_true", help=_("make it the local model"))
    download.add_argument(
        "--projector",
        choices=PROJECTOR_CHOICES,
        help=_(
            "which vision projector: q8_0 (a third smaller, as fast on a CPU; what auto "
            "downloads) or f16 (the reference); an explicit choice is remembered (default: "
            "the setting)"
        ),
    )
    download.set_defaults(handler=run_download)
    importing = actions.add_parser("import", help=_("use a GGUF pair you already have"))
    importing.add_argument("model_file", type=Path, metavar="MODEL.gguf")
    importing.add_argument("--mmproj", type=Path, help=_("the projector (default: found beside)"))
    importing.add_argument("--name", help=_("the name to use it by (default: the file's)"))
    importing.add_argument("--use", action="store_true", help=_("make it the local model"))
    importing.set_defaults(handler=run_import)
    remove = actions.add_parser("remove", help=_("delete a catalog model or forget an import"))
    remove.add_argument("model", help=_("catalog id or imported name"))
    remove.set_defaults(handler=run_remove)
    use = actions.add_parser("use", help=_("caption with this model from now on"))
    use.add_argument("model", help=_("catalog id, imported name or .gguf path"))
    use.set_defaults(handler=run_use)


def local_config(ctx: Context) -> LocalConfig:
    config: LocalConfig = ctx.settings.backend_config(BACKEND_ID)
    return config


def save_local(ctx: Context, config: LocalConfig, *, make_current: bool = False) -> None:
    settings = ctx.settings.with_backend_config(BACKEND_ID, config)
    if make_current:
        settings = dataclasses.replace(settings, backend=BACKEND_ID)
    ctx.store.save(settings)
    ctx.settings = settings


def _size(size: int) -> str:
    if size >= 1e8:
        return _("{size} GB").format(size=f"{size / 1e9:.2f}")
    return _("{size} MB").format(size=f"{size / 1e6:.1f}")


def _status(state: ModelState) -> str:
    if state.downloaded:
        return _("downloaded ({path})").format(path=state.files[0].path)
    partial = sum(f.partial for f in state.files)
    present = [f.file.filename for f in state.files if f.path is not None]
    if partial:
        return _("partly downloaded ({size} kept; 'models download' resumes)").format(
            size=_size(partial)
        )
    if present:
        return _("incomplete: only {files}").format(files=", ".join(present))
    return _("not downloaded")


def _projectors(state: ModelState) -> str:
    """Each published projector's type; which one is used, which is the default, which
    are here: ``Q8_0 (used, default, here), F16 (here)``."""
    parts = []
    for projector in state.projectors:
        kind = precision_of_file(projector.file).upper() or projector.file.filename
        marks = []
        if projector.file == state.projector.file:
            marks.append(_("used"))
        if projector.file == state.entry.mmproj:
            marks.append(_("default"))
        if projector.path is not None:
            marks.append(_("here"))
        parts.append(f"{kind} ({', '.join(marks)})" if marks else kind)
    return ", ".join(parts)


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    manager = ModelManager()
    config = local_config(ctx)
    current = config.model
    table = Table(title=_("Local models"))
    table.add_column(_("model"), no_wrap=True)  # the names people type
    for heading in (_("what"), _("size"), _("status")):
        table.add_column(heading)
    marker = _(" (current)")
    for state in manager.states(config.vision_projector):
        entry = state.entry
        mark = marker if find_entry(current) == entry else ""
        names = ", ".join((entry.model_id, *entry.aliases))
        what = f"{entry.title}: {entry.note}" if entry.note else entry.title
        what = _("{description}; vision projector {types}").format(
            description=what, types=_projectors(state)
        )
        size = entry.model.size + state.projector.file.size
        table.add_row(names + mark, what, _size(size), _status(state))
    for imported in config.imported:
        mark = marker if imported.name == current else ""
        present = Path(imported.model).is_file() and Path(imported.mmproj).is_file()
        status = _("imported") if present else _("imported, but a file is missing")
        table.add_row(imported.name + mark, imported.model, "", status)
    if looks_like_path(current):
        table.add_row(Path(current).name + marker, current, "", _("used by path"))
    ctx.out.print(table)
    ctx.out.print(
        escape(
            _(
                "Vision projector setting: {setting} (auto: Q8_0, or the one downloaded; "
                "'models download --projector f16' changes it)."
            ).format(setting=config.vision_projector)
        )
    )
    ctx.out.print(escape(_("Hugging Face cache: {folder}").format(folder=manager.cache_dir)))
    return EXIT_OK


class _DownloadBars:
    """One rich progress bar per file, fed by the manager's progress callback."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, event: DownloadProgress) -> None:
        task = self.tasks.get(event.filename)
        if task is None:
            task = self.progress.add_task(event.filename, total=event.total)
            self.tasks[event.filename] = task
        label = {"download": "", "verify": _(" (verifying)"), "reused": _(" (already here)")}
        self.progress.update(
            task,
            completed=event.done,
            description=event.filename + label.get(event.phase, ""),
        )


def run_download(args: argparse.Namespace, ctx: Context) -> int:
    config = local_config(ctx)
    name = args.model or config.model
    projector = args.projector or config.vision_projector
    if find_entry(name) is None:
        known = ", ".join(e.model_id for e in full_catalog())
        raise UsageError(
            _("'{model}' is not a catalog model; choose one of: {known}").format(
                model=name, known=known
            )
        )
    manager = ModelManager()
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=ctx.err,
        disable=not ctx.err.is_terminal,
    )
    try:
        with progress:
            model, mmproj = manager.download(
                name, progress=_DownloadBars(progress), projector=projector
            )
    except KeyboardInterrupt:
        ctx.err.print(_("Stopped. Run the same command again to continue where it stopped."))
        return EXIT_INTERRUPTED
    except DownloadCancelled:
        return EXIT_INTERRUPTED
    except CaptionerError as error:
        ctx.err.print(f"[red]{error.user_message()}[/]")
        return EXIT_FAILED
    entry = find_entry(name)
    assert entry is not None
    ctx.out.print(f"{entry.model_id}: {model}")
    ctx.out.print(f"{' ' * len(entry.model_id)}  {mmproj}")
    updated = config
    if args.projector and args.projector != config.vision_projector:
        updated = dataclasses.replace(updated, vision_projector=args.projector)
    if args.use:
        updated = dataclasses.replace(updated, model=entry.model_id)
    if updated != config:
        save_local(ctx, updated, make_current=args.use)
    if args.use:
        ctx.err.print(_("The local backend now uses {model}.").format(model=entry.model_id))
    if updated.vision_projector != config.vision_projector:
        ctx.err.print(
            _("Vision projector: {projector} from now on.").format(projector=args.projector)
        )
    return EXIT_OK


def run_import(args: argparse.Namespace, ctx: Context) -> int:
    model = args.model_file.expanduser().absolute()
    try:
        mmproj = require_projector(model, str(args.mmproj or ""))
        pair = check_pair(model, mmproj.expanduser().absolute())
    except CaptionerError as error:
        ctx.err.print(f"[red]{error.user_message()}[/]")
        return EXIT_FAILED
    name = args.name or model.stem
    if find_entry(name) is not None:
        raise UsageError(
            _("'{name}' is a catalog model's name; choose another with --name").format(name=name)
        )
    imported = ImportedModel(name, str(pair.model), str(pair.mmproj))
    config = local_config(ctx)
    kept = tuple(m for m in config.imported if m.name != name)
    config = dataclasses.replace(config, imported=(*kept, imported))
    if args.use:
        config = dataclasses.replace(config, model=name, mmproj="")
    save_local(ctx, config, make_current=args.use)
    ctx.out.print(escape(_("Imported {name}:").format(name=name)))
    for label, path, info in (
        (_("model"), pair.model, pair.model_info),
        (_("projector"), pair.mmproj, pair.mmproj_info),
    ):
        ctx.out.print(escape(f"  {label:<10} {path} ({_size(info.file_size)})"))
    if args.use:
        ctx.err.print(_("The files stay where they are. It is now the local model."))
    else:
        ctx.err.print(
            escape(
                _("The files stay where they are. Use it with --model {name}.").format(name=name)
            )
        )
    return EXIT_OK


def run_remove(args: argparse.Namespace, ctx: Context) -> int:
    config = local_config(ctx)
    imported = config.imported_model(args.model)
    if imported is not None:
        remaining = tuple(m for m in config.imported if m.name != imported.name)
        save_local(ctx, dataclasses.replace(config, imported=remaining))
        ctx.err.print(
            escape(_("Forgot {name}; its files were left in place.").format(name=imported.name))
        )
        return EXIT_OK
    entry = find_entry(args.model)
    if entry is None:
        raise UsageError(_("no catalog or imported model called '{name}'").format(name=args.model))
    freed = ModelManager().remove(entry.model_id)
    if freed:
        ctx.err.print(
            _("Removed {model} from the Hugging Face cache ({size}).").format(
                model=entry.model_id, size=_size(freed)
            )
        )
    else:
        ctx.err.print(_("{model} was not downloaded.").format(model=entry.model_id))
    return EXIT_OK


def run_use(args: argparse.Namespace, ctx: Context) -> int:
    config = local_config(ctx)
    name = args.model
    if looks_like_path(name):
        name = str(Path(name).expanduser().absolute())
    elif config.imported_model(name) is None:
        entry = find_entry(name)
        if entry is None:
            raise UsageError(_("no catalog or imported model called '{name}'").format(name=name))
        name = entry.model_id
    save_local(ctx, dataclasses.replace(config, model=name, mmproj=""), make_current=True)
    ctx.err.print(
        escape(_("Captions now come from the local backend with {model}.").format(model=name))
    )
    return EXIT_OK
