"""Prompt presets: the built-in ones (from the cloud models' own examples) and the user's.

A preset is a named prompt plus a sensible output length, and what else it produces:
keywords, a title, alt text, and the languages it writes (empty: the settings' own).
Built-ins live in ``resources/presets.json``; user presets are stored with the settings
and may shadow a built-in of the same name (so "concise" can be tuned without losing
the original). A prompt may use template variables (``{place}``, ``{date}``...), see
:mod:`desktop_app.core.templates`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from desktop_app.core.resources import load_json_resource
from desktop_app.errors import CaptionerError
from desktop_app.i18n import lazy_gettext

PRESETS_RESOURCE = "presets.json"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


class UnknownPreset(CaptionerError):
    code = "unknown-preset"
    stops_run = True


@dataclass(frozen=True)
class PromptPreset:
    name: str
    title: str
    prompt: str
    description: str = ""
    max_tokens: int | None = None
    builtin: bool = False
    keywords: bool = False
    short_title: bool = False  # ("title" is the preset's own name in lists)
    alt_text: bool = False
    languages: tuple[str, ...] = ()  # e.g. ("en", "de", "fr"); the first is the default

    @property
    def produces(self) -> str:
        """What the preset writes besides the caption, for lists ("title, keywords; en, de")."""
        parts = [
            name
            for name, wanted in (
                ("title", self.short_title),
                ("alt text", self.alt_text),
                ("keywords", self.keywords),
            )
            if wanted
        ]
        text = ", ".join(parts)
        if self.languages:
            text = f"{text}; {', '.join(self.languages)}" if text else ", ".join(self.languages)
        return text

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(
                f"preset name {self.name!r}: use lower-case letters, digits, '-' or '_'"
            )
        if not self.prompt.strip():
            raise ValueError(f"preset {self.name!r} has an empty prompt")


def slugify(title: str) -> str:
    """A preset name made from a title ("My tags!" -> "my-tags")."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:63] or "preset"


def _preset_from(data: Mapping[str, Any], *, builtin: bool) -> PromptPreset:
    return PromptPreset(
        name=str(data["name"]),
        title=str(data.get("title") or data["name"]),
        prompt=str(data["prompt"]),
        description=str(data.get("description", "")),
        max_tokens=int(data["max_tokens"]) if data.get("max_tokens") else None,
        builtin=builtin,
        keywords=bool(data.get("keywords", False)),
        short_title=bool(data.get("short_title", False)),
        alt_text=bool(data.get("alt_text", False)),
        languages=tuple(str(code) for code in data.get("languages", ())),
    )


@cache
def builtin_presets() -> tuple[PromptPreset, ...]:
    data = load_json_resource(PRESETS_RESOURCE)
    return tuple(_preset_from(item, builtin=True) for item in data["presets"])


@cache
def default_preset_name() -> str:
    return str(load_json_resource(PRESETS_RESOURCE)["default"])


def all_presets(user_presets: Iterable[PromptPreset] = ()) -> list[PromptPreset]:
    """Built-ins first, in their order; a user preset replaces a built-in of its name."""
    merged = {preset.name: preset for preset in builtin_presets()}
    for preset in user_presets:
        merged[preset.name] = preset
    return list(merged.values())


def find_preset(name: str, user_presets: Iterable[PromptPreset] = ()) -> PromptPreset:
    presets = all_presets(user_presets)
    for preset in presets:
        if preset.name == name:
            return preset
    names = ", ".join(p.name for p in presets)
    raise UnknownPreset(
        lazy_gettext("There is no prompt preset called '{name}'.", name=name),
        lazy_gettext("Known presets: {names}.", names=names),
    )
