"""Static evaluation of the expressions agent definitions use, without running anything.

Resolved: literals, implicit and ``+`` concatenation, f-strings whose parts resolve, module
constants assigned once, class attributes through ``self.``/``cls.``/``ClassName.``,
``textwrap.dedent``/``inspect.cleandoc``/``.strip()`` on resolved text, lists, tuples and
dicts of those. Anything else is :data:`UNRESOLVED`, with the reason.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Unresolved:
    reason: str


@dataclass
class Scope:
    """What names mean where an expression sits."""

    module_constants: Mapping[str, ast.expr]
    class_attributes: Mapping[str, ast.expr] = field(default_factory=dict)
    class_name: str | None = None
    #: local names that hold a parameter: name -> its default expression (or None)
    parameters: Mapping[str, ast.expr | None] = field(default_factory=dict)
    #: names bound to textwrap.dedent / inspect.cleandoc by imports
    text_functions: Mapping[str, Callable[[str], str]] = field(default_factory=dict)
    #: module names bound to textwrap / inspect
    text_modules: Mapping[str, str] = field(default_factory=dict)


_TEXT_FUNCS: dict[tuple[str, str], Callable[[str], str]] = {
    ("textwrap", "dedent"): textwrap.dedent,
    ("inspect", "cleandoc"): inspect.cleandoc,
}
_STR_METHODS = {"strip": str.strip, "lstrip": str.lstrip, "rstrip": str.rstrip}


def text_function_bindings(
    tree: ast.Module,
) -> tuple[dict[str, Callable[[str], str]], dict[str, str]]:
    funcs: dict[str, Callable[[str], str]] = {}
    modules: dict[str, str] = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module in ("textwrap", "inspect")
            and not node.level
        ):
            for a in node.names:
                fn = _TEXT_FUNCS.get((node.module, a.name))
                if fn is not None:
                    funcs[a.asname or a.name] = fn
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name in ("textwrap", "inspect"):
                    modules[a.asname or a.name] = a.name
    return funcs, modules


def call_class_name(node: ast.expr) -> str | None:
    """``SerperDevTool()`` / ``crewai_tools.SerperDevTool(...)`` -> "SerperDevTool"."""
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Name):
            return node.func.id
        if isinstance(node.func, ast.Attribute):
            return node.func.attr
    return None


class Resolver:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self._depth = 0

    def value(self, node: ast.expr) -> Any:
        self._depth += 1
        try:
            if self._depth > 50:
                return Unresolved("too deeply nested")
            return self._value(node)
        finally:
            self._depth -= 1

    def _value(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, (str, int, float, bool)) or node.value is None:
                return node.value
            return Unresolved(f"constant of type {type(node.value).__name__}")
        if isinstance(node, ast.JoinedStr):
            return self._fstring(node)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.value(node.left), self.value(node.right)
            for side in (left, right):
                if isinstance(side, Unresolved):
                    return side
            if isinstance(left, str) and isinstance(right, str):
                return left + right
            if isinstance(left, list) and isinstance(right, list):
                return left + right
            return Unresolved("'+' of values that are not both text or both lists")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            v = self.value(node.operand)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                return -v
            return (
                v
                if isinstance(v, Unresolved)
                else Unresolved("'-' of a value that is not a number")
            )
        if isinstance(node, (ast.List, ast.Tuple)):
            items = [self.value(e) for e in node.elts]
            bad = next((i for i in items if isinstance(i, Unresolved)), None)
            return bad if bad is not None else items
        if isinstance(node, ast.Dict):
            out: dict[str, Any] = {}
            for k, v in zip(node.keys, node.values, strict=True):
                key = self.value(k) if k is not None else Unresolved("'**' in a dict")
                if isinstance(key, Unresolved):
                    return key
                if not isinstance(key, str):
                    return Unresolved("a dict key that is not text")
                val = self.value(v)
                if isinstance(val, Unresolved):
                    return val
                out[key] = val
            return out
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.Attribute):
            return self._attribute(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        return Unresolved(f"'{ast.unparse(node)}' is only known when the code runs")

    def _fstring(self, node: ast.JoinedStr) -> Any:
        parts: list[str] = []
        for v in node.values:
            if isinstance(v, ast.Constant) and isinstance(v.value, str):
                parts.append(v.value)
            elif isinstance(v, ast.FormattedValue):
                if v.conversion != -1 or v.format_spec is not None:
                    return Unresolved("an f-string with a conversion or format spec")
                inner = self.value(v.value)
                if isinstance(inner, Unresolved):
                    return Unresolved(f"an f-string part: {inner.reason}")
                if not isinstance(inner, (str, int, float)) or isinstance(inner, bool):
                    return Unresolved("an f-string part that is not text or a number")
                parts.append(str(inner))
            else:
                return Unresolved("an f-string part")
        return "".join(parts)

    def _name(self, name: str) -> Any:
        s = self.scope
        if name in s.parameters:
            default = s.parameters[name]
            hint = f" (default {ast.unparse(default)})" if default is not None else ""
            return Unresolved(f"parameter '{name}'{hint}")
        if name in s.module_constants:
            return self.value(s.module_constants[name])
        return Unresolved(f"name '{name}' is not a module constant")

    def _attribute(self, node: ast.Attribute) -> Any:
        base = node.value
        if isinstance(base, ast.Name) and base.id in ("self", "cls", self.scope.class_name):
            expr = self.scope.class_attributes.get(node.attr)
            if expr is not None:
                return self.value(expr)
            return Unresolved(f"'{base.id}.{node.attr}' is not a class attribute")
        return Unresolved(f"attribute '{ast.unparse(node)}'")

    def _call(self, node: ast.Call) -> Any:
        fn: Callable[[str], str] | None = None
        target: ast.expr | None = None
        f, one_arg = node.func, len(node.args) == 1 and not node.keywords
        if isinstance(f, ast.Name) and one_arg:
            fn, target = self.scope.text_functions.get(f.id), node.args[0]
        elif isinstance(f, ast.Attribute):
            if isinstance(f.value, ast.Name) and f.value.id in self.scope.text_modules and one_arg:
                fn = _TEXT_FUNCS.get((self.scope.text_modules[f.value.id], f.attr))
                target = node.args[0]
            elif f.attr in _STR_METHODS and not node.args and not node.keywords:
                fn, target = _STR_METHODS[f.attr], f.value
        if fn is None or target is None:
            return Unresolved(f"call '{ast.unparse(node.func)}(...)'")
        text = self.value(target)
        if isinstance(text, Unresolved):
            return text
        if not isinstance(text, str):
            return Unresolved(f"'{ast.unparse(node.func)}' of a value that is not text")
        return fn(text)
