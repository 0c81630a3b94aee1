"""What a caption holds besides its text: keywords from the user's vocabulary, languages,
a title, alt text, and the mark saying a machine wrote it.

Settings say what the user wants by default, a preset can ask for more (a "stock"
preset wants a title and keywords), and one run can override both. This module turns
those into the two things a run needs: an :class:`OutputSchema` for the captioner (what
to ask the model for) and, when the answer comes back, the :class:`CaptionData` to
write (keywords mapped through the vocabulary, languages as lang-alt entries,
provenance).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desktop_app import APP_DISPLAY_NAME, __version__
from desktop_app.backends.base import CaptionResult
from desktop_app.backends.languages import language_name, normalise_language
from desktop_app.backends.structured import OutputSchema
from desktop_app.core.library import CaptionRecord, CaptionSource, NewCaption
from desktop_app.core.paths import app_dirs
from desktop_app.core.vocabulary import Vocabulary, read_keyword_file
from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.provenance import Origin, Provenance, now_iso

log = logging.getLogger(__name__)
# A vocabulary up to this size becomes an enum in the JSON schema (decoding can only
# pick its terms); a larger one is described in the prompt and filtered afterwards
# (bench_structured measures what an enum costs per token).
MAX_ENUM_TERMS = 1000
CHARS_PER_CAPTION_TOKEN = 5
DEFAULT_CAPTION_CHARS = 600


@dataclass(frozen=True)
class ContentSettings:
    """The defaults for structured captions (a preset or one run may ask for more)."""

    keywords: bool = False
    max_keywords: int = 15
    vocabulary: str = ""  # a keyword list file ('keywords import' keeps a copy)
    vocabulary_only: bool = True  # drop keywords the vocabulary does not have
    include_parents: bool = True  # Lightroom's "Export Containing Keywords"
    include_synonyms: bool = True  # Lightroom's "Export Synonyms"
    title: bool = False
    alt_text: bool = False
    # Empty: captions in whatever language the prompt asks for, written as x-default
    # only. Set: the first is the default language (x-default, EXIF, IIM), and every
    # one gets its own lang-alt entry.
    languages: tuple[str, ...] = ()
    use_context: bool = True  # fill the prompt's template variables from the photo
    mark_provenance: bool = True
    prompt_writer: str = ""  # your name, for custom prompts (IPTC AI Prompt Writer Name)

    def __post_init__(self) -> None:
        if not 1 <= self.max_keywords <= 100:
            raise ValueError("max_keywords must be between 1 and 100")
        object.__setattr__(
            self, "languages", tuple(dict.fromkeys(map(normalise_language, self.languages)))
        )


@dataclass(frozen=True)
class KeywordPolicy:
    """How the model's keywords become the keywords written."""

    vocabulary: Vocabulary | None = None
    vocabulary_only: bool = True
    include_parents: bool = True
    include_synonyms: bool = True


@dataclass(frozen=True)
class ContentPlan:
    """What one run asks for and how it writes the answers."""

    output: OutputSchema | None = None  # None: a plain caption
    languages: tuple[str, ...] = ()
    keywords: KeywordPolicy = field(default_factory=KeywordPolicy)
    use_context: bool = True
    mark_provenance: bool = True
    prompt_writer: str = ""


def vocabulary_file() -> Path:
    """Where an imported vocabulary is kept (a copy, so the source may move)."""
    return app_dirs().data / "vocabulary.txt"


def load_vocabulary(path: str) -> Vocabulary | None:
    return read_keyword_file(Path(path).expanduser()) if path.strip() else None


def output_schema(
    *,
    languages: tuple[str, ...],
    max_keywords: int,
    title: bool,
    alt_text: bool,
    vocabulary: Vocabulary | None,
    caption_tokens: int | None,
) -> OutputSchema | None:
    """The schema to ask for, or None when a plain caption is all that is wanted."""
    if not (max_keywords or title or alt_text or len(languages) > 1):
        return None
    choices = vocabulary.choices() if vocabulary is not None else ()
    if len(choices) > MAX_ENUM_TERMS:
        log.info("vocabulary of %d keywords: filtered after captioning", len(choices))
        choices = ()
    chars = DEFAULT_CAPTION_CHARS
    if caption_tokens:
        chars = min(4000, max(120, caption_tokens * CHARS_PER_CAPTION_TOKEN))
    return OutputSchema(
        languages=languages or ("en",),
        caption_chars=chars,
        title=title,
        alt_text=alt_text,
        max_keywords=max_keywords,
        vocabulary=choices,
    )


def language_instruction(plan: ContentPlan) -> str:
    """For a plain caption in a set language: the sentence that asks for it."""
    if plan.output is not None or not plan.languages:
        return ""
    return f"Write the caption in {language_name(plan.languages[0])}."


def caption_data(
    result: CaptionResult | CaptionRecord,
    plan: ContentPlan,
    *,
    prompt: str,
    preset: str | None,
) -> CaptionData:
    """What to write for a model's answer, or for a remembered caption being reused
    (a copy of the image was captioned before: same words, same provenance)."""
    if isinstance(result, CaptionResult):
        flat, hierarchical = resolve_keywords(result.keywords, plan.keywords)
        captions = dict(result.captions)
        origin: Origin | None = Origin.GENERATED
        backend, model, when = result.backend, result.model, now_iso()
    else:
        flat, hierarchical = result.keywords, result.hierarchical_keywords
        captions = dict(result.languages)
        origin = _ORIGINS.get(result.source)
        backend, model = result.backend or "", result.model or ""
        when = datetime.fromtimestamp(result.created_at).astimezone().isoformat("T", "seconds")
    text = result.text
    if plan.languages and plan.languages[0] not in captions:
        captions[plan.languages[0]] = text  # a plain answer in the one language asked
    languages = tuple((lang, captions[lang]) for lang in plan.languages if captions.get(lang))
    provenance = None
    if plan.mark_provenance and origin is Origin.GENERATED:
        provenance = generated_provenance(
            backend, model, prompt=prompt, preset=preset, writer=plan.prompt_writer, when=when
        )
    elif plan.mark_provenance and origin is Origin.EDITED:
        provenance = Provenance.edited(when)
    return CaptionData(
        text=text,
        keywords=flat,
        hierarchical_keywords=hierarchical,
        languages=languages,
        title=result.title,
        alt_text=result.alt_text,
        provenance=provenance,
    )


_ORIGINS = {CaptionSource.GENERATED: Origin.GENERATED, CaptionSource.EDITED: Origin.EDITED}


def resolve_keywords(
    keywords: tuple[str, ...], policy: KeywordPolicy
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(flat, hierarchical) keywords to write for what the model chose."""
    if policy.vocabulary is None:
        return keywords, ()
    resolved = policy.vocabulary.resolve(
        keywords,
        include_parents=policy.include_parents,
        include_synonyms=policy.include_synonyms,
        keep_unmatched=not policy.vocabulary_only,
    )
    return resolved.flat, resolved.hierarchical


def generated_provenance(
    backend: str, model: str, *, prompt: str, preset: str | None, writer: str, when: str
) -> Provenance:
    return Provenance(
        Origin.GENERATED,
        when,
        backend=backend,
        model=model,
        ai_system=ai_system_name(backend, model),
        ai_system_version=model,
        prompt=prompt,
        prompt_writer=writer or (f"{APP_DISPLAY_NAME} preset '{preset}'" if preset else ""),
        generator=f"{APP_DISPLAY_NAME} {__version__}",
    )


def ai_system_name(backend: str, model: str) -> str:
    """What people call the model: "Qwen2.5-VL-3B-Instruct" rather than runware:152@1."""
    from desktop_app.backends import runware
    from desktop_app.backends.local.catalog import find_entry

    if backend == runware.BACKEND_ID:
        return runware.KNOWN_MODELS.get(model, model)
    entry = find_entry(model) if model else None
    return entry.title if entry is not None else model


def new_caption(
    data: CaptionData, base: NewCaption, *, prompt_writer: str | None = None
) -> NewCaption:
    """``base`` (source, backend, cost...) with what was written, for the index."""
    return NewCaption(
        text=data.text,
        source=base.source,
        keywords=data.keywords,
        backend=base.backend,
        model=base.model,
        prompt=base.prompt,
        preset=base.preset,
        cost=base.cost,
        timings=base.timings,
        usage=base.usage,
        written_to=base.written_to,
        hierarchical_keywords=data.hierarchical_keywords,
        languages=dict(data.languages),
        title=data.title,
        alt_text=data.alt_text,
        prompt_writer=prompt_writer
        if prompt_writer is not None
        else (data.provenance.prompt_writer if data.provenance else None),
    )
