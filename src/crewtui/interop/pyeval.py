"""Static evaluation of the small part of Python that crewai projects describe agents with.

One evaluator for the importer and the scanner. Nothing is imported or run: an expression is
read from the syntax tree and becomes a plain value (text, number, bool, None, list, dict),
a marker for what only has a meaning inside crewai (``self.researcher()`` is a
:class:`SelfCall`, ``self.agents_config["x"]`` a :class:`ConfigRef`, ``SerperDevTool()`` a
:class:`ClassCall`, ``Process.hierarchical`` a :class:`Dotted`), or :class:`Unresolved` with
the reason. Read: literals, ``+`` of texts or lists, f-strings whose parts are read, names
that the :class:`Scope` gives an expression (locals, module constants, class attributes
through ``self.``/``cls.``/the class name), ``textwrap.dedent``/``inspect.cleandoc``/
``.strip()`` of text. Containers are read item by item, so a list may hold an Unresolved
item: :func:`first_unresolved` finds it, and :meth:`Evaluator.plain` turns any marker into
the reason it is not a value.

Within limits: expressions nest at most :data:`~.limits.MAX_NESTING` deep (counting the
names followed), texts and lists built by ``+`` stay under :data:`~.limits.MAX_TEXT_CHARS`
and :data:`~.limits.MAX_ITEMS`, and each name is evaluated once per expression read.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import limits
from .pysyntax import (
    TEXT_FUNCS,
    ClassCall,
    ConfigRef,
    Dotted,
    NameRef,
    SelfAttr,
    SelfCall,
    Unresolved,
    as_plain,
    assignments,
    dotted_name,
    first_unresolved,
    shown,
    text_bindings,
)

__all__ = ["Evaluator", "Scope", "as_plain", "first_unresolved", "module_scope"]

_STR_METHODS: dict[str, Callable[[str], str]] = {
    "strip": str.strip,
    "lstrip": str.lstrip,
    "rstrip": str.rstrip,
}


@dataclass
class Scope:
    """What names mean where an expression sits."""

    constants: Mapping[str, ast.expr] = field(default_factory=dict)
    class_attributes: Mapping[str, ast.expr] = field(default_factory=dict)
    class_name: str | None = None
    #: names that hold a parameter: name -> its default expression (or None)
    parameters: Mapping[str, ast.expr | None] = field(default_factory=dict)
    #: names bound to textwrap.dedent / inspect.cleandoc, and to the textwrap / inspect modules
    text_functions: Mapping[str, Callable[[str], str]] = field(default_factory=dict)
    text_modules: Mapping[str, str] = field(default_factory=dict)


def module_scope(tree: ast.Module, constants: Mapping[str, ast.expr] | None = None) -> Scope:
    funcs, modules = text_bindings(tree)
    return Scope(
        constants if constants is not None else assignments(tree.body),
        text_functions=funcs,
        text_modules=modules,
    )


class Evaluator:
    """Evaluates expressions within one :class:`Scope`."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self._depth = 0
        #: names already evaluated in the expression at hand (their expression's id -> value)
        self._names: dict[int, Any] = {}

    @property
    def constants(self) -> Mapping[str, ast.expr]:
        return self.scope.constants

    def eval(self, node: ast.expr, local: Mapping[str, ast.expr] | None = None) -> Any:
        """The value of ``node``, markers and Unresolved items included."""
        self._depth += 1
        try:
            if self._depth > limits.MAX_NESTING:
                return Unresolved(shown(node), _line(node), "nested too deeply")
            return self._eval(node, local)
        finally:
            self._depth -= 1
            if not self._depth:
                self._names.clear()

    def plain(self, node: ast.expr) -> Any:
        """A plain value (text, number, bool, None, lists and text-keyed dicts of those), or
        Unresolved with the reason for the first part that is not one."""
        return as_plain(self.eval(node), node, self.scope.class_name)

    def _eval(self, node: ast.expr, local: Mapping[str, ast.expr] | None) -> Any:
        if isinstance(node, ast.Constant):
            if type(node.value) is int and abs(node.value) >= 10**limits.MAX_INT_DIGITS:
                return self._no(node, f"an integer of more than {limits.MAX_INT_DIGITS} digits")
            return node.value
        if isinstance(node, (ast.List, ast.Tuple)):
            return [self.eval(e, local) for e in node.elts]
        if isinstance(node, ast.Dict):
            return self._dict(node, local)
        if isinstance(node, ast.JoinedStr):
            return self._fstring(node, local)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self._add(node, local)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = self.eval(node.operand, local)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                return -v if isinstance(node.op, ast.USub) else v
            return v if isinstance(v, Unresolved) else self._no(node, "a sign on a non-number")
        if isinstance(node, ast.Name):
            return self._name(node, local)
        if isinstance(node, ast.Attribute):
            return self._attribute(node)
        if isinstance(node, ast.Subscript):
            base = dotted_name(node.value)
            if base in ("self.agents_config", "self.tasks_config"):
                key = self.eval(node.slice, local)
                if isinstance(key, str):
                    return ConfigRef(base.split(".")[1].split("_")[0], key)
            return self._no(node, f"'{shown(node)}' is only known when the code runs")
        if isinstance(node, ast.Call):
            return self._call(node, local)
        return self._no(node, f"'{shown(node)}' is only known when the code runs")

    @staticmethod
    def _no(node: ast.expr, reason: str) -> Unresolved:
        return Unresolved(shown(node), _line(node), reason)

    def _dict(self, node: ast.Dict, local: Mapping[str, ast.expr] | None) -> Any:
        out: dict[Any, Any] = {}
        for k, v in zip(node.keys, node.values, strict=True):
            if k is None:
                return self._no(node, "'**' in a dict")
            key = self.eval(k, local)
            if isinstance(key, Unresolved):
                return key
            if not isinstance(key, (str, int, float, bool)):
                return self._no(node, "a dict key that is not text")
            out[key] = self.eval(v, local)
        return out

    def _fstring(self, node: ast.JoinedStr, local: Mapping[str, ast.expr] | None) -> Any:
        parts: list[str] = []
        for v in node.values:
            if isinstance(v, ast.Constant) and isinstance(v.value, str):
                parts.append(v.value)
            elif isinstance(v, ast.FormattedValue):
                if v.conversion != -1 or v.format_spec is not None:
                    return self._no(node, "an f-string with a conversion or format spec")
                inner = self.eval(v.value, local)
                if isinstance(inner, Unresolved):
                    return Unresolved(inner.text, inner.line, f"an f-string part: {inner.reason}")
                if not isinstance(inner, (str, int, float)) or isinstance(inner, bool):
                    return self._no(node, "an f-string part that is not text or a number")
                parts.append(str(inner))
            else:
                return self._no(node, "an f-string part")
        return self._text("".join(parts), node)

    def _text(self, text: str, node: ast.expr) -> Any:
        if len(text) > limits.MAX_TEXT_CHARS:
            return self._no(node, f"text longer than {limits.MAX_TEXT_CHARS:,} characters")
        return text

    def _add(self, node: ast.BinOp, local: Mapping[str, ast.expr] | None) -> Any:
        left = self.eval(node.left, local)
        if isinstance(left, Unresolved):
            return left
        right = self.eval(node.right, local)
        if isinstance(right, Unresolved):
            return right
        if isinstance(left, str) and isinstance(right, str):
            if len(left) + len(right) > limits.MAX_TEXT_CHARS:
                return self._no(node, f"text longer than {limits.MAX_TEXT_CHARS:,} characters")
            return left + right
        if isinstance(left, list) and isinstance(right, list):
            if len(left) + len(right) > limits.MAX_ITEMS:
                return self._no(node, f"a list longer than {limits.MAX_ITEMS:,} items")
            return left + right
        return self._no(node, "'+' of values that are not both text or both lists")

    def _follow(self, expr: ast.expr) -> Any:
        """The value of a name's expression, once per expression read (``B = A + A`` ten
        times over costs ten evaluations, not a thousand)."""
        key = id(expr)
        if key not in self._names:
            self._names[key] = self.eval(expr)
        return self._names[key]

    def _name(self, node: ast.Name, local: Mapping[str, ast.expr] | None) -> Any:
        name, s = node.id, self.scope
        if local and name in local:
            return self.eval(local[name])
        if name in s.parameters:
            default = s.parameters[name]
            hint = f" (default {shown(default)})" if default is not None else ""
            return self._no(node, f"parameter '{name}'{hint}")
        if name in s.constants:
            return self._follow(s.constants[name])
        return NameRef(name, node.lineno)

    def _attribute(self, node: ast.Attribute) -> Any:
        base = node.value
        if isinstance(base, ast.Name) and base.id in ("self", "cls", self.scope.class_name):
            expr = self.scope.class_attributes.get(node.attr)
            if expr is not None:
                return self._follow(expr)
        text = dotted_name(node)
        if text is None:
            return self._no(node, f"attribute '{shown(node)}'")
        if text.startswith("self.") and text.count(".") == 1:
            return SelfAttr(node.attr)
        return Dotted(text)

    def _text_call(self, node: ast.Call, local: Mapping[str, ast.expr] | None) -> Any:
        """``dedent(x)``, ``textwrap.dedent(x)``, ``x.strip()``: the text, else None."""
        f, s = node.func, self.scope
        fn: Callable[[str], str] | None = None
        target: ast.expr | None = None
        one_arg = len(node.args) == 1 and not node.keywords
        if isinstance(f, ast.Name) and one_arg:
            fn, target = s.text_functions.get(f.id), node.args[0]
        elif isinstance(f, ast.Attribute):
            if isinstance(f.value, ast.Name) and f.value.id in s.text_modules and one_arg:
                fn, target = TEXT_FUNCS.get((s.text_modules[f.value.id], f.attr)), node.args[0]
            elif f.attr in _STR_METHODS and not node.args and not node.keywords:
                fn, target = _STR_METHODS[f.attr], f.value
        if fn is None or target is None:
            return None
        text = self.eval(target, local)
        if isinstance(text, Unresolved):
            return text
        if not isinstance(text, str):
            return self._no(node, f"'{shown(node.func)}' of a value that is not text")
        return fn(text)

    def _call(self, node: ast.Call, local: Mapping[str, ast.expr] | None) -> Any:
        text = self._text_call(node, local)
        if text is not None:
            return text
        func = dotted_name(node.func)
        if func is None:
            return self._no(node, f"call '{shown(node.func)}(...)'")
        if func.startswith("self.") and func.count(".") == 1:
            if node.args or node.keywords:
                return self._no(node, f"call '{func}(...)' with arguments")
            return SelfCall(func.split(".", 1)[1], node.lineno)
        if any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords
        ):
            return self._no(node, f"call '{func}(...)' with * or ** arguments")
        return ClassCall(
            name=func,
            line=node.lineno,
            args=[self.eval(a, local) for a in node.args],
            kwargs={k.arg: self.eval(k.value, local) for k in node.keywords if k.arg},
        )


def _line(node: ast.AST) -> int:
    return getattr(node, "lineno", 0)
