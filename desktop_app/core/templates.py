"""Prompt templates: variables filled from the photo, with no holes where one is unknown.

``{place}`` is replaced by the variable's value. A part in square brackets is kept only
when every variable in it has a value, so a sentence fragment disappears with its
variable: ``A photo[ taken in {place}][ on {date}].`` becomes ``A photo taken in
Zermatt, Valais, Switzerland.`` for a photo with GPS but no date, and ``A photo.`` for
one with neither. A variable outside brackets that has no value is dropped, and the
spaces and commas around it tidied. ``{{``, ``}}``, ``\\[`` and ``\\]`` are literal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from desktop_app.errors import CaptionerError
from desktop_app.i18n import Text, lazy_gettext

VARIABLES: dict[str, str] = {
    "folder": "the name of the folder the image is in",
    "filename": "the image's file name, without its extension",
    "date": "the capture date (1 June 2024)",
    "time": "the capture time (18:30)",
    "year": "the capture year",
    "month": "the capture month (June)",
    "camera": "the camera (Canon EOS R5)",
    "lens": "the lens (RF24-105mm F4 L IS USM)",
    "title": "the title the image already has",
    "keywords": "the keywords the image already has, comma-separated",
    "place": "where it was taken, from GPS: city, region, country",
    "city": "the nearest town to the GPS position",
    "region": "the region (state, province) of the GPS position",
    "country": "the country of the GPS position",
}
# Variables that need the file's metadata read (the others come from its path).
FILE_VARIABLES = frozenset(VARIABLES) - {"folder", "filename"}
_VARIABLE = re.compile(r"\{([a-z_]+)\}")


class TemplateError(CaptionerError):
    code = "prompt-template"
    stops_run = True


@dataclass
class _Section:
    parts: list[str | _Section]
    optional: bool


def variables_in(template: str) -> set[str]:
    """The variable names a template uses (literal ``{{...}}`` excluded)."""
    return set(_VARIABLE.findall(template.replace("{{", "").replace("}}", "")))


def check_template(template: str) -> None:
    """Raise a TemplateError naming any unknown variable or unbalanced bracket."""
    unknown = sorted(variables_in(template) - set(VARIABLES))
    if unknown:
        names = ", ".join(f"{{{name}}}" for name in unknown)
        known = ", ".join(f"{{{name}}}" for name in VARIABLES)
        raise TemplateError(
            lazy_gettext("The prompt uses {names}, which is not a template variable.", names=names),
            lazy_gettext(
                "Known variables: {known}. Write {{{{ and }}}} for literal braces.", known=known
            ),
        )
    _parse(template)


def fill(template: str, values: Mapping[str, str]) -> str:
    """The template with its variables filled; see the module docstring."""
    check_template(template)
    text = _render(_parse(template), values)
    return _tidy(text)


def _parse(template: str) -> _Section:
    root = _Section([], optional=False)
    stack = [root]
    index = 0
    literal = []
    while index < len(template):
        char = template[index]
        pair = template[index : index + 2]
        if pair in ("\\[", "\\]", "{{", "}}"):
            literal.append(pair[1] if pair[0] == "\\" else pair)
            index += 2
            continue
        if char in "[]":
            stack[-1].parts.append("".join(literal))
            literal = []
            if char == "[":
                section = _Section([], optional=True)
                stack[-1].parts.append(section)
                stack.append(section)
            elif len(stack) == 1:
                raise _unbalanced(lazy_gettext("The prompt has a ] without its [."))
            else:
                stack.pop()
        else:
            literal.append(char)
        index += 1
    if len(stack) > 1:
        raise _unbalanced(lazy_gettext("The prompt has a [ without its ]."))
    stack[-1].parts.append("".join(literal))
    return root


def _unbalanced(message: Text) -> TemplateError:
    return TemplateError(
        message,
        lazy_gettext(
            "Square brackets mark a part that disappears when its variables are unknown; write "
            "\\[ and \\] for literal brackets."
        ),
    )


def _render(section: _Section, values: Mapping[str, str]) -> str:
    out: list[str] = []
    for part in section.parts:
        if isinstance(part, _Section):
            out.append(_render(part, values))
            continue
        names = variables_in(part)
        if section.optional and any(not values.get(name, "").strip() for name in names):
            return ""
        out.append(_substitute(part, values))
    return "".join(out)


def _substitute(text: str, values: Mapping[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        return values.get(match.group(1), "").strip() or _GONE

    # Literal braces were kept doubled by the parser: protect them from the variable
    # pattern, then undouble.
    protected = text.replace("{{", "\x00").replace("}}", "\x01")
    filled = _VARIABLE.sub(one, protected)
    return filled.replace("\x00", "{").replace("\x01", "}")


# Where a variable without a value was (outside brackets), until tidying removes it.
_GONE = "\x02"
_TIDY = (
    # "( )" that held only missing values
    (re.compile(rf"\(\s*(?:{_GONE}[\s,;]*)+\)"), _GONE),
    # "x, GONE." -> "x.": a missing value and the separator before it
    (re.compile(rf"[ \t]*(?:[,;:][ \t]*)?{_GONE}(?=[ \t]*(?:[,.;:!?)]|{_GONE}|$))"), ""),
    # "GONE, x" at the start (of the line or a parenthesis) -> "x"
    (re.compile(rf"(^|\()[ \t]*{_GONE}[ \t]*[,;:]?[ \t]*"), r"\1"),
    # "a GONE b" -> "a b"
    (re.compile(rf"[ \t]*{_GONE}[ \t]*"), " "),
)


def _tidy(text: str) -> str:
    """Remove the places of missing values, with the spaces and separators around them;
    the rest of the prompt is left exactly as written."""
    lines = []
    for line in text.splitlines():
        for pattern, replacement in _TIDY:
            line = pattern.sub(replacement, line)  # noqa: PLW2901 - rewritten in steps
        lines.append(line)
    return "\n".join(lines).strip()
