"""``folder-captioner models list|download|import|remove|use``: local model files.

Catalog models live in the Hugging Face cache (shared with other tools); imported
models are GGUF pairs the user already has, remembered by name in the settings and
never moved or deleted by the app.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

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


def add_parser(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "models",
        help="list, download, import or remove local models",
        description="Local Qwen2.5-VL models: the catalog's are downloaded into the "
        "Hugging Face cache (and reused from it); your own GGUF pairs can be imported.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="catalog and imported models, and what is here")
    listing.set_defaults(handler=run_list)
    download = actions.add_parser("download", help="download a catalog model (resumable)")
    download.add_argument("model", nargs="?", help="catalog id (default: the configured one)")
    download.add_argument("--use", action="store_true", help="make it the local model")
    download.add_argument(
        "--projector",
        choices=PROJECTOR_CHOICES,
        help="which vision projector: q8_0 (faster on a CPU; what auto downloads) or f16 "
        "(the reference); an explicit choice is remembered (default: the setting)",
    )
    download.set_defaults(handler=run_download)
    importing = actions.add_parser("import", help="use a GGUF pair you already have")
    importing.add_argument("model_file", type=Path, metavar="MODEL.gguf")
    importing.add_argument("--mmproj", type=Path, help="the projector (default: found beside)")
    importing.add_argument("--name", help="the name to use it by (default: the file's)")
    importing.add_argument("--use", action="store_true", help="make it the local model")
    importing.set_defaults(handler=run_import)
    remove = actions.add_parser("remove", help="delete a catalog model or forget an import")
    remove.add_argument("model", help="catalog id or imported name")
    remove.set_defaults(handler=run_remove)
    use = actions.add_parser("use", help="caption with this model from now on")
    use.add_argument("model", help="catalog id, imported name or .gguf path")
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
    return f"{size / 1e9:.2f} GB" if size >= 1e8 else f"{size / 1e6:.1f} MB"


def _status(state: ModelState) -> str:
    if state.downloaded:
        return f"downloaded ({state.files[0].path})"
    partial = sum(f.partial for f in state.files)
    present = [f.file.filename for f in state.files if f.path is not None]
    if partial:
        return f"partly downloaded ({_size(partial)} kept; 'models download' resumes)"
    if present:
        return f"incomplete: only {', '.join(present)}"
    return "not downloaded"


def _projectors(state: ModelState) -> str:
    """Each published projector's type; which one is used, which is the default, which
    are here: ``Q8_0 (used, default, here), F16 (here)``."""
    parts = []
    for projector in state.projectors:
        kind = precision_of_file(projector.file).upper() or projector.file.filename
        marks = []
        if projector.file == state.projector.file:
            marks.append("used")
        if projector.file == state.entry.mmproj:
            marks.append("default")
        if projector.path is not None:
            marks.append("here")
        parts.append(f"{kind} ({', '.join(marks)})" if marks else kind)
    return ", ".join(parts)


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    manager = ModelManager()
    config = local_config(ctx)
    current = config.model
    table = Table(title="Local models")
    table.add_column("model", no_wrap=True)  # the names people type
    for heading in ("what", "size", "status"):
        table.add_column(heading)
    for state in manager.states(config.vision_projector):
        entry = state.entry
        marker = " (current)" if find_entry(current) == entry else ""
        names = ", ".join((entry.model_id, *entry.aliases))
        what = f"{entry.title}: {entry.note}" if entry.note else entry.title
        what += f"; vision projector {_projectors(state)}"
        size = entry.model.size + state.projector.file.size
        table.add_row(names + marker, what, _size(size), _status(state))
    for imported in config.imported:
        marker = " (current)" if imported.name == current else ""
        present = Path(imported.model).is_file() and Path(imported.mmproj).is_file()
        status = "imported" if present else "imported, but a file is missing"
        table.add_row(imported.name + marker, imported.model, "", status)
    if looks_like_path(current):
        table.add_row(f"{Path(current).name} (current)", current, "", "used by path")
    ctx.out.print(table)
    ctx.out.print(
        f"Vision projector setting: {config.vision_projector} (auto: Q8_0, or the one "
        "downloaded; 'models download --projector f16' changes it)."
    )
    ctx.out.print(f"Hugging Face cache: {manager.cache_dir}")
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
        label = {"download": "", "verify": " (verifying)", "reused": " (already here)"}
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
        raise UsageError(f"'{name}' is not a catalog model; choose one of: {known}")
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
        ctx.err.print("Stopped. Run the same command again to continue where it stopped.")
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
        ctx.err.print(f"The local backend now uses {entry.model_id}.")
    if updated.vision_projector != config.vision_projector:
        ctx.err.print(f"Vision projector: {args.projector} from now on.")
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
        raise UsageError(f"'{name}' is a catalog model's name; choose another with --name")
    imported = ImportedModel(name, str(pair.model), str(pair.mmproj))
    config = local_config(ctx)
    kept = tuple(m for m in config.imported if m.name != name)
    config = dataclasses.replace(config, imported=(*kept, imported))
    if args.use:
        config = dataclasses.replace(config, model=name, mmproj="")
    save_local(ctx, config, make_current=args.use)
    ctx.out.print(f"Imported {name}:")
    ctx.out.print(f"  model      {pair.model} ({_size(pair.model_info.file_size)})")
    ctx.out.print(f"  projector  {pair.mmproj} ({_size(pair.mmproj_info.file_size)})")
    ctx.err.print(
        "The files stay where they are. "
        + ("It is now the local model." if args.use else f"Use it with --model {name}.")
    )
    return EXIT_OK


def run_remove(args: argparse.Namespace, ctx: Context) -> int:
    config = local_config(ctx)
    imported = config.imported_model(args.model)
    if imported is not None:
        remaining = tuple(m for m in config.imported if m.name != imported.name)
        save_local(ctx, dataclasses.replace(config, imported=remaining))
        ctx.err.print(f"Forgot {imported.name}; its files were left in place.")
        return EXIT_OK
    entry = find_entry(args.model)
    if entry is None:
        raise UsageError(f"no catalog or imported model called '{args.model}'")
    freed = ModelManager().remove(entry.model_id)
    if freed:
        ctx.err.print(f"Removed {entry.model_id} from the Hugging Face cache ({_size(freed)}).")
    else:
        ctx.err.print(f"{entry.model_id} was not downloaded.")
    return EXIT_OK


def run_use(args: argparse.Namespace, ctx: Context) -> int:
    config = local_config(ctx)
    name = args.model
    if looks_like_path(name):
        name = str(Path(name).expanduser().absolute())
    elif config.imported_model(name) is None:
        entry = find_entry(name)
        if entry is None:
            raise UsageError(f"no catalog or imported model called '{name}'")
        name = entry.model_id
    save_local(ctx, dataclasses.replace(config, model=name, mmproj=""), make_current=True)
    ctx.err.print(f"Captions now come from the local backend with {name}.")
    return EXIT_OK
