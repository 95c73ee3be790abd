"""The security scan run before generated code may be approved.

Two checks: an AST walk over Python source (imports outside an allow-list, the builtins that
run or load code, dunder attribute access) and a walk over a Jinja template's syntax tree
(constructs that import, include, or reach Python internals through attributes). Both only
parse what they are given; neither runs it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, nodes

#: modules generated agent code may import (a dotted name is allowed when its root is)
ALLOWED_IMPORTS: frozenset[str] = frozenset(
    {"__future__", "crewai", "crewai_tools", "json", "typing", "urllib", "collections"}
)

#: builtins that execute, load or open things, or hand out the namespace to do so
FORBIDDEN_NAMES: frozenset[str] = frozenset(
    {
        "eval",
        "exec",
        "compile",
        "__import__",
        "open",
        "breakpoint",
        "globals",
        "locals",
        "vars",
        "getattr",
        "setattr",
        "delattr",
        "input",
        "__builtins__",
        "__loader__",
        "__spec__",
    }
)

#: Jinja globals and filters that give a template a way out of its data
FORBIDDEN_TEMPLATE_NAMES: frozenset[str] = frozenset(
    {"self", "lipsum", "cycler", "joiner", "namespace", "config", "request", "range"}
)
FORBIDDEN_TEMPLATE_FILTERS: frozenset[str] = frozenset({"attr", "map", "xmlattr"})


@dataclass(frozen=True)
class Issue:
    """One finding: which rule, where, and what to do about it."""

    rule: str
    message: str
    line: int | None = None
    col: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{where}{self.message} [{self.rule}]"


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


class _CodeScanner(ast.NodeVisitor):
    def __init__(self, allowed: frozenset[str]) -> None:
        self.allowed = allowed
        self.issues: list[Issue] = []

    def _add(self, node: ast.AST, rule: str, message: str) -> None:
        self.issues.append(
            Issue(rule, message, getattr(node, "lineno", None), getattr(node, "col_offset", None))
        )

    def _check_module(self, node: ast.AST, module: str) -> None:
        root = module.split(".", 1)[0]
        if root not in self.allowed:
            self._add(node, "import", f"import of '{module}' is not allowed")

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._check_module(node, alias.name)
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            self._add(node, "import", "relative imports are not allowed")
        else:
            self._check_module(node, node.module or "")
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in FORBIDDEN_NAMES:
            self._add(node, "builtin", f"use of '{node.id}' is not allowed")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if _is_dunder(node.attr):
            self._add(node, "dunder", f"access to attribute '{node.attr}' is not allowed")
        self.generic_visit(node)


def scan_code(source: str, *, allowed_imports: Iterable[str] = ALLOWED_IMPORTS) -> list[Issue]:
    """Findings in Python ``source``; a syntax error is itself a finding."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        return [Issue("syntax", f"does not parse: {exc.msg}", exc.lineno, exc.offset)]
    scanner = _CodeScanner(frozenset(allowed_imports))
    scanner.visit(tree)
    return scanner.issues


def scan_template(source: str) -> list[Issue]:
    """Findings in a Jinja template's source: ways for the template to run or import code."""
    env = Environment()
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        return [Issue("template-syntax", f"template does not parse: {exc.message}", exc.lineno)]
    issues: list[Issue] = []

    def add(node: nodes.Node, rule: str, message: str) -> None:
        issues.append(Issue(rule, message, getattr(node, "lineno", None)))

    for node in tree.find_all(nodes.Node):
        if isinstance(node, (nodes.Import, nodes.FromImport, nodes.Include, nodes.Extends)):
            add(
                node,
                "template-import",
                f"'{type(node).__name__.lower()}' is not allowed in a template",
            )
        elif isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            add(node, "template-dunder", f"access to attribute '{node.attr}' is not allowed")
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
            and node.arg.value.startswith("_")
        ):
            add(node, "template-dunder", f"access to item '{node.arg.value}' is not allowed")
        elif isinstance(node, nodes.Name) and node.name in FORBIDDEN_TEMPLATE_NAMES:
            add(node, "template-global", f"use of '{node.name}' is not allowed in a template")
        elif isinstance(node, nodes.Filter) and node.name in FORBIDDEN_TEMPLATE_FILTERS:
            add(node, "template-filter", f"filter '{node.name}' is not allowed in a template")
        elif isinstance(node, nodes.Const) and isinstance(node.value, str) and "__" in node.value:
            add(node, "template-dunder", f"string {node.value!r} names a dunder")
    return issues


def issues_json(issues: Iterable[Issue]) -> list[dict[str, Any]]:
    return [i.as_json() for i in issues]
