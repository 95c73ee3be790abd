"""One Python file: find agent definitions by reading its syntax tree (never importing it)."""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .crewbase import crewbase_agents
from .fields import CODE_ARGUMENTS, column_for, convert, from_yaml
from .model import FoundAgent, Problem, kebab
from .values import Resolver, Scope, Unresolved, text_function_bindings

_IDENTITY = ("role", "goal", "backstory")


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


def _bindings(body: list[ast.stmt]) -> Counter[str]:
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
    direct: dict[str, ast.expr] = {}
    for stmt in body:
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            direct[stmt.targets[0].id] = stmt.value
        elif (
            isinstance(stmt, ast.AnnAssign)
            and stmt.value is not None
            and isinstance(stmt.target, ast.Name)
        ):
            direct[stmt.target.id] = stmt.value
    counts = _bindings(body)
    return {k: v for k, v in direct.items() if counts[k] == 1}


def class_attributes(cls: ast.ClassDef) -> dict[str, ast.expr]:
    out: dict[str, ast.expr] = {}
    for stmt in cls.body:
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            out[stmt.targets[0].id] = stmt.value
        elif (
            isinstance(stmt, ast.AnnAssign)
            and stmt.value is not None
            and isinstance(stmt.target, ast.Name)
        ):
            out[stmt.target.id] = stmt.value
    return out


def _parameters(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, ast.expr | None]:
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


class FileScanner:
    def __init__(self, tree: ast.Module, path: str, file: Path) -> None:
        self.tree = tree
        self.path = path
        self.file = file
        self.b = Bindings(tree)
        self.constants = single_assignments(tree.body)
        self.text_functions, self.text_modules = text_function_bindings(tree)
        self.agents: list[FoundAgent] = []
        self.problems: list[Problem] = []

    def scope(self, **kw: Any) -> Scope:
        return Scope(
            self.constants, text_functions=self.text_functions, text_modules=self.text_modules, **kw
        )

    def function_constants(self, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, ast.expr]:
        """Module constants the function does not shadow, plus its own single assignments."""
        local = _bindings(fn.body)
        visible = {k: v for k, v in self.constants.items() if k not in local}
        return {**visible, **single_assignments(fn.body)}

    def run(self) -> None:
        if not self.b.uses_crewai:
            return
        for stmt in self.tree.body:
            self._statement(stmt)

    def _statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.ClassDef):
            self._class(stmt)
            return
        for call, chain in agent_calls(stmt, self.b):
            self._module_call(stmt, call, chain)

    def _module_call(self, stmt: ast.stmt, call: ast.Call, chain: list[ast.AST]) -> None:
        fn = next(
            (n for n in reversed(chain) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))),
            None,
        )
        if fn is not None:
            name = fn.name
            scope = self.scope(parameters=_parameters(fn))
            scope.module_constants = self.function_constants(fn)
        elif (
            isinstance(stmt, ast.Assign)
            and stmt.value is call
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            name, scope = stmt.targets[0].id, self.scope()
        elif (
            isinstance(stmt, ast.AnnAssign)
            and stmt.value is call
            and isinstance(stmt.target, ast.Name)
        ):
            name, scope = stmt.target.id, self.scope()
        else:
            self.problems.append(
                Problem(
                    self.path,
                    call.lineno,
                    "Agent(...) that is not assigned to a name: no key to register it under",
                )
            )
            return
        found = FoundAgent(kebab(name), {}, self.path, call.lineno, "call")
        self.apply_call(found, call, Resolver(scope))
        self.agents.append(found)

    def apply_call(
        self, found: FoundAgent, call: ast.Call, r: Resolver, *, keep: bool = False
    ) -> None:
        """Values from the call's keywords; with ``keep``, values already found win."""
        for kw in call.keywords:
            if kw.arg is None:
                found.unresolved["**"] = f"'**{ast.unparse(kw.value)}' cannot be read"
                continue
            if kw.arg == "config":
                value = r.value(kw.value)
                if isinstance(value, dict):
                    cols, _ = from_yaml(value)
                    for k, v in cols.items():
                        found.values.setdefault(k, v)
                elif found.kind != "crewbase":
                    found.unresolved["config"] = (
                        value.reason if isinstance(value, Unresolved) else "not a mapping"
                    )
                continue
            column = column_for(kw.arg)
            if column is None:
                if kw.arg in CODE_ARGUMENTS and not (
                    kw.arg == "step_callback" and "step_callback_url" in found.values
                ):
                    found.unresolved[kw.arg] = "code, not configuration: not stored"
                elif kw.arg not in CODE_ARGUMENTS:
                    found.unresolved[kw.arg] = "not an agent setting crewtui stores"
                continue
            if keep and column in found.values:
                continue
            result = convert(kw.arg, kw.value, r)
            if isinstance(result, Unresolved):
                found.unresolved[column] = result.reason
            elif result is not None:
                found.values.update(result)
                found.unresolved.pop(column, None)
        if call.args:
            found.unresolved["positional"] = "Agent takes keyword arguments only"

    def _class(self, cls: ast.ClassDef) -> None:
        for stmt in cls.body:
            if isinstance(stmt, ast.ClassDef):
                self._class(stmt)
        attrs = class_attributes(cls)
        if any(self.b.names(d, self.b.crewbase, "CrewBase") for d in cls.decorator_list):
            agents, problems = crewbase_agents(self, cls, attrs)
            self.agents.extend(agents)
            self.problems.extend(problems)
            return
        calls = list(agent_calls(cls, self.b))
        if all(k in attrs for k in _IDENTITY):
            self._class_agent(cls, attrs, calls)
        elif len(calls) == 1:
            call, chain = calls[0]
            found = FoundAgent(kebab(cls.name), {}, self.path, call.lineno, "call")
            self.apply_call(found, call, self.method_resolver(cls, attrs, chain))
            self.agents.append(found)
        else:
            for call, chain in calls:
                fn = next(
                    (
                        n
                        for n in reversed(chain)
                        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                    ),
                    None,
                )
                name = fn.name if fn is not None else cls.name
                found = FoundAgent(kebab(name), {}, self.path, call.lineno, "call")
                self.apply_call(found, call, self.method_resolver(cls, attrs, chain))
                self.agents.append(found)

    def method_resolver(
        self, cls: ast.ClassDef, attrs: dict[str, ast.expr], chain: list[ast.AST]
    ) -> Resolver:
        fn = next(
            (n for n in reversed(chain) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))),
            None,
        )
        params = _parameters(fn) if fn is not None else {}
        constants = self.function_constants(fn) if fn is not None else self.constants
        scope = self.scope(class_attributes=attrs, class_name=cls.name, parameters=params)
        scope.module_constants = constants
        return Resolver(scope)

    def _class_agent(
        self,
        cls: ast.ClassDef,
        attrs: dict[str, ast.expr],
        calls: list[tuple[ast.Call, list[ast.AST]]],
    ) -> None:
        r = Resolver(self.scope(class_attributes=attrs, class_name=cls.name))
        key_value = r.value(attrs["agent_key"]) if "agent_key" in attrs else None
        key = key_value if isinstance(key_value, str) and key_value else kebab(cls.name)
        found = FoundAgent(key, {}, self.path, cls.lineno, "class")
        for name, expr in attrs.items():
            result = convert(name, expr, r, class_attribute=True)
            if isinstance(result, Unresolved):
                found.unresolved[column_for(name, class_attribute=True) or name] = result.reason
            elif result is not None:
                found.values.update(result)
        for call, chain in calls:
            self.apply_call(found, call, self.method_resolver(cls, attrs, chain), keep=True)
        for column in list(found.unresolved):
            if column in found.values:
                del found.unresolved[column]
        self.agents.append(found)
