"""Structured captions: what to ask for, the JSON schema that says it, and reading answers.

A plain caption is one string. A structured one is a JSON object: the caption, the same
caption in other languages, and, where a preset asks, a short title, alt text and
keywords (chosen from the user's vocabulary when there is one). Every backend gets the
same :class:`OutputSchema` on the request and decides how to make the model keep it:
the local model decodes under a grammar made from :meth:`OutputSchema.json_schema`
(valid JSON by construction), an OpenAI-compatible server gets ``response_format``, and
the text-only cloud API gets instructions in the prompt. Whatever comes back is read by
:func:`parse_answer`, which repairs what models typically get wrong (code fences, prose
around the object, trailing commas, an answer cut off by the token limit) and falls back
to the whole text as a plain caption, so a caption is never lost to a format problem.

Every string in the schema has a ``maxLength`` and the keyword list a ``maxItems``: with
grammar-constrained decoding that bounds the answer's length, so even a model that never
chooses to stop (random weights do not) ends inside ``worst_case_tokens``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.backends.json_repair import find_json_object, strip_fences
from desktop_app.backends.languages import language_name, normalise_language

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Listing the vocabulary in the prompt helps the model choose, but a long list would
# crowd out the caption instructions (and the cloud API limits prompt length).
PROMPT_VOCABULARY_CHARS = 1500
# Worst-case tokens per character under a grammar: a byte-level vocabulary may spell a
# character as up to four byte tokens, and an escape (\u00e9) takes six.
TOKENS_PER_CHAR_WORST = 6
JSON_OVERHEAD_TOKENS = 24
# A structured answer may take its worst case (every string at its longest) only up to
# this many times a well-behaved answer's tokens; past that it is cut and its JSON
# closed (close_json_prefix): that keeps a local model's context, and memory, bounded.
STRUCTURED_TOKEN_FACTOR = 4
STRUCTURED_MIN_TOKENS = 1024


@dataclass(frozen=True)
class OutputSchema:
    """What a structured caption holds. ``languages[0]`` is the default language."""

    languages: tuple[str, ...] = ("en",)
    caption_chars: int = 600
    title: bool = False
    title_chars: int = 80
    alt_text: bool = False
    alt_text_chars: int = 250
    max_keywords: int = 0  # 0: no keywords
    keyword_chars: int = 48
    # When set, keywords must be among these (a JSON-schema enum where decoding can be
    # constrained; instructions and filtering otherwise).
    vocabulary: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.languages:
            raise ValueError("an output schema needs at least one language")
        normalised = tuple(dict.fromkeys(normalise_language(code) for code in self.languages))
        object.__setattr__(self, "languages", normalised)
        if min(self.caption_chars, self.title_chars, self.alt_text_chars) < 1:
            raise ValueError("text lengths must be positive")

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def wants_keywords(self) -> bool:
        return self.max_keywords > 0

    def caption_key(self, language: str) -> str:
        """The JSON property of one language's caption: ``caption`` for the default."""
        if language == self.default_language:
            return "caption"
        return "caption_" + language.lower().replace("-", "_")

    def json_schema(self) -> dict[str, Any]:
        """A JSON schema every answer must match (properties in answer order)."""
        text = {"type": "string", "minLength": 1}
        properties: dict[str, Any] = {}
        for language in self.languages:
            properties[self.caption_key(language)] = {**text, "maxLength": self.caption_chars}
        if self.title:
            properties["title"] = {**text, "maxLength": self.title_chars}
        if self.alt_text:
            properties["alt_text"] = {**text, "maxLength": self.alt_text_chars}
        if self.wants_keywords:
            item: dict[str, Any] = (
                {"type": "string", "enum": list(self.vocabulary)}
                if self.vocabulary
                else {**text, "maxLength": self.keyword_chars}
            )
            properties["keywords"] = {"type": "array", "items": item, "maxItems": self.max_keywords}
        return {
            "type": "object",
            "properties": properties,
            "required": list(properties),
            "additionalProperties": False,
        }

    def worst_case_tokens(self) -> int:
        """The most tokens a grammar-constrained answer can take, whatever the model.

        Free text can cost TOKENS_PER_CHAR_WORST tokens per character; what the grammar
        fixes (property names, vocabulary terms) at most one token per UTF-8 byte; and
        each separator may carry the grammar's optional space.
        """
        free = self.caption_chars * len(self.languages)
        free += self.title_chars * self.title + self.alt_text_chars * self.alt_text
        if self.vocabulary:
            longest = max(len(term.encode("utf-8")) for term in self.vocabulary)
            keywords = self.max_keywords * (longest + 4)
        else:
            keywords = self.max_keywords * (self.keyword_chars * TOKENS_PER_CHAR_WORST + 4)
        keys = sum(len(key.encode("utf-8")) + 6 for key in self.json_schema()["properties"])
        return JSON_OVERHEAD_TOKENS + keys + keywords + free * TOKENS_PER_CHAR_WORST

    def typical_tokens(self, caption_tokens: int) -> int:
        """Enough tokens for a well-behaved model: each caption's budget plus the rest."""
        extra = 24 * self.title + 64 * self.alt_text + 6 * self.max_keywords
        return JSON_OVERHEAD_TOKENS + caption_tokens * len(self.languages) + extra


def answer_token_limit(schema: OutputSchema | None, caption_tokens: int) -> int:
    """The ``max_tokens`` for an answer: the caption's budget, or for a structured
    answer room for its worst case, within STRUCTURED_TOKEN_FACTOR of a typical one."""
    if schema is None:
        return caption_tokens
    typical = schema.typical_tokens(caption_tokens)
    return min(
        schema.worst_case_tokens(), max(STRUCTURED_TOKEN_FACTOR * typical, STRUCTURED_MIN_TOKENS)
    )


@dataclass(frozen=True)
class StructuredAnswer:
    """A model's answer read into fields. ``structured`` is False for the plain fallback."""

    caption: str
    captions: Mapping[str, str] = field(default_factory=dict)  # language -> caption
    title: str = ""
    alt_text: str = ""
    keywords: tuple[str, ...] = ()
    structured: bool = True


def instructions(schema: OutputSchema, *, constrained: bool) -> str:
    """What to append to the user's prompt so the model answers in the schema's shape.

    ``constrained`` says decoding is held to the schema by a grammar: the model still
    needs to know what each field means, but not every rule of the format.
    """
    example: dict[str, Any] = {}
    for language in schema.languages:
        what = "the caption" if language == schema.default_language else "the same caption"
        example[schema.caption_key(language)] = f"<{what} in {language_name(language)}>"
    if schema.title:
        example["title"] = f"<a short title, at most 8 words, in {_default_name(schema)}>"
    if schema.alt_text:
        example["alt_text"] = (
            f"<alt text for a screen reader, one sentence, in {_default_name(schema)}>"
        )
    if schema.wants_keywords:
        example["keywords"] = [f"<up to {schema.max_keywords} keywords>"]
    lines = [
        "",
        "Answer with one JSON object and nothing else, in this form:",
        json.dumps(example, ensure_ascii=False),
    ]
    if schema.wants_keywords:
        lines.append(_keyword_instruction(schema, constrained=constrained))
    if not constrained:
        lines.append("Do not wrap the JSON in code fences or add any other text.")
    return "\n".join(lines)


def _default_name(schema: OutputSchema) -> str:
    return language_name(schema.default_language)


def _keyword_instruction(schema: OutputSchema, *, constrained: bool) -> str:
    if not schema.vocabulary:
        return (
            f"Keywords: single words or short phrases in {_default_name(schema)}, "
            "most important first."
        )
    listed = ", ".join(schema.vocabulary)
    if len(listed) <= PROMPT_VOCABULARY_CHARS:
        return f"Choose keywords only from this list: {listed}."
    if constrained:
        return "Choose keywords only from the photographer's keyword list."
    return (
        "Choose keywords a photographer would use for this image: short, specific, "
        "most important first."
    )


def prompt_with_instructions(
    prompt: str, schema: OutputSchema | None, *, constrained: bool = False
) -> str:
    """The prompt a backend sends: the user's, plus the format instructions if any."""
    if schema is None:
        return prompt
    return prompt.rstrip() + "\n" + instructions(schema, constrained=constrained)


# -- reading answers -------------------------------------------------------------------


def parse_answer(text: str, schema: OutputSchema) -> StructuredAnswer:
    """The fields of an answer; a plain-text caption when no JSON object can be found."""
    found = find_json_object(text)
    if found is None:
        return _plain(text, schema)
    caption = _text(found.get("caption"))
    captions = {schema.default_language: caption} if caption else {}
    for language in schema.languages[1:]:
        translated = _text(found.get(schema.caption_key(language)))
        if translated:
            captions[language] = translated
    if not caption:
        # Some models nest the languages ({"caption": {"en": ...}}) or name them.
        caption = _nested_caption(found, schema, captions)
    if not caption:
        return _plain(text, schema)
    return StructuredAnswer(
        caption=caption,
        captions=captions,
        title=_text(found.get("title")) if schema.title else "",
        alt_text=_text(found.get("alt_text") or found.get("alt")) if schema.alt_text else "",
        keywords=_keywords(found.get("keywords"), schema),
    )


def _nested_caption(
    found: Mapping[str, Any], schema: OutputSchema, captions: dict[str, str]
) -> str:
    nested = found.get("caption") or found.get("captions")
    if isinstance(nested, Mapping):
        for language in schema.languages:
            value = _text(nested.get(language))
            if value:
                captions[language] = value
    for key in ("description", "text"):
        value = _text(found.get(key))
        if value and schema.default_language not in captions:
            captions[schema.default_language] = value
    return captions.get(schema.default_language, "")


def _plain(text: str, schema: OutputSchema) -> StructuredAnswer:
    """The fallback: the answer as a caption, minus anything that looks like format."""
    cleaned = strip_fences(text).strip()
    caption = cleaned
    keywords: tuple[str, ...] = ()
    match = re.search(r"(?im)^\s*(?:keywords|tags)\s*:\s*(.+)$", cleaned)
    if match and schema.wants_keywords:
        keywords = _keywords(re.split(r"[,;]", match.group(1)), schema)
        caption = (cleaned[: match.start()] + cleaned[match.end() :]).strip()
    caption = re.sub(r"(?i)^\s*caption\s*:\s*", "", caption).strip()
    return StructuredAnswer(
        caption=caption,
        captions={schema.default_language: caption} if caption else {},
        keywords=keywords,
        structured=False,
    )


def _text(value: object) -> str:
    """A string value with control characters dropped and whitespace collapsed."""
    if not isinstance(value, str):
        return ""
    return " ".join(_CONTROL.sub(" ", value).split())


def _keywords(value: object, schema: OutputSchema) -> tuple[str, ...]:
    """At most ``max_keywords`` distinct keywords (case-insensitive), in answer order."""
    if isinstance(value, str):
        value = re.split(r"[,;]", value)
    if not isinstance(value, Sequence) or not schema.wants_keywords:
        return ()
    chosen: dict[str, str] = {}
    for item in value:
        keyword = _text(item).strip(" .#\"'")[: schema.keyword_chars * 2]
        if keyword and keyword.casefold() not in chosen:
            chosen[keyword.casefold()] = keyword
    return tuple(chosen.values())[: schema.max_keywords]


def _strip_fences(text: str) -> str:
    return re.sub(r"```[a-zA-Z]*", "", text)
