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
from desktop_app.backends.local.captioner import choose_model
from desktop_app.backends.local.config import (
    BACKEND_ID,
    PIXEL_LEVEL_TOKENS,
    LocalConfig,
    physical_cores,
    resolved_threads,
)
from desktop_app.backends.local.hf_cache import offline_mode
from desktop_app.backends.local.manager import ModelManager
from desktop_app.backends.local.protocol import BuildInfo
from desktop_app.backends.local.worker import WorkerDied, describe_exit, probe_build
from desktop_app.cli.common import EXIT_FAILED, EXIT_OK, Context, Subcommands
from desktop_app.core.build_info import packaged_build
from desktop_app.core.captioning import where_captions_go
from desktop_app.core.secrets import SecretStore
from desktop_app.errors import CaptionerError
from desktop_app.metadata.embedded import WRITER_ID as EMBEDDED
from desktop_app.metadata.exiftool_install import ExifToolMissing, find_exiftool


def add_parser(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "doctor",
        help="report ExifTool, the llama.cpp build, GPU offload, threads and model files",
        description="Which ExifTool writes captions into photos, what the local backend "
        "runs on (llama-cpp-python build, GPU offload, CPU features, threads) and which "
        "model files it would use.",
    )
    parser.set_defaults(handler=run_doctor)


def run_doctor(args: argparse.Namespace, ctx: Context) -> int:
    out = ctx.out
    config: LocalConfig = ctx.settings.backend_config(BACKEND_ID)
    out.print(
        f"Folder Captioner {__version__}, Python {platform.python_version()} on "
        f"{platform.system()} {platform.machine()}"
    )
    package = packaged_build()
    installed = package.summary() if package else "from source (not a packaged build)"
    out.print(f"Installed: {installed}")
    out.print(f"Current backend: {ctx.settings.backend}")
    healthy = _report_exiftool(ctx)
    healthy = _report_build(ctx) and healthy
    _report_threads(ctx, config)
    healthy = _report_models(ctx, config) and healthy
    _report_openai(ctx)
    return EXIT_OK if healthy else EXIT_FAILED


def _report_exiftool(ctx: Context) -> bool:
    """ExifTool writes embedded captions; without it only that destination fails."""
    out = ctx.out
    out.print("\n[bold]ExifTool (captions inside the photos)[/]")
    embedded = EMBEDDED in ctx.settings.write.destinations
    try:
        install = find_exiftool()
    except ExifToolMissing as missing:
        colour = "red" if embedded else "yellow"
        out.print(f"  [{colour}]{escape(missing.message)}[/]")
        out.print(f"  {escape(missing.hint)}")
        return not embedded
    out.print(f"  {escape(install.describe())}")
    out.print(f"  {escape(where_captions_go(ctx.settings))}")
    return True


def _report_build(ctx: Context) -> bool:
    out = ctx.out
    out.print("\n[bold]llama.cpp (local backend)[/]")
    try:
        info: BuildInfo = asyncio.run(probe_build())
    except ModuleNotFoundError:
        out.print("  llama-cpp-python is not installed: pip install llama-cpp-python")
        return False
    except WorkerDied as died:
        error = describe_exit(died.exitcode, died.log_tail, while_loading=True)
        out.print(f"  [red]Loading llama.cpp failed:[/] {error.user_message()}")
        return False
    gpu = (
        "yes: layers go to the GPU by default"
        if info.gpu_offload
        else "no (a CPU build; see README 'GPU builds')"
    )
    out.print(f"  llama-cpp-python {info.llama_cpp_version}")
    out.print(f"  GPU offload: {gpu}")
    out.print(f"  build: {info.system_info}")
    return True


def _report_threads(ctx: Context, config: LocalConfig) -> None:
    cpus = os.cpu_count() or 1
    chosen = "auto" if not config.threads else str(config.threads)
    ctx.out.print(
        f"  threads: {resolved_threads(config)} ({chosen}; {physical_cores()} physical cores, "
        f"{cpus} logical CPUs)"
    )
    level = config.pixel_level
    ctx.out.print(
        f"  pixel level: {level} ({PIXEL_LEVEL_TOKENS[level]} vision tokens); flash attention: "
        f"{'on' if config.flash_attn else 'off'}; GPU layers: "
        f"{'auto' if config.gpu_layers is None else config.gpu_layers}"
    )


def _report_models(ctx: Context, config: LocalConfig) -> bool:
    out = ctx.out
    manager = ModelManager()
    out.print("\n[bold]Models[/]")
    out.print(
        f"  Hugging Face cache: {manager.cache_dir}"
        + (" (HF_HUB_OFFLINE)" if offline_mode() else "")
    )
    for state in manager.states():
        where = state.files[0].path.parent if state.files[0].path else None
        status = f"downloaded in {where}" if state.downloaded else "not downloaded"
        out.print(f"  {state.entry.model_id}: {status}")
    for imported in config.imported:
        out.print(f"  {imported.name} (imported): {imported.model} + {Path(imported.mmproj).name}")
    try:
        choice = choose_model(config, manager)
    except CaptionerError as error:
        out.print(f"  configured model '{config.model}': [yellow]{error.user_message()}[/]")
        return ctx.settings.backend != BACKEND_ID
    out.print(f"  configured model: {choice.name}")
    out.print(f"    model:     {choice.model}")
    out.print(f"    projector: {choice.mmproj or '(looked for next to the model)'}")
    return True


def _report_openai(ctx: Context) -> None:
    config = ctx.settings.backend_config(openai_compat.BACKEND_ID)
    base_url = os.environ.get(openai_compat.BASE_URL_ENV) or config.base_url
    has_key = SecretStore().get_secret(openai_compat.API_KEY_SECRET, openai_compat.API_KEY_ENV)
    ctx.out.print("\n[bold]OpenAI-compatible server[/]")
    ctx.out.print(
        f"  {base_url}, model {config.model or '(the first it lists)'}, "
        f"key: {'set' if has_key else 'none'}"
    )
