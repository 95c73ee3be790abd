"""What names mean in a scanned module: crewai's Agent and decorators, names bound once,
class attributes and parameters (read from the syntax tree, never run)."""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator

from ..pysyntax import assignments


class Bindings:
    """Which local names mean crewai's Agent, the crewai module, CrewBase and @agent."""

    def __init__(self, tree: ast.Module) -> None:
        self.agent: set[str] = set()
        self.modules: set[str] = set()
        self.crewbase: set[str] = set()
        self.agent_decorator: set[str] = set()
        self.uses_crewai = False
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and not node.level and node.module:
                if node.module.split(".")[0] != "crewai":
                    continue
                self.uses_crewai = True
                for a in node.names:
                    local = a.asname or a.name
                    if a.name == "Agent":
                        self.agent.add(local)
                    elif a.name == "CrewBase":
                        self.crewbase.add(local)
                    elif a.name == "agent" and node.module.startswith("crewai.project"):
                        self.agent_decorator.add(local)
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.split(".")[0] == "crewai":
                        self.uses_crewai = True
                        self.modules.add(a.asname or "crewai")

    def _root(self, node: ast.expr) -> str | None:
        while isinstance(node, ast.Attribute):
            node = node.value
        return node.id if isinstance(node, ast.Name) else None

    def is_agent_call(self, node: ast.AST) -> bool:
        if not isinstance(node, ast.Call):
            return False
        f = node.func
        if isinstance(f, ast.Name):
            return f.id in self.agent
        return (
            isinstance(f, ast.Attribute)
            and f.attr == "Agent"
            and self._root(f.value) in self.modules
        )

    def names(self, node: ast.expr, local: set[str], attr: str) -> bool:
        if isinstance(node, ast.Call):
            node = node.func
        if isinstance(node, ast.Name):
            return node.id in local
        return (
            isinstance(node, ast.Attribute)
            and node.attr == attr
            and self._root(node.value) in self.modules
        )


_NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def bindings(body: list[ast.stmt]) -> Counter[str]:
    """How often each name is bound in this scope (nested scopes' own locals left out)."""
    counts: Counter[str] = Counter()
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            counts[node.id] += 1
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            counts.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            counts[node.name] += 1
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            counts[node.target.id] += 1  # x += ... reads and rebinds: never a constant
        if isinstance(node, _NESTED_SCOPES):
            # a nested scope may still rebind our names through "global"/"nonlocal"
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Global, ast.Nonlocal)):
                    counts.update(inner.names)
            continue
        stack.extend(ast.iter_child_nodes(node))
    return counts


def single_assignments(body: list[ast.stmt]) -> dict[str, ast.expr]:
    """Names bound exactly once in this scope, by a plain assignment directly in ``body``."""
    direct = assignments(body)
    counts = bindings(body)
    return {k: v for k, v in direct.items() if counts[k] == 1}


def parameters(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, ast.expr | None]:
    a = fn.args
    positional = [*a.posonlyargs, *a.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(a.defaults)) + list(
        a.defaults
    )
    out: dict[str, ast.expr | None] = {p.arg: d for p, d in zip(positional, defaults, strict=True)}
    out.update({p.arg: d for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=True)})
    for extra in (a.vararg, a.kwarg):
        if extra is not None:
            out[extra.arg] = None
    for implicit in ("self", "cls"):
        out.pop(implicit, None)
    return out


def agent_calls(node: ast.AST, b: Bindings) -> Iterator[tuple[ast.Call, list[ast.AST]]]:
    """Agent calls under ``node`` with the chain of enclosing nodes, not entering classes."""

    def walk(n: ast.AST, chain: list[ast.AST]) -> Iterator[tuple[ast.Call, list[ast.AST]]]:
        for child in ast.iter_child_nodes(n):
            if isinstance(child, ast.ClassDef):
                continue
            if b.is_agent_call(child):
                yield child, [*chain, n]  # type: ignore[misc]
            yield from walk(child, [*chain, n])

    yield from walk(node, [])
