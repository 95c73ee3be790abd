"""Values no database column can hold, found before anything is written.

Text with a NUL character (PostgreSQL refuses it, SQLite cuts it short in places) or a lone
surrogate (not encodable as UTF-8) can reach an import through YAML escapes (``"\\0"``,
``"\\ud800"``), JSON escapes or Python string literals; an integer field holds a PostgreSQL
``integer`` on both databases. Import reports each with the file, line and field it came
from; a scan leaves the field out and says why.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel

from ..domain.storable import text_problem
from . import limits
from .pysyntax import ClassCall

_ATOMS = frozenset({int, float, bool, type(None)})


def unstorable(value: Any) -> str | None:
    """Why ``value`` (or any text inside it, keys included) cannot be stored, else None."""
    kind = type(value)
    if kind is str:
        return text_problem(value)
    if kind in _ATOMS:
        return None
    stack, seen = [value], set()
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            why = text_problem(v)
            if why:
                return why
        elif isinstance(v, (list, tuple, dict, ClassCall)) and id(v) not in seen:
            seen.add(id(v))
            if isinstance(v, dict):
                stack.extend(v.keys())
                stack.extend(v.values())
            elif isinstance(v, ClassCall):
                stack.extend(v.args)
                stack.extend(v.kwargs.values())
            else:
                stack.extend(v)
    return None


@cache
def int_fields(model: type[BaseModel]) -> frozenset[str]:
    """The fields of ``model`` that hold an integer (a database ``integer`` column)."""
    return frozenset(
        name for name, f in model.model_fields.items() if f.annotation in (int, int | None)
    )


def out_of_range(model: type[BaseModel], name: str, value: Any) -> str | None:
    """Why ``value`` does not fit the integer field ``name`` of ``model``, else None."""
    if type(value) is not int or name not in int_fields(model):
        return None
    if limits.INT32_MIN <= value <= limits.INT32_MAX:
        return None
    return (
        f"{value} is out of range (from {limits.INT32_MIN} to {limits.INT32_MAX})"
        if len(str(value)) <= 30
        else f"an integer of {len(str(value))} digits is out of range (at most {limits.INT32_MAX})"
    )
