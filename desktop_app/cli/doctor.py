"""``folder-captioner doctor``: which ExifTool writes captions into photos, and what
the local backend would run on, and with what.

The llama.cpp build is asked from a short-lived worker process, as captioning would:
the app itself never loads llama.cpp, and a build that crashes on this CPU shows up
here as a clear report instead of taking the command down.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
from pathlib import Path

from rich.markup import escape

from desktop_app import __version__
from desktop_app.backends import openai_compat
from desktop_app.backends.local.config import (
    BACKEND_ID,
    PIXEL_LEVEL_TOKENS,
    LocalConfig,
    physical_cores,
    resolved_threads,
)
from desktop_app.backends.local.cpu_variants import cpu_backend_lines
from desktop_app.backends.local.hf_cache import offline_mode
from desktop_app.backends.local.manager import ModelManager
from desktop_app.backends.local.model_choice import choose_model
from desktop_app.backends.local.protocol import BuildInfo
from desktop_app.backends.local.worker import WorkerDied, describe_exit, probe_build
from desktop_app.cli.common import EXIT_FAILED, EXIT_OK, Context, Subcommands
from desktop_app.core.build_info import packaged_build
from desktop_app.core.captioning import where_captions_go
from desktop_app.core.secrets import SecretStore
from desktop_app.errors import CaptionerError
from desktop_app.i18n import _
from desktop_app.metadata.embedded import WRITER_ID as EMBEDDED
from desktop_app.metadata.exiftool_install import ExifToolMissing, find_exiftool


def add_parser(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "doctor",
        help=_("report ExifTool, the llama.cpp build, GPU offload, threads and model files"),
        description=_(
            "Which ExifTool writes captions into photos, what the local backend runs on "
            "(llama-cpp-python build, GPU offload, CPU features, threads) and which model "
            "files it would use."
        ),
    )
    parser.set_defaults(handler=run_doctor)


def run_doctor(args: argparse.Namespace, ctx: Context) -> int:
    out = ctx.out
    config: LocalConfig = ctx.settings.backend_config(BACKEND_ID)
    out.print(
        _("Folder Captioner {version}, Python {python} on {system} {machine}").format(
            version=__version__,
            python=platform.python_version(),
            system=platform.system(),
            machine=platform.machine(),
        )
    )
    package = packaged_build()
    installed = package.summary() if package else _("from source (not a packaged build)")
    out.print(escape(_("Installed: {how}").format(how=installed)))
    out.print(_("Current backend: {backend}").format(backend=ctx.settings.backend))
    healthy = _report_exiftool(ctx)
    healthy = _report_build(ctx) and healthy
    _report_threads(ctx, config)
    healthy = _report_models(ctx, config) and healthy
    _report_openai(ctx)
    return EXIT_OK if healthy else EXIT_FAILED


def _report_exiftool(ctx: Context) -> bool:
    """ExifTool writes embedded captions; without it only that destination fails."""
    out = ctx.out
    heading = escape(_("ExifTool (captions inside the photos)"))
    out.print(f"\n[bold]{heading}[/]")
    embedded = EMBEDDED in ctx.settings.write.destinations
    try:
        install = find_exiftool()
    except ExifToolMissing as missing:
        colour = "red" if embedded else "yellow"
        out.print(f"  [{colour}]{escape(missing.message)}[/]")
        out.print(f"  {escape(missing.hint)}")
        return not embedded
    out.print(f"  {escape(install.describe())}")
    out.print(f"  {escape(str(where_captions_go(ctx.settings)))}")
    return True


def _report_build(ctx: Context) -> bool:
    out = ctx.out
    heading = escape(_("llama.cpp (local backend)"))
    out.print(f"\n[bold]{heading}[/]")
    try:
        info: BuildInfo = asyncio.run(probe_build())
    except ModuleNotFoundError:
        out.print("  " + _("llama-cpp-python is not installed: pip install llama-cpp-python"))
        return False
    except WorkerDied as died:
        error = describe_exit(died.exitcode, died.log_tail, while_loading=True)
        failed = escape(_("Loading llama.cpp failed:"))
        out.print(f"  [red]{failed}[/] {escape(error.user_message())}")
        return False
    if info.gpu_offload:
        gpu = _("yes: layers go to the GPU by default")
    else:
        gpu = _("no (a CPU build; see README 'GPU builds')")
    out.print(f"  llama-cpp-python {info.llama_cpp_version}")  # names only
    out.print("  " + _("GPU offload: {answer}").format(answer=gpu))
    for line in cpu_backend_lines(info):
        out.print("  " + escape(line))
    out.print("  " + escape(_("build: {features}").format(features=info.system_info)))
    if info.devices:
        devices = _("devices: {devices}").format(devices="; ".join(info.devices))
        out.print("  " + escape(devices))
    return True


def _report_threads(ctx: Context, config: LocalConfig) -> None:
    cpus = os.cpu_count() or 1
    automatic = _("auto")
    chosen = automatic if not config.threads else str(config.threads)
    threads = _("threads: {threads} ({chosen}; {cores} physical cores, {cpus} logical CPUs)")
    ctx.out.print(
        "  "
        + threads.format(
            threads=resolved_threads(config), chosen=chosen, cores=physical_cores(), cpus=cpus
        )
    )
    level = config.pixel_level
    details = _(
        "pixel level: {level} ({tokens} vision tokens); flash attention: {flash}; "
        "GPU layers: {layers}"
    )
    ctx.out.print(
        "  "
        + details.format(
            level=level,
            tokens=PIXEL_LEVEL_TOKENS[level],
            flash=_("on") if config.flash_attn else _("off"),
            layers=automatic if config.gpu_layers is None else config.gpu_layers,
        )
    )


def _report_models(ctx: Context, config: LocalConfig) -> bool:
    out = ctx.out
    manager = ModelManager()
    heading = escape(_("Models"))
    out.print(f"\n[bold]{heading}[/]")
    cache = _("Hugging Face cache: {folder}").format(folder=manager.cache_dir)
    offline = " (HF_HUB_OFFLINE)" if offline_mode() else ""  # names only
    out.print("  " + escape(cache) + offline)
    for state in manager.states(config.vision_projector):
        where = state.files[0].path.parent if state.files[0].path else None
        if state.downloaded:
            status = _("downloaded in {folder}").format(folder=where)
        else:
            status = _("not downloaded")
        projector = _("vision projector {file}").format(file=state.projector.file.filename)
        out.print(escape(f"  {state.entry.model_id}: {status} ({projector})"))
    for imported in config.imported:
        line = _("{name} (imported): {model} + {projector}").format(
            name=imported.name, model=imported.model, projector=Path(imported.mmproj).name
        )
        out.print("  " + escape(line))
    try:
        choice = choose_model(config, manager)
    except CaptionerError as error:
        configured = escape(_("configured model '{model}':").format(model=config.model))
        out.print(f"  {configured} [yellow]{escape(error.user_message())}[/]")
        return ctx.settings.backend != BACKEND_ID
    out.print("  " + escape(_("configured model: {model}").format(model=choice.name)))
    projector = choice.mmproj or _("(looked for next to the model)")
    for label, value in ((_("model:"), choice.model), (_("projector:"), projector)):
        out.print(escape(f"    {label:<11}{value}"))
    return True


def _report_openai(ctx: Context) -> None:
    config = ctx.settings.backend_config(openai_compat.BACKEND_ID)
    base_url = os.environ.get(openai_compat.BASE_URL_ENV) or config.base_url
    has_key = SecretStore().get_secret(openai_compat.API_KEY_SECRET, openai_compat.API_KEY_ENV)
    heading = escape(_("OpenAI-compatible server"))
    ctx.out.print(f"\n[bold]{heading}[/]")
    server = _("{url}, model {model}, key: {key}").format(
        url=base_url,
        model=config.model or _("(the first it lists)"),
        key=_("set") if has_key else _("none"),
    )
    ctx.out.print("  " + escape(server))
