"""Static evaluation of the small part of Python a crewai project uses to describe itself.

Nothing here imports or runs project code: expressions are read from the syntax tree and
turned into plain values (strings, numbers, lists, dicts) or into markers for what only has a
meaning inside crewai (``self.researcher()``, ``self.agents_config["x"]``, ``SerperDevTool()``).
Anything else becomes :class:`Unresolved`, which callers report instead of guessing.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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
    """A bare name that is not a module constant: a function, a class, an import."""

    name: str
    line: int


@dataclass
class ClassCall:
    """``Name(...)`` with statically known arguments: ``LLM(model=...)``, ``SerperDevTool()``."""

    name: str
    line: int
    args: list[Any] = field(default_factory=list)
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Unresolved:
    """An expression whose value is only known when the code runs."""

    text: str
    line: int


def dotted_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted_name(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


class Evaluator:
    """Evaluates expressions of one module; module-level constants are followed by name."""

    def __init__(self, tree: ast.Module, path: Path) -> None:
        self.path = path
        self.constants: dict[str, ast.expr] = {}
        for stmt in tree.body:
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
            ):
                self.constants[stmt.targets[0].id] = stmt.value
            elif (
                isinstance(stmt, ast.AnnAssign)
                and isinstance(stmt.target, ast.Name)
                and stmt.value is not None
            ):
                self.constants[stmt.target.id] = stmt.value

    def eval(
        self, node: ast.expr, local: dict[str, ast.expr] | None = None, _depth: int = 0
    ) -> Any:
        if _depth > 20:
            return Unresolved(ast.unparse(node), node.lineno)
        ev = lambda n: self.eval(n, local, _depth + 1)  # noqa: E731
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.List, ast.Tuple)):
            return [ev(e) for e in node.elts]
        if isinstance(node, ast.Dict):
            out: dict[Any, Any] = {}
            for k, v in zip(node.keys, node.values, strict=True):
                if k is None:
                    return Unresolved(ast.unparse(node), node.lineno)
                key = ev(k)
                if not isinstance(key, (str, int, float, bool)):
                    return Unresolved(ast.unparse(node), node.lineno)
                out[key] = ev(v)
            return out
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = ev(node.operand)
            if isinstance(inner, (int, float)) and not isinstance(inner, bool):
                return -inner if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = ev(node.left), ev(node.right)
            if isinstance(left, str) and isinstance(right, str):
                return left + right
        if isinstance(node, ast.Name):
            if local and node.id in local:
                return self.eval(local[node.id], None, _depth + 1)
            if node.id in self.constants:
                return self.eval(self.constants[node.id], None, _depth + 1)
            return NameRef(node.id, node.lineno)
        if isinstance(node, ast.Subscript):
            base = dotted_name(node.value)
            if base in ("self.agents_config", "self.tasks_config"):
                key = ev(node.slice)
                if isinstance(key, str):
                    return ConfigRef(base.split(".")[1].split("_")[0], key)
            return Unresolved(ast.unparse(node), node.lineno)
        if isinstance(node, ast.Attribute):
            text = dotted_name(node)
            if text is None:
                return Unresolved(ast.unparse(node), node.lineno)
            if text.startswith("self.") and text.count(".") == 1:
                return SelfAttr(node.attr)
            return Dotted(text)
        if isinstance(node, ast.Call):
            return self._call(node, local, _depth)
        return Unresolved(ast.unparse(node), getattr(node, "lineno", 0))

    def _call(self, node: ast.Call, local: dict[str, ast.expr] | None, depth: int) -> Any:
        func = dotted_name(node.func)
        if func is None:
            return Unresolved(ast.unparse(node), node.lineno)
        if func.startswith("self.") and func.count(".") == 1:
            if node.args or node.keywords:
                return Unresolved(ast.unparse(node), node.lineno)
            return SelfCall(func.split(".", 1)[1], node.lineno)
        if any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords
        ):
            return Unresolved(ast.unparse(node), node.lineno)
        return ClassCall(
            name=func,
            line=node.lineno,
            args=[self.eval(a, local, depth + 1) for a in node.args],
            kwargs={k.arg: self.eval(k.value, local, depth + 1) for k in node.keywords if k.arg},
        )


def return_expr(func: ast.FunctionDef) -> tuple[ast.expr | None, dict[str, ast.expr]]:
    """The expression a method returns, and the local names assigned before it."""
    local: dict[str, ast.expr] = {}
    for stmt in func.body:
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
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


def decorator_names(node: ast.FunctionDef | ast.ClassDef) -> list[str]:
    """Last component of each decorator (``@agent``, ``@crewai.project.task``, ``@tool("x")``)."""
    out: list[str] = []
    for d in node.decorator_list:
        target = d.func if isinstance(d, ast.Call) else d
        name = dotted_name(target)
        if name:
            out.append(name.rsplit(".", 1)[-1])
    return out


def contains_unresolved(value: Any) -> Unresolved | None:
    if isinstance(value, Unresolved):
        return value
    if isinstance(value, list):
        for v in value:
            found = contains_unresolved(v)
            if found:
                return found
    if isinstance(value, dict):
        for v in value.values():
            found = contains_unresolved(v)
            if found:
                return found
    return None
