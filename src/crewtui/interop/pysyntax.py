"""What static evaluation of Python (:mod:`.pyeval`) returns besides plain values, and the
small helpers over syntax trees that the importer and the scanner share."""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: characters of an expression quoted in a message
_SHOWN = 80
#: the functions that make text out of text, by module and name
TEXT_FUNCS: dict[tuple[str, str], Callable[[str], str]] = {
    ("textwrap", "dedent"): textwrap.dedent,
    ("inspect", "cleandoc"): inspect.cleandoc,
}


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


def text_bindings(
    tree: ast.Module, *, everywhere: bool = False
) -> tuple[dict[str, Callable[[str], str]], dict[str, str]]:
    """Names the module binds to ``textwrap.dedent``/``inspect.cleandoc`` and to their
    modules: by its top-level imports, or by imports anywhere in it with ``everywhere``."""
    funcs: dict[str, Callable[[str], str]] = {}
    modules: dict[str, str] = {}
    for node in ast.walk(tree) if everywhere else tree.body:
        if (
            isinstance(node, ast.ImportFrom)
            and not node.level
            and node.module in ("textwrap", "inspect")
        ):
            for a in node.names:
                fn = TEXT_FUNCS.get((node.module, a.name))
                if fn is not None:
                    funcs[a.asname or a.name] = fn
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name in ("textwrap", "inspect"):
                    modules[a.asname or a.name] = a.name
    return funcs, modules


def assignments(body: list[ast.stmt]) -> dict[str, ast.expr]:
    """``name = expr`` and ``name: T = expr`` directly in ``body`` (the last one wins)."""
    out: dict[str, ast.expr] = {}
    for stmt in body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            if isinstance(stmt.targets[0], ast.Name):
                out[stmt.targets[0].id] = stmt.value
        elif (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and stmt.value is not None
        ):
            out[stmt.target.id] = stmt.value
    return out


def return_expr(func: ast.FunctionDef) -> tuple[ast.expr | None, dict[str, ast.expr]]:
    """The expression a method returns, and the local names assigned before it."""
    for i, stmt in enumerate(func.body):
        if isinstance(stmt, ast.Return):
            return stmt.value, assignments(func.body[:i])
    return None, assignments(func.body)


def first_unresolved(value: Any) -> Unresolved | None:
    """The first Unresolved in ``value`` (lists and dicts searched, each object once)."""
    stack, seen = [value], set()
    while stack:
        v = stack.pop()
        if isinstance(v, Unresolved):
            return v
        if isinstance(v, (list, dict)) and id(v) not in seen:
            seen.add(id(v))
            items = list(v.values()) if isinstance(v, dict) else list(v)
            stack.extend(reversed(items))
    return None


def _no(node: ast.expr, reason: str) -> Unresolved:
    return Unresolved(shown(node), getattr(node, "lineno", 0), reason)


_PLAIN = (str, int, float, bool, type(None))


def as_plain(value: Any, node: ast.expr, class_name: str | None = None) -> Any:
    """``value`` when it is plain all through (text, number, bool, None, lists and text-keyed
    dicts of those), else Unresolved saying why for the first part that is not."""
    stack, seen = [value], set()
    while stack:
        v = stack.pop()
        if isinstance(v, _PLAIN):
            continue
        if isinstance(v, (list, dict)):
            if id(v) in seen:
                continue
            seen.add(id(v))
            if isinstance(v, dict):
                if not all(isinstance(k, str) for k in v):
                    return _no(node, "a dict key that is not text")
                stack.extend(reversed(list(v.values())))
            else:
                stack.extend(reversed(v))
            continue
        return _why(v, node, class_name)
    return value


def _why(v: Any, node: ast.expr, class_name: str | None) -> Unresolved:
    if isinstance(v, Unresolved):
        return v
    reasons = {
        NameRef: lambda: f"name '{v.name}' is not a module constant",
        SelfCall: lambda: f"call 'self.{v.name}(...)'",
        ClassCall: lambda: f"call '{v.name}(...)'",
        ConfigRef: lambda: f"'self.{v.which}s_config[...]' is only known when the code runs",
        SelfAttr: lambda: f"'self.{v.name}' is not a class attribute",
    }
    if type(v) in reasons:
        return _no(node, reasons[type(v)]())
    if isinstance(v, Dotted):
        head = v.text.split(".", 1)[0]
        if head in ("self", "cls", class_name) and v.text.count(".") == 1:
            return _no(node, f"'{v.text}' is not a class attribute")
        return _no(node, f"attribute '{v.text}'")
    return _no(node, f"constant of type {type(v).__name__}")
