"""Who wrote a caption: a machine (which model, through what, when, from which prompt),
or a person who edited it. Kept in XMP beside the caption.

The IPTC Photo Metadata Standard (2025.1) names the AI facts: ``Iptc4xmpExt:
AISystemUsed``, ``AISystemVersionUsed``, ``AIPromptInformation`` and
``AIPromptWriterName``. They describe the text as it stands, so they are written with a
generated caption and removed when a person edits it. What they have no place for
(which backend, when it was generated or edited, and whether a person has edited it
since) goes into the app's own namespace, ``fcap``, which keeps the generation facts
after an edit as history: "written by Qwen2.5-VL on ..., edited on ...".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from desktop_app.i18n import Text, lazy_gettext

APP_NAMESPACE = "http://ns.folder-captioner.org/caption/1.0/"
APP_PREFIX = "fcap"

AI_SYSTEM = "Xmp.iptcExt.AISystemUsed"
AI_SYSTEM_VERSION = "Xmp.iptcExt.AISystemVersionUsed"
AI_PROMPT = "Xmp.iptcExt.AIPromptInformation"
AI_PROMPT_WRITER = "Xmp.iptcExt.AIPromptWriterName"
IPTC_AI_KEYS = (AI_SYSTEM, AI_SYSTEM_VERSION, AI_PROMPT, AI_PROMPT_WRITER)

SOURCE = f"Xmp.{APP_PREFIX}.CaptionSource"
BACKEND = f"Xmp.{APP_PREFIX}.Backend"
MODEL = f"Xmp.{APP_PREFIX}.Model"
GENERATOR = f"Xmp.{APP_PREFIX}.Generator"
GENERATED_AT = f"Xmp.{APP_PREFIX}.GeneratedAt"
EDITED_AT = f"Xmp.{APP_PREFIX}.EditedAt"
APP_KEYS = (SOURCE, BACKEND, MODEL, GENERATOR, GENERATED_AT, EDITED_AT)
PROVENANCE_KEYS = IPTC_AI_KEYS + APP_KEYS
# The IPTC prompt field is free text; a prompt longer than this is cut (the index keeps it).
PROMPT_MAX_CHARS = 2000


class Origin(enum.Enum):
    GENERATED = "generated"
    EDITED = "edited"


def now_iso() -> str:
    """The current time as XMP dates are written: ISO 8601 with the UTC offset."""
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


@dataclass(frozen=True)
class Provenance:
    """How the caption being written came about."""

    origin: Origin
    when: str  # ISO 8601
    backend: str = ""
    model: str = ""
    ai_system: str = ""  # what people call the model ("Qwen2.5-VL-3B-Instruct")
    ai_system_version: str = ""  # the exact build ("runware:152@1", a GGUF file name)
    prompt: str = ""
    prompt_writer: str = ""
    generator: str = ""  # the app and its version

    @classmethod
    def edited(cls, when: str | None = None) -> Provenance:
        return cls(Origin.EDITED, when or now_iso())


@dataclass(frozen=True)
class ProvenanceFound:
    """The provenance a file's XMP holds."""

    origin: Origin | None
    ai_system: str = ""
    backend: str = ""
    model: str = ""
    generated_at: str = ""
    edited_at: str = ""


def write_provenance(xmp: Any, provenance: Provenance) -> None:
    """Mark a generated caption as such, or an edited one as a person's."""
    if provenance.origin is Origin.GENERATED:
        values = {
            AI_SYSTEM: provenance.ai_system or provenance.model,
            AI_SYSTEM_VERSION: provenance.ai_system_version,
            AI_PROMPT: provenance.prompt[:PROMPT_MAX_CHARS],
            AI_PROMPT_WRITER: provenance.prompt_writer,
            BACKEND: provenance.backend,
            MODEL: provenance.model,
            GENERATOR: provenance.generator,
            GENERATED_AT: provenance.when,
        }
        for key, value in values.items():
            _set_or_remove(xmp, key, value)
        _remove(xmp, EDITED_AT)
    else:
        for key in IPTC_AI_KEYS:  # they describe machine text; this text is a person's
            _remove(xmp, key)
        xmp[EDITED_AT] = provenance.when
    xmp[SOURCE] = provenance.origin.value


def read_provenance(xmp: Any) -> ProvenanceFound | None:
    """What the XMP says about the caption's origin; None when it says nothing."""
    source = _text(xmp, SOURCE)
    ai_system = _text(xmp, AI_SYSTEM)
    if not source and not ai_system:
        return None
    try:
        origin: Origin | None = Origin(source) if source else Origin.GENERATED
    except ValueError:
        origin = None
    return ProvenanceFound(
        origin=origin,
        ai_system=ai_system,
        backend=_text(xmp, BACKEND),
        model=_text(xmp, MODEL),
        generated_at=_text(xmp, GENERATED_AT),
        edited_at=_text(xmp, EDITED_AT),
    )


def provenance_problems(xmp: Any, provenance: Provenance) -> list[Text]:
    """What did not read back after writing ``provenance`` (for verification)."""
    found = read_provenance(xmp)
    if found is None or found.origin is not provenance.origin:
        return [lazy_gettext("the caption's provenance did not read back")]
    if provenance.origin is Origin.EDITED and any(key in xmp for key in IPTC_AI_KEYS):
        return [lazy_gettext("the AI properties of the replaced caption are still there")]
    return []


def _text(xmp: Any, key: str) -> str:
    return str(xmp[key].toString()).strip() if key in xmp else ""


def _set_or_remove(xmp: Any, key: str, value: str) -> None:
    if value.strip():
        xmp[key] = value.strip()
    else:
        _remove(xmp, key)


def _remove(xmp: Any, key: str) -> None:
    if key in xmp:
        del xmp[key]
