"""Reading the JSON object in a model's answer, repairing what models get wrong.

Models asked for JSON wrap it in code fences or prose, leave trailing commas, use
typographic quotes, and run into the token limit mid-string. :func:`find_json_object`
tries the answer as it is, then repaired; :func:`close_json_prefix` makes any prefix of
a JSON document whole, so an answer cut short keeps what it had written.
"""

from __future__ import annotations

import json
import re
from typing import Any


def strip_fences(text: str) -> str:
    """Markdown code fences (```json ... ```) removed."""
    return re.sub(r"```[a-zA-Z]*", "", text)


def find_json_object(text: str) -> dict[str, Any] | None:
    """The first JSON object in ``text``: as is, else repaired, else None."""
    start = text.find("{")
    if start < 0:
        return None
    candidate = strip_fences(text[start:]).strip()
    end = candidate.rfind("}")
    for attempt in (candidate[: end + 1] if end >= 0 else "", candidate):
        for repaired in (attempt, _repair(attempt)):
            try:
                value = json.loads(repaired, strict=False)  # raw control characters
            except (json.JSONDecodeError, RecursionError):
                continue
            if isinstance(value, dict):
                return value
    return None


def _repair(text: str) -> str:
    """Fix what models get wrong: trailing commas, smart quotes, a cut-off answer."""
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r",\s*([}\]])", r"\1", text)
    return close_json_prefix(text)


def close_json_prefix(text: str) -> str:
    """A prefix of a JSON document made whole, for an answer cut off by the token limit.

    Walks the text keeping a stack of open containers and what each expects next. The
    answer is cut back to the last point where a value was complete (and the open
    containers closed there), except that a string value still being written is kept
    and closed: a caption cut mid-sentence is better than none.
    """
    walk = _PrefixWalk()
    for index, char in enumerate(text):
        walk.step(index, char)
    if walk.in_string and not walk.string_is_key:
        body = text[: walk.escape_at] if walk.escape_at is not None else text
        return body + '"' + walk.closers()
    if not walk.stack and not walk.in_string and not walk.in_literal:
        return text
    return text[: walk.cut_end] + walk.cut_closers


class _PrefixWalk:
    """The state of :func:`close_json_prefix`'s walk over a JSON prefix."""

    def __init__(self) -> None:
        self.stack: list[list[str]] = []  # [closer, what comes next]
        self.in_string = self.string_is_key = self.escaped = self.in_literal = False
        self.escape_at: int | None = None  # where an unfinished escape sequence starts
        self.hex_left = 0  # hex digits still due in a \uXXXX escape
        self.cut_end = 0
        self.cut_closers = ""

    def closers(self) -> str:
        return "".join(closer for closer, _ in reversed(self.stack))

    def _cut(self, end: int) -> None:
        self.cut_end, self.cut_closers = end, self.closers()

    def _value_done(self, end: int) -> None:
        if self.stack:
            self.stack[-1][1] = "comma"
        self._cut(end)

    def step(self, index: int, char: str) -> None:
        if self.in_string:
            self._string_char(index, char)
            return
        if self.in_literal:
            if char not in ",}] \t\r\n":
                return
            self.in_literal = False
            self._value_done(index)
        if char.isspace():
            return
        top = self.stack[-1] if self.stack else None
        if char == '"':
            self.in_string = True
            self.string_is_key = top is not None and top[0] == "}" and top[1] == "key"
        elif char in "{[":
            self.stack.append(["}", "key"] if char == "{" else ["]", "value"])
            self._cut(index + 1)
        elif char in "}]":
            if self.stack:
                self.stack.pop()
            self._value_done(index + 1)
        elif char == "," and top is not None:
            top[1] = "key" if top[0] == "}" else "value"
        elif char == ":" and top is not None:
            top[1] = "value"
        else:
            self.in_literal = True

    def _string_char(self, index: int, char: str) -> None:
        if self.hex_left:
            self.hex_left -= 1
            if not self.hex_left:
                self.escape_at = None
        elif self.escaped:
            self.escaped = False
            if char == "u":
                self.hex_left = 4
            else:
                self.escape_at = None
        elif char == "\\":
            self.escaped = True
            self.escape_at = index
        elif char == '"':
            self.in_string = False
            if self.string_is_key:
                self.stack[-1][1] = "colon"
            else:
                self._value_done(index + 1)
