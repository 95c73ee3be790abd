"""Stored values as exact Python literals.

Everything that reaches generated code goes through here: strings become ``repr`` pieces
(never formatted into a template), so no stored text can close a string or add a statement.
"""

from __future__ import annotations

import keyword
import re
from decimal import Decimal
from typing import Any

_WIDTH = 88
_PIECE = 72
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _pieces(text: str) -> list[str]:
    """Lines (ends kept), long ones cut after a space; joined they give ``text`` back."""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        while len(line) > _PIECE:
            cut = line.rfind(" ", 0, _PIECE)
            cut = _PIECE if cut <= 0 else cut + 1
            out.append(line[:cut])
            line = line[cut:]
        if line:
            out.append(line)
    return out or [""]


def py_str(text: str, indent: int = 0) -> str:
    one = repr(text)
    if len(one) + indent <= _WIDTH and "\n" not in text:
        return one
    pad = " " * (indent + 4)
    body = "\n".join(pad + repr(p) for p in _pieces(text))
    return "(\n" + body + "\n" + " " * indent + ")"


def py_literal(value: Any, indent: int = 0) -> str:
    """A Python expression of literals only that evaluates to ``value``."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(int(value))
    if isinstance(value, Decimal):
        return repr(float(value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("non-finite numbers have no Python literal")
        return repr(value)
    if isinstance(value, str):
        return py_str(value, indent)
    if isinstance(value, (list, tuple)):
        items = [py_literal(v, indent + 4) for v in value]
        open_, close = ("[", "]") if isinstance(value, list) else ("(", ")")
        return _wrap(
            open_, close, items, indent, single_tuple=isinstance(value, tuple) and len(items) == 1
        )
    if isinstance(value, dict):
        items = []
        for k, v in value.items():
            if not isinstance(k, str):
                raise ValueError(f"dictionary key {k!r} is not a string")
            items.append(f"{py_str(k)}: {py_literal(v, indent + 4)}")
        return _wrap("{", "}", items, indent)
    raise ValueError(f"{type(value).__name__} values cannot be written as a Python literal")


def _wrap(
    open_: str, close: str, items: list[str], indent: int, *, single_tuple: bool = False
) -> str:
    one = open_ + ", ".join(items) + ("," if single_tuple else "") + close
    if len(one) + indent <= _WIDTH and "\n" not in one:
        return one
    pad = " " * (indent + 4)
    return open_ + "\n" + "".join(f"{pad}{i},\n" for i in items) + " " * indent + close


def is_identifier(name: str) -> bool:
    return bool(_IDENT.match(name)) and not keyword.iskeyword(name)
