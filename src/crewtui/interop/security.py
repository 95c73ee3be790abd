"""The security scan run before generated code may be approved.

Two checks: an allow-list walk over Python source (:mod:`crewtui.interop.security_code`:
what may be imported, which members of each module may be used, which builtins may be
named) and a walk over a Jinja template's syntax tree (constructs that import, include, or
reach Python internals through attributes). Both only parse what they are given; neither
runs it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, nodes

from .security_code import ALLOWED_MODULES, SAFE_BUILTINS, Issue, scan_code

__all__ = [
    "ALLOWED_MODULES",
    "SAFE_BUILTINS",
    "Issue",
    "issues_json",
    "scan_code",
    "scan_template",
]

#: Jinja globals and filters that give a template a way out of its data
FORBIDDEN_TEMPLATE_NAMES: frozenset[str] = frozenset(
    {"self", "lipsum", "cycler", "joiner", "namespace", "config", "request", "range"}
)
FORBIDDEN_TEMPLATE_FILTERS: frozenset[str] = frozenset({"attr", "map", "xmlattr"})


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
