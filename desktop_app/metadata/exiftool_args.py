"""The ExifTool arguments that write one caption, and the plan they are made from.

One caption goes to the three fields photo tools read (XMP ``dc:description`` as the
``x-default`` entry of its lang-alt, so other languages stay; EXIF ``ImageDescription``;
IIM Caption-Abstract where the format has IIM), keywords are only ever added (to
``dc:subject``, IIM, and the hierarchical lists a file already keeps), and the
caption's title, alt text and provenance go to XMP.

IIM: 1:90 is set to UTF-8, and the text datasets stored in Latin-1 (the default
when 1:90 is absent) are written again as UTF-8 so they keep their value (ExifTool by
itself would leave their bytes to be misread as UTF-8); every other dataset keeps its
bytes. The caption is cut to 2000 bytes and keywords to 64, on a character boundary
(XMP and EXIF keep them whole). ExifTool edits every IIM copy the file keeps (a
FotoStation or AFCP trailer too), and stores a new IPTC digest where there was one.

Values that an argument line cannot carry exactly (line breaks, leading spaces) go
through a file (``-TAG<=FILE``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.metadata import iim
from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.containers import Container
from desktop_app.metadata.iim_names import EXIFTOOL_NAMES
from desktop_app.metadata.provenance import PROMPT_MAX_CHARS, Origin, Provenance
from desktop_app.metadata.snapshot import XmpLists

WITH_IIM = frozenset({Container.JPEG, Container.TIFF, Container.PSD})
LANGUAGE = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")

ValueFile = Callable[[str], Path]


@dataclass(frozen=True)
class EmbedPlan:
    """What the file holds now that decides what to write."""

    container: Container
    lists: XmpLists
    iim: tuple[iim.DataSet, ...] | None  # None: the format has no IIM
    has_digest: bool = False


class Arguments:
    """Builds ``-TAG=VALUE`` arguments, through a file where a line cannot hold one."""

    def __init__(self, value_file: ValueFile) -> None:
        self.args: list[str] = []
        self._value_file = value_file

    def set(self, tag: str, value: str, *, add: bool = False) -> None:
        operator = "+=" if add else "="
        if "\n" in value or "\r" in value or value[:1].isspace() or "\x00" in value:
            path = self._value_file(value.replace("\x00", ""))
            self.args.append(f"-{tag}{operator[:-1]}<={path}")
        else:
            self.args.append(f"-{tag}{operator}{value}")

    def delete(self, tag: str) -> None:
        self.args.append(f"-{tag}=")


def write_args(caption: CaptionData, plan: EmbedPlan, value_file: ValueFile) -> list[str]:
    """Everything ExifTool needs to write ``caption`` (the file names excepted)."""
    out = Arguments(value_file)
    text = caption.text.strip()
    _lang_alt(out, "XMP-dc:Description", text, caption.languages)
    _keywords(out, caption, plan.lists)
    language = caption.default_language
    for tag, value in (
        ("XMP-dc:Title", caption.title),
        ("XMP-iptcCore:AltTextAccessibility", caption.alt_text),
    ):
        if value.strip():
            entries = [(language, value.strip())] if language else []
            _lang_alt(out, tag, value.strip(), entries)
    if caption.provenance is not None:
        _provenance(out, caption.provenance)
    out.set("IFD0:ImageDescription", text)
    if plan.iim is not None:
        _iim(out, plan.iim, text, caption.keywords)
        if plan.has_digest:
            out.args.append("-Photoshop:IPTCDigest=new")
    return out.args


def _iim(
    out: Arguments, datasets: Sequence[iim.DataSet], text: str, keywords: Sequence[str]
) -> None:
    charset = iim.charset_of(datasets)
    out.set("IPTC:CodedCharacterSet", "UTF8")
    out.set("IPTC:Caption-Abstract", iim.iim_caption(text))
    converted = {d.tag for d in datasets if d.is_text and iim.needs_conversion(d, charset)}
    existing = [iim.decode(d.data, charset) for d in datasets if d.tag == iim.KEYWORDS]
    added = _added(existing, [iim.iim_keyword(k) for k in keywords])
    if iim.KEYWORDS in converted:  # the whole list again, converted, then the new ones
        for keyword in [*existing, *added]:
            out.set("IPTC:Keywords", keyword)
    else:
        for keyword in added:
            out.set("IPTC:Keywords", keyword, add=True)
    for tag in sorted(converted - {iim.KEYWORDS, iim.CAPTION, iim.CHARSET}):
        name = EXIFTOOL_NAMES.get(tag)
        if name is None:
            continue  # a dataset ExifTool does not know: the check will see if it reads alike
        for dataset in datasets:
            if dataset.tag == tag:
                out.set(f"IPTC:{name}", iim.decode(dataset.data, charset))


def _lang_alt(out: Arguments, tag: str, text: str, languages: Sequence[tuple[str, str]]) -> None:
    """``x-default`` and the given languages; languages already there stay."""
    out.set(f"{tag}-x-default", text)
    for language, value in languages:
        if LANGUAGE.match(language) and language.lower() != "x-default":
            out.set(f"{tag}-{language}", value.strip())


def _added(current: Sequence[str], new: Sequence[str]) -> list[str]:
    return iim.merged_keywords(current, new)[len(current) :]


def _keywords(out: Arguments, caption: CaptionData, lists: XmpLists) -> None:
    keywords, paths = caption.keywords, caption.hierarchical_keywords
    for keyword in _added(lists.subject, keywords):
        out.set("XMP-dc:Subject", keyword, add=True)
    if paths:
        hierarchy = _added(lists.hierarchical or (), paths)
    elif keywords and lists.hierarchical is not None:
        hierarchy = _added(lists.hierarchical, keywords)
    else:
        hierarchy = []
    for path in hierarchy:
        out.set("XMP-lr:HierarchicalSubject", path, add=True)
    if lists.digikam is not None and (keywords or paths):
        tags = [path.replace("|", "/") for path in paths] or list(keywords)
        for tag in _added(lists.digikam, tags):
            out.set("XMP-digiKam:TagsList", tag, add=True)


def _provenance(out: Arguments, provenance: Provenance) -> None:
    """A generated caption says which model wrote it; an edit says a person did."""
    if provenance.origin is Origin.GENERATED:
        values = {
            "XMP-iptcExt:AISystemUsed": provenance.ai_system or provenance.model,
            "XMP-iptcExt:AISystemVersionUsed": provenance.ai_system_version,
            "XMP-iptcExt:AIPromptInformation": provenance.prompt[:PROMPT_MAX_CHARS],
            "XMP-iptcExt:AIPromptWriterName": provenance.prompt_writer,
            "XMP-fcap:Backend": provenance.backend,
            "XMP-fcap:Model": provenance.model,
            "XMP-fcap:Generator": provenance.generator,
            "XMP-fcap:GeneratedAt": provenance.when,
        }
        for tag, value in values.items():
            if value.strip():
                out.set(tag, value.strip())
            else:
                out.delete(tag)
        out.delete("XMP-fcap:EditedAt")
    else:
        for name in ("AISystemUsed", "AISystemVersionUsed", "AIPromptInformation"):
            out.delete(f"XMP-iptcExt:{name}")
        out.delete("XMP-iptcExt:AIPromptWriterName")
        out.set("XMP-fcap:EditedAt", provenance.when)
    out.set("XMP-fcap:CaptionSource", provenance.origin.value)
