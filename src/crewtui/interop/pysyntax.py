"""What static evaluation of Python (:mod:`.pyeval`) returns besides plain values, and the
small helpers over syntax trees that the importer and the scanner share."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

#: characters of an expression quoted in a message
_SHOWN = 80


def shown(node: ast.AST) -> str:
    """The source of ``node`` for a message, cut short (a tree too deep to print is named)."""
    try:
        text = ast.unparse(node)
    except (RecursionError, ValueError):
        return "<an expression nested too deeply to show>"
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


@dataclass(frozen=True)
class Unresolved:
    """An expression whose value is only known when the code runs, and why."""

    text: str
    line: int
    reason: str = ""


@dataclass(frozen=True)
class SelfCall:
    """``self.name()``: a call of another method of the crew class."""

    name: str
    line: int


@dataclass(frozen=True)
class SelfAttr:
    """``self.agents`` / ``self.tasks``: what the crewai decorators collect."""

    name: str


@dataclass(frozen=True)
class ConfigRef:
    """``self.agents_config["key"]`` or ``self.tasks_config["key"]``."""

    which: str
    key: str


@dataclass(frozen=True)
class Dotted:
    """A dotted name used as a value, such as ``Process.hierarchical``."""

    text: str

    @property
    def last(self) -> str:
        return self.text.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class NameRef:
    """A bare name that is not a constant: a function, a class, an import."""

    name: str
    line: int


@dataclass
class ClassCall:
    """``Name(...)`` with its arguments read: ``LLM(model=...)``, ``SerperDevTool()``."""

    name: str
    line: int
    args: list[Any] = field(default_factory=list)
    kwargs: dict[str, Any] = field(default_factory=dict)


def dotted_name(node: ast.AST) -> str | None:
    """``a.b.c`` for a chain of names and attributes, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def call_class_name(node: ast.expr) -> str | None:
    """``SerperDevTool()`` / ``crewai_tools.SerperDevTool(...)`` -> "SerperDevTool"."""
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Name):
            return node.func.id
        if isinstance(node.func, ast.Attribute):
            return node.func.attr
    return None


def decorator_names(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> list[str]:
    """Last component of each decorator (``@agent``, ``@crewai.project.task``, ``@tool("x")``)."""
    out: list[str] = []
    for d in node.decorator_list:
        target = d.func if isinstance(d, ast.Call) else d
        name = dotted_name(target)
        if name:
            out.append(name.rsplit(".", 1)[-1])
    return out


def return_expr(func: ast.FunctionDef) -> tuple[ast.expr | None, dict[str, ast.expr]]:
    """The expression a method returns, and the local names assigned before it."""
    local: dict[str, ast.expr] = {}
    for stmt in func.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            if isinstance(stmt.targets[0], ast.Name):
                local[stmt.targets[0].id] = stmt.value
        elif (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and stmt.value is not None
        ):
            local[stmt.target.id] = stmt.value
        elif isinstance(stmt, ast.Return):
            return stmt.value, local
    return None, local
