"""From settings (plus one-off overrides) to the parts of a run.

The CLI and the GUI both build runs here, so an option means the same thing in both:
which backend and model, which prompt, which pixel budget, which destinations.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any

from desktop_app.backends import openai_compat, runware
from desktop_app.backends import registry as backends
from desktop_app.backends.base import Captioner
from desktop_app.core.content import (
    ContentPlan,
    KeywordPolicy,
    language_instruction,
    load_vocabulary,
    output_schema,
)
from desktop_app.core.imaging import pixel_level
from desktop_app.core.pipeline import PromptChoice, RunOptions
from desktop_app.core.prompts import PromptPreset, find_preset
from desktop_app.core.secrets import SecretStore
from desktop_app.core.settings import OverwritePolicy, Settings
from desktop_app.core.templates import check_template
from desktop_app.i18n import Text, join_texts, lazy_gettext
from desktop_app.metadata.base import SidecarNaming, WriteOptions
from desktop_app.metadata.embedded import WRITER_ID as EMBEDDED
from desktop_app.metadata.exiftool_install import ExifToolMissing, find_exiftool
from desktop_app.metadata.registry import WriterSet, writer_set
from desktop_app.metadata.registry import where_captions_go as registry_where

# Environment variables that override a backend's stored settings (not secrets).
_ENV_OVERRIDES: dict[str, dict[str, str]] = {
    runware.BACKEND_ID: {"api_url": runware.API_URL_ENV},
    openai_compat.BACKEND_ID: {"base_url": openai_compat.BASE_URL_ENV},
}


@dataclass(frozen=True)
class Overrides:
    """One-off choices from the command line or a dialog; None keeps the setting."""

    backend: str | None = None
    backend_options: dict[str, Any] | None = None
    preset: str | None = None
    prompt: str | None = None
    max_tokens: int | None = None
    pixel_level: str | None = None
    destinations: tuple[str, ...] | None = None
    overwrite: bool | None = None
    concurrency: int | None = None
    sidecar_naming: SidecarNaming | None = None
    keep_mtime: bool | None = None
    xmp_for_all: bool | None = None
    # Structured captions (issue 8); None keeps the preset's and the settings' choice.
    languages: tuple[str, ...] | None = None
    keywords: int | None = None  # how many keywords; 0: none; KEYWORDS_AS_SET: as set
    vocabulary: str | None = None  # a keyword list file for this run
    title: bool | None = None
    alt_text: bool | None = None
    use_context: bool | None = None
    mark_provenance: bool | None = None
    keep_edited: bool | None = None  # with overwrite: leave captions a person edited


NO_OVERRIDES = Overrides()
KEYWORDS_AS_SET = -1  # Overrides.keywords: on, with the settings' number


def effective_backend_config(settings: Settings, overrides: Overrides = NO_OVERRIDES) -> Any:
    """The backend's stored config, then environment overrides, then one-off options."""
    backend_id = overrides.backend or settings.backend
    config = settings.backend_config(backend_id)
    fields = {f.name for f in dataclasses.fields(config)}
    env_fields = {
        name: os.environ[var]
        for name, var in _ENV_OVERRIDES.get(backend_id, {}).items()
        if os.environ.get(var)
    }
    options = dict(overrides.backend_options or {})
    not_applicable = sorted(name for name in options if name not in fields)
    if not_applicable:
        names = ", ".join(f"--{name.replace('_', '-')}" for name in not_applicable)
        raise ValueError(f"{names} does not apply to the {backend_id} backend")
    # A pixel level chosen for this run also lifts a backend's own cap (local models).
    if overrides.pixel_level and "pixel_level" in fields:
        options.setdefault("pixel_level", overrides.pixel_level)
    changes = {**env_fields, **options}
    return dataclasses.replace(config, **changes) if changes else config


def build_captioner(
    settings: Settings, overrides: Overrides = NO_OVERRIDES, secrets: SecretStore | None = None
) -> Captioner:
    backend_id = overrides.backend or settings.backend
    spec = backends.get_backend(backend_id)
    config = effective_backend_config(settings, overrides)
    return spec.create(config, secrets or SecretStore())


def prompt_choice(settings: Settings, overrides: Overrides = NO_OVERRIDES) -> PromptChoice:
    prompts = settings.prompts
    preset = find_preset(overrides.preset or prompts.preset, prompts.user_presets)
    text = overrides.prompt or (prompts.custom_prompt if not overrides.preset else "")
    check_template(text or preset.prompt)
    max_tokens = overrides.max_tokens or prompts.max_tokens or preset.max_tokens
    content = content_plan(settings, overrides, preset, max_tokens)
    instruction = language_instruction(content)
    return PromptChoice(
        text=" ".join(part for part in (text or preset.prompt, instruction) if part),
        preset=None if text else preset.name,
        max_tokens=max_tokens,
        temperature=prompts.temperature,
        content=content,
    )


def content_plan(
    settings: Settings,
    overrides: Overrides,
    preset: PromptPreset,
    max_tokens: int | None,
) -> ContentPlan:
    """What this run's captions hold: the run's choice, else the preset's, else the
    settings'. A preset adds what it produces; it never turns a setting off."""
    content = settings.content
    languages = overrides.languages or preset.languages or content.languages
    if overrides.keywords == KEYWORDS_AS_SET:
        max_keywords = content.max_keywords
    elif overrides.keywords is not None:
        max_keywords = overrides.keywords
    elif overrides.vocabulary:  # a vocabulary for this run means keywords from it
        max_keywords = content.max_keywords
    else:
        wanted = preset.keywords or content.keywords
        max_keywords = content.max_keywords if wanted else 0
    title = _first(overrides.title, preset.short_title or content.title)
    alt_text = _first(overrides.alt_text, preset.alt_text or content.alt_text)
    vocabulary = None
    if max_keywords:
        vocabulary = load_vocabulary(
            overrides.vocabulary if overrides.vocabulary is not None else content.vocabulary
        )
    return ContentPlan(
        output=output_schema(
            languages=tuple(languages),
            max_keywords=max_keywords,
            title=title,
            alt_text=alt_text,
            vocabulary=vocabulary,
            caption_tokens=max_tokens,
        ),
        languages=tuple(languages),
        keywords=KeywordPolicy(
            vocabulary=vocabulary,
            vocabulary_only=content.vocabulary_only,
            include_parents=content.include_parents,
            include_synonyms=content.include_synonyms,
        ),
        use_context=_first(overrides.use_context, content.use_context),
        mark_provenance=_first(overrides.mark_provenance, content.mark_provenance),
        prompt_writer=content.prompt_writer,
    )


def _first(override: bool | None, default: bool) -> bool:
    return default if override is None else override


def run_options(settings: Settings, overrides: Overrides = NO_OVERRIDES) -> RunOptions:
    images = settings.images
    overwrite = (
        overrides.overwrite
        if overrides.overwrite is not None
        else settings.write.overwrite is OverwritePolicy.OVERWRITE
    )
    return RunOptions(
        prompt=prompt_choice(settings, overrides),
        budget=pixel_level(overrides.pixel_level or images.pixel_level),
        jpeg_quality=images.jpeg_quality,
        max_source_pixels=images.max_source_pixels,
        overwrite=overwrite,
        concurrency=overrides.concurrency or settings.concurrency or None,
        keep_edited=bool(overrides.keep_edited),
        sidecar_naming=write_options(settings, overrides).sidecar_naming,
    )


def write_options(settings: Settings, overrides: Overrides = NO_OVERRIDES) -> WriteOptions:
    """The stored write settings with this run's one-off choices applied."""
    changes = {
        name: value
        for name in ("sidecar_naming", "keep_mtime", "xmp_for_all")
        if (value := getattr(overrides, name)) is not None
    }
    return dataclasses.replace(settings.write.options(), **changes)


def build_writers(settings: Settings, overrides: Overrides = NO_OVERRIDES) -> WriterSet:
    destinations = overrides.destinations or settings.write.destinations
    return writer_set(destinations, write_options(settings, overrides))


def check_writers_can_work(settings: Settings, overrides: Overrides = NO_OVERRIDES) -> Text | None:
    """Before a run sends anything: a reason it would write nothing (raised), or a
    warning (returned) when ExifTool is missing but other destinations still work."""
    destinations = overrides.destinations or settings.write.destinations
    if EMBEDDED not in destinations:
        return None
    try:
        find_exiftool()
    except ExifToolMissing as missing:
        if len(set(destinations)) == 1:
            raise ExifToolMissing(
                missing.message_text,
                join_texts(
                    missing.hint_text,
                    lazy_gettext("Or choose another destination (--write txt or xmp)."),
                ),
            ) from None
        return join_texts(missing.message_text, lazy_gettext("The other destinations are written."))
    return None


def where_captions_go(settings: Settings, overrides: Overrides = NO_OVERRIDES) -> Text:
    """The first line of a run: where its captions will be written."""
    destinations = overrides.destinations or settings.write.destinations
    return registry_where(destinations, write_options(settings, overrides))
