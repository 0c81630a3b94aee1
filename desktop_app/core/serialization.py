"""Typed dataclasses to and from JSON, forgiving where a user's file is wrong.

Settings are typed declarations, never a dict of strings. Loading a file written by an
older version or edited by hand must not stop the app: a value of the wrong type keeps
its default and the problem is reported, and unknown keys are ignored.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar, cast

from desktop_app.i18n import Text

T = TypeVar("T")
_MISSING = object()


def to_data(value: Any) -> Any:
    """A JSON-compatible structure for dataclasses, enums, paths and containers."""
    if isinstance(value, Text):
        return value.english()  # files and JSON lines read the same on every machine
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_data(v) for v in value]
    return value


def from_data(cls: type[T], data: Any, problems: list[str] | None = None, where: str = "") -> T:
    """Build ``cls`` (a dataclass) from ``data``; bad fields keep defaults, noted in problems."""
    sink = problems if problems is not None else []
    return cast(T, _convert(cls, data, sink, where or cls.__name__))


def _convert(tp: Any, data: Any, problems: list[str], where: str) -> Any:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _dataclass(tp, data, problems, where)
    if origin in (typing.Union, types.UnionType):
        return _union(args, data, problems, where)
    if origin is typing.Literal:
        if data in args:
            return data
        raise TypeError(f"{data!r} is not one of {args}")
    if origin in (tuple, list, set, frozenset):
        if not isinstance(data, list | tuple):
            raise TypeError(f"expected a list, got {type(data).__name__}")
        item_type = args[0] if args else Any
        items = [
            _convert(item_type, item, problems, f"{where}[{i}]") for i, item in enumerate(data)
        ]
        return origin(items)
    if origin in (dict, Mapping) or tp in (dict, Mapping):
        if not isinstance(data, dict):
            raise TypeError(f"expected an object, got {type(data).__name__}")
        value_type = args[1] if len(args) == 2 else Any
        return {str(k): _convert(value_type, v, problems, f"{where}.{k}") for k, v in data.items()}
    return _scalar(tp, data)


def _union(args: tuple[Any, ...], data: Any, problems: list[str], where: str) -> Any:
    if data is None and type(None) in args:
        return None
    errors = []
    for arg in args:
        if arg is type(None):
            continue
        try:
            return _convert(arg, data, problems, where)
        except (TypeError, ValueError) as exc:
            errors.append(str(exc))
    raise TypeError("; ".join(errors) or f"unexpected {data!r}")


def _scalar(tp: Any, data: Any) -> Any:
    if tp is Any:
        return data
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp(data)
    if tp is Path:
        if not isinstance(data, str):
            raise TypeError(f"expected a path, got {type(data).__name__}")
        return Path(data)
    if tp is bool:
        if not isinstance(data, bool):
            raise TypeError(f"expected true or false, got {data!r}")
        return data
    if tp is float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise TypeError(f"expected a number, got {data!r}")
        return float(data)
    if tp is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise TypeError(f"expected a whole number, got {data!r}")
        return data
    if tp is str:
        if not isinstance(data, str):
            raise TypeError(f"expected text, got {data!r}")
        return data
    raise TypeError(f"cannot read a {tp!r} from settings")


def _dataclass(cls: type[Any], data: Any, problems: list[str], where: str) -> Any:
    if not isinstance(data, dict):
        raise TypeError(f"expected an object, got {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if not f.init or f.name not in data:
            continue
        try:
            values[f.name] = _convert(hints[f.name], data[f.name], problems, f"{where}.{f.name}")
        except (TypeError, ValueError) as exc:
            problems.append(f"{where}.{f.name}: {exc}; using the default")
    try:
        return cls(**values)
    except (TypeError, ValueError) as exc:
        problems.append(f"{where}: {exc}; using the defaults")
        return cls()
