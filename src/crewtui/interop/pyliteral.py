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


class EnvRef:
    """A value read from an environment variable when the generated code runs (a secret's
    NAME is stored and exported, never its value): ``os.environ.get(NAME)``."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        if not _IDENT.match(name):
            raise ValueError(f"{name!r} is not an environment variable name")
        self.name = name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EnvRef) and other.name == self.name

    def __hash__(self) -> int:
        return hash(("env", self.name))

    def __repr__(self) -> str:
        return f"EnvRef({self.name!r})"


class LlmCall:
    """An ``LLM(...)`` object with keyword arguments (values: literals or :class:`EnvRef`)."""

    __slots__ = ("kwargs",)

    def __init__(self, kwargs: dict[str, Any]) -> None:
        self.kwargs = kwargs

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LlmCall) and other.kwargs == self.kwargs

    def __hash__(self) -> int:
        return hash(tuple(self.kwargs))

    def __repr__(self) -> str:
        return f"LlmCall({self.kwargs!r})"


def py_kwargs(kwargs: dict[str, Any], indent: int = 0) -> str:
    return ", ".join(f"{k}={py_literal(v, indent)}" for k, v in kwargs.items())


def needs_os(value: Any) -> bool:
    """Whether the expression of ``value`` reads the environment."""
    if isinstance(value, EnvRef):
        return True
    if isinstance(value, LlmCall):
        return needs_os(value.kwargs)
    if isinstance(value, dict):
        return any(needs_os(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(needs_os(v) for v in value)
    return False


def py_literal(value: Any, indent: int = 0) -> str:
    """A Python expression of literals only that evaluates to ``value`` (an :class:`EnvRef`
    reads its variable; an :class:`LlmCall` builds crewai's ``LLM``)."""
    if isinstance(value, EnvRef):
        return f"os.environ.get({py_str(value.name)})"
    if isinstance(value, LlmCall):
        return f"LLM({py_kwargs(value.kwargs, indent)})"
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
