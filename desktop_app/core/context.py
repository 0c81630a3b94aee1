"""A prompt made for one photo: its template variables filled from the file.

The pipeline calls :func:`prompt_for` on a prepare thread for every image (reading
metadata and looking up a place cost milliseconds there, and nothing when the prompt
uses no file variables); the CLI's ``prompt`` command and the window's preview call the
same function, so what a user previews is exactly what the model is sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.backends.structured import OutputSchema, prompt_with_instructions
from desktop_app.core.places import Place, place_at
from desktop_app.core.templates import FILE_VARIABLES, fill, variables_in
from desktop_app.metadata.base import SidecarNaming
from desktop_app.metadata.facts import PhotoFacts, read_facts

log = logging.getLogger(__name__)
MAX_KEYWORDS_IN_PROMPT = 25


@dataclass(frozen=True)
class PromptContext:
    """The variable values for one photo (empty strings for what is unknown)."""

    values: dict[str, str]
    facts: PhotoFacts
    place: Place | None

    def known(self) -> dict[str, str]:
        return {name: value for name, value in self.values.items() if value}


def context_for(
    image: Path,
    *,
    read_file: bool = True,
    naming: SidecarNaming = SidecarNaming.ADOBE,
) -> PromptContext:
    """The values of every template variable for ``image``."""
    facts = read_facts(image, naming) if read_file else PhotoFacts()
    place = None
    if facts.latitude is not None and facts.longitude is not None:
        place = place_at(round(facts.latitude, 5), round(facts.longitude, 5))
    taken = facts.taken
    values = {
        "folder": image.parent.name,
        "filename": image.stem,
        "date": f"{taken.day} {taken:%B %Y}" if taken else "",
        "time": f"{taken:%H:%M}" if taken else "",
        "year": str(taken.year) if taken else "",
        "month": f"{taken:%B}" if taken else "",
        "camera": facts.camera or "",
        "lens": facts.lens or "",
        "title": facts.title or "",
        "keywords": ", ".join(facts.keywords[:MAX_KEYWORDS_IN_PROMPT]),
        "place": place.label if place else "",
        "city": place.city if place else "",
        "region": place.region if place else "",
        "country": place.country if place else "",
    }
    return PromptContext(values, facts, place)


def uses_context(template: str) -> bool:
    return bool(variables_in(template))


def prompt_for(
    template: str,
    image: Path,
    *,
    use_context: bool = True,
    naming: SidecarNaming = SidecarNaming.ADOBE,
) -> str:
    """``template`` filled for ``image``. With ``use_context`` off, every variable is
    unknown (its optional parts disappear): the same prompt for every photo."""
    names = variables_in(template)
    if not names:
        return template
    if not use_context:
        return fill(template, {})
    reads_file = bool(names & FILE_VARIABLES)
    return fill(template, context_for(image, read_file=reads_file, naming=naming).values)


def prompt_or_plain(
    template: str, image: Path, use_context: bool, naming: SidecarNaming = SidecarNaming.ADOBE
) -> str:
    """``prompt_for``, and should the photo's context fail in a way nobody foresaw, the
    prompt without it: a caption is never refused for its context."""
    try:
        return prompt_for(template, image, use_context=use_context, naming=naming)
    except Exception:
        log.exception("could not fill the prompt for %s; using it without context", image)
        return prompt_for(template, image, use_context=False)


@dataclass(frozen=True)
class PromptPreview:
    """What the model is sent for one photo, and the context it was made from."""

    image: Path
    template: str
    prompt: str  # the template filled, plus the structured-output instructions
    context: dict[str, str]  # the variables that have a value for this photo
    schema: dict[str, Any] | None  # the JSON schema structured answers must match


def preview_prompt(
    template: str,
    image: Path,
    output: OutputSchema | None,
    *,
    use_context: bool = True,
    naming: SidecarNaming = SidecarNaming.ADOBE,
) -> PromptPreview:
    """The prompt for ``image`` exactly as the pipeline makes it (see ``prompt_for``).
    Reads the file: call it off the GUI thread."""
    filled = prompt_for(template, image, use_context=use_context, naming=naming)
    known = context_for(image, naming=naming).known() if use_context else {}
    return PromptPreview(
        image=image,
        template=template,
        prompt=prompt_with_instructions(filled, output),
        context=known,
        schema=output.json_schema() if output is not None else None,
    )
