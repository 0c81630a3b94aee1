"""The user's keyword vocabulary: imported from Lightroom Classic or a plain list.

Lightroom Classic's "Export Keywords" file is one keyword per line, indented with one
tab per level of its hierarchy. A line in braces, ``{Seagull}``, is a synonym of the
keyword above it; a keyword in brackets, ``[Places]``, has "Include on Export" off: a
category that organises the tree but is never written to a photo on its own. A plain
list is one keyword per line, optionally as a path (``Animals|Birds|Gull``). Both are
read by the same parser: a plain list is a hierarchy with no indentation.

Keywords the model chooses are mapped to the vocabulary by name, synonym or path
(ignoring case and accents) and written the way Lightroom exports them by default: the
keyword, its synonyms and its exportable parents as flat keywords (``dc:subject``, IIM),
and its full path as a hierarchical keyword (``lr:hierarchicalSubject``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.errors import CaptionerError
from desktop_app.i18n import lazy_gettext

PATH_SEPARATOR = "|"
# A keyword longer than this is not a keyword (a pasted paragraph, a binary file).
MAX_KEYWORD_CHARS = 200


class VocabularyError(CaptionerError):
    code = "vocabulary"
    stops_run = True


@dataclass(frozen=True)
class Keyword:
    name: str
    parents: tuple[str, ...] = ()  # ancestor names, the root first
    synonyms: tuple[str, ...] = ()
    exported: bool = True  # Lightroom's "Include on Export"

    @property
    def path(self) -> str:
        return PATH_SEPARATOR.join((*self.parents, self.name))


@dataclass(frozen=True)
class ResolvedKeywords:
    """What to write for the keywords a model chose."""

    flat: tuple[str, ...] = ()  # dc:subject, IIM 2:25
    hierarchical: tuple[str, ...] = ()  # lr:hierarchicalSubject paths
    chosen: tuple[str, ...] = ()  # the vocabulary keywords matched, by name
    unmatched: tuple[str, ...] = ()  # what the model said that is not in the vocabulary


def fold(term: str) -> str:
    """A term as it is compared: case, accents and spacing ignored ("Möwe" = "mowe")."""
    decomposed = unicodedata.normalize("NFKD", term.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.replace("_", " ").split())


class Vocabulary:
    """A parsed keyword list; immutable after construction, safe to share."""

    def __init__(self, keywords: Sequence[Keyword], source: str = "") -> None:
        self.keywords = tuple(keywords)
        self.source = source
        self._by_term: dict[str, Keyword] = {}
        self._parents: dict[str, Keyword] = {}
        for keyword in self.keywords:
            self._parents.setdefault(fold(keyword.path), keyword)
        for keyword in self.keywords:  # names first, so a synonym never hides a name
            self._by_term.setdefault(fold(keyword.name), keyword)
            self._by_term.setdefault(fold(keyword.path), keyword)
        for keyword in self.keywords:
            for synonym in keyword.synonyms:
                self._by_term.setdefault(fold(synonym), keyword)

    def __len__(self) -> int:
        return len(self.keywords)

    def choices(self) -> tuple[str, ...]:
        """The keywords a model may choose: exportable names, each once, in file order.

        A name used in two branches (Paris in France and in Texas) is offered once and
        maps to its first branch.
        """
        seen: dict[str, str] = {}
        for keyword in self.keywords:
            if keyword.exported:
                seen.setdefault(fold(keyword.name), keyword.name)
        return tuple(seen.values())

    def lookup(self, term: str) -> Keyword | None:
        """The keyword ``term`` names (by name, synonym or path), else None."""
        folded = fold(term)
        found = self._by_term.get(folded)
        if found is None and folded.endswith("s"):
            found = self._by_term.get(folded[:-1])  # "gulls" -> Gull
        return found

    def resolve(
        self,
        terms: Iterable[str],
        *,
        include_parents: bool = True,
        include_synonyms: bool = True,
        keep_unmatched: bool = False,
    ) -> ResolvedKeywords:
        """Map a model's keywords onto the vocabulary; see the module docstring."""
        flat: dict[str, str] = {}
        hierarchical: dict[str, str] = {}
        chosen: dict[str, str] = {}
        unmatched: list[str] = []
        for term in terms:
            keyword = self.lookup(term)
            if keyword is None or not keyword.exported:
                if term.strip():
                    unmatched.append(term.strip())
                continue
            chosen.setdefault(fold(keyword.name), keyword.name)
            hierarchical.setdefault(fold(keyword.path), keyword.path)
            for word in self._flat_words(keyword, include_parents, include_synonyms):
                flat.setdefault(fold(word), word)
        if keep_unmatched:
            for term in unmatched:
                flat.setdefault(fold(term), term)
        return ResolvedKeywords(
            tuple(flat.values()),
            tuple(hierarchical.values()),
            tuple(chosen.values()),
            tuple(unmatched),
        )

    def _flat_words(self, keyword: Keyword, parents: bool, synonyms: bool) -> list[str]:
        words = [keyword.name]
        if synonyms:
            words += keyword.synonyms
        if parents:
            for depth in range(len(keyword.parents), 0, -1):
                parent = self._parents.get(fold(PATH_SEPARATOR.join(keyword.parents[:depth])))
                if parent is not None and parent.exported:
                    words.append(parent.name)
        return words


# -- reading files -------------------------------------------------------------------


def parse_keyword_list(text: str, source: str = "") -> Vocabulary:
    """A Lightroom keyword export or a plain list (one keyword or path per line)."""
    keywords: list[_Node] = []
    stack: list[_Node] = []  # the open branch: stack[i] is at depth i
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        name = line.lstrip("\t").strip()
        if not name:
            continue
        depth = len(line) - len(line.lstrip("\t"))
        if len(name) > MAX_KEYWORD_CHARS:
            raise VocabularyError(
                lazy_gettext(
                    "Line {number} of the keyword list is not a keyword ({length} characters).",
                    number=number,
                    length=len(name),
                ),
                lazy_gettext(
                    "Import Lightroom's Metadata > Export Keywords file or a plain text list."
                ),
            )
        if name.startswith("{") and name.endswith("}"):
            owner = stack[depth - 1] if 0 < depth <= len(stack) else None
            if owner is not None and name[1:-1].strip():
                owner.synonyms.append(name[1:-1].strip())
            continue
        exported = not (name.startswith("[") and name.endswith("]"))
        name = name if exported else name[1:-1].strip()
        del stack[min(depth, len(stack)) :]
        parents = [node.name for node in stack]
        *path_parents, leaf = [part.strip() for part in name.split(PATH_SEPARATOR)]
        for part in path_parents:  # "Animals|Birds|Gull" on one line
            node = _Node(part, tuple(parents), exported=True)
            keywords.append(node)
            stack.append(node)
            parents.append(part)
        node = _Node(leaf, tuple(parents), exported=exported)
        keywords.append(node)
        stack.append(node)
    return Vocabulary(_deduplicated(keywords), source)


def read_keyword_file(path: Path) -> Vocabulary:
    """Read and parse a keyword list; a clear error when it cannot be used."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise VocabularyError(
            lazy_gettext(
                "Cannot read the keyword list {path}: {error}.",
                path=path,
                error=exc.strerror or str(exc),
            ),
            lazy_gettext("Check the path and the file's permissions."),
        ) from exc
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise VocabularyError(
            lazy_gettext("{name} is not a text file.", name=path.name),
            lazy_gettext(
                "Export the keywords from Lightroom (Metadata > Export Keywords) or write one "
                "keyword per line."
            ),
        )
    vocabulary = parse_keyword_list(_decode(raw), str(path))
    if not vocabulary.choices():
        raise VocabularyError(
            lazy_gettext("{name} holds no keywords that can be written to photos.", name=path.name),
            lazy_gettext(
                "Check that it is a keyword list; keywords in [brackets] are categories only."
            ),
        )
    return vocabulary


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM, Lightroom writes both), UTF-16, else Windows-1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def format_keyword_list(vocabulary: Vocabulary) -> str:
    """The vocabulary in Lightroom's export format (how an import is stored)."""
    lines: list[str] = []
    for keyword in vocabulary.keywords:
        indent = "\t" * len(keyword.parents)
        lines.append(indent + (keyword.name if keyword.exported else f"[{keyword.name}]"))
        lines.extend(f"{indent}\t{{{synonym}}}" for synonym in keyword.synonyms)
    return "\n".join(lines) + "\n"


@dataclass
class _Node:
    name: str
    parents: tuple[str, ...]
    exported: bool
    synonyms: list[str] = field(default_factory=list)


def _deduplicated(nodes: list[_Node]) -> list[Keyword]:
    """One keyword per path (a path line repeats its parents), synonyms merged."""
    by_path: dict[str, Keyword] = {}
    for node in nodes:
        keyword = Keyword(node.name, node.parents, tuple(node.synonyms), node.exported)
        key = fold(keyword.path)
        previous = by_path.get(key)
        if previous is None:
            by_path[key] = keyword
        else:
            synonyms = tuple(dict.fromkeys(previous.synonyms + keyword.synonyms))
            by_path[key] = Keyword(
                previous.name, previous.parents, synonyms, previous.exported and keyword.exported
            )
    return list(by_path.values())
