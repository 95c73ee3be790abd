"""One Python file: find agent definitions by reading its syntax tree (never importing it)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from ..pyeval import Evaluator, Scope
from ..pysyntax import Unresolved, assignments, text_bindings
from .crewbase import crewbase_agents
from .fields import CODE_ARGUMENTS, column_for, convert, from_yaml
from .model import FoundAgent, Problem, kebab
from .syntax import Bindings, agent_calls, bindings, parameters, single_assignments

_IDENTITY = ("role", "goal", "backstory")


class FileScanner:
    """One module: ``path`` as shown in messages, ``file`` on disk, ``root`` the folder the
    scan stays in (config files it names are read only inside it)."""

    def __init__(self, tree: ast.Module, path: str, file: Path, root: Path | None = None) -> None:
        self.tree = tree
        self.path = path
        self.file = file
        self.root = root if root is not None else file.parent
        self.b = Bindings(tree)
        self.constants = single_assignments(tree.body)
        self.text_functions, self.text_modules = text_bindings(tree, everywhere=True)
        self.agents: list[FoundAgent] = []
        self.problems: list[Problem] = []

    def scope(self, **kw: Any) -> Scope:
        return Scope(
            self.constants, text_functions=self.text_functions, text_modules=self.text_modules, **kw
        )

    def function_constants(self, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, ast.expr]:
        """Module constants the function does not shadow, plus its own single assignments."""
        local = bindings(fn.body)
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
            scope = self.scope(parameters=parameters(fn))
            scope.constants = self.function_constants(fn)
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
        self.apply_call(found, call, Evaluator(scope))
        self.agents.append(found)

    def apply_call(
        self, found: FoundAgent, call: ast.Call, r: Evaluator, *, keep: bool = False
    ) -> None:
        """Values from the call's keywords; with ``keep``, values already found win."""
        for kw in call.keywords:
            if kw.arg is None:
                found.unresolved["**"] = f"'**{ast.unparse(kw.value)}' cannot be read"
                continue
            if kw.arg == "config":
                value = r.plain(kw.value)
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
            if kw.arg == "planning_config" and "reasoning_enabled" in found.values:
                continue  # newer releases' form of the reasoning columns the class declares
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
        attrs = assignments(cls.body)
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
    ) -> Evaluator:
        fn = next(
            (n for n in reversed(chain) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))),
            None,
        )
        params = parameters(fn) if fn is not None else {}
        constants = self.function_constants(fn) if fn is not None else self.constants
        scope = self.scope(class_attributes=attrs, class_name=cls.name, parameters=params)
        scope.constants = constants
        return Evaluator(scope)

    def _class_agent(
        self,
        cls: ast.ClassDef,
        attrs: dict[str, ast.expr],
        calls: list[tuple[ast.Call, list[ast.AST]]],
    ) -> None:
        r = Evaluator(self.scope(class_attributes=attrs, class_name=cls.name))
        key_value = r.plain(attrs["agent_key"]) if "agent_key" in attrs else None
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
