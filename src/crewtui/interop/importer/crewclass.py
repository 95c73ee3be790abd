"""The ``@CrewBase`` class of a project: its config paths and decorated methods, read statically."""

from __future__ import annotations

import ast
import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..pysyntax import decorator_names, return_expr
from .errors import Issue
from .files import optional_text, read_project_text
from .methodlines import LineMethod
from .modules import Module, ModuleIndex

#: crewai.project decorators that mark a method's role in the crew class
METHOD_KINDS = (
    "agent",
    "task",
    "crew",
    "tool",
    "llm",
    "callback",
    "cache_handler",
    "before_kickoff",
    "after_kickoff",
)


@dataclass
class Method:
    name: str
    kind: str
    #: None for a method read from its lines (see methodlines)
    node: ast.FunctionDef | None
    value: Any
    line: int


@dataclass
class CrewClass:
    module: Module
    node: ast.ClassDef
    agents_config: str = "config/agents.yaml"
    tasks_config: str = "config/tasks.yaml"
    methods: dict[str, Method] = field(default_factory=dict)
    #: classes decorated with @output_json / @output_pydantic inside the crew class
    output_classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    #: methods by kind, built on first use: a project exported from a big crew has one
    #: @agent and one @llm method per agent, and every agent asks for them
    _kinds: dict[str, dict[str, Method]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _kinds_size: int = field(default=-1, init=False, repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def path(self) -> Path:
        return self.module.path

    def by_kind(self, kind: str) -> dict[str, Method]:
        """The methods of ``kind`` by name, in declaration order (do not modify)."""
        if self._kinds is None or self._kinds_size != len(self.methods):
            kinds: dict[str, dict[str, Method]] = {}
            for m in self.methods.values():
                kinds.setdefault(m.kind, {})[m.name] = m
            self._kinds, self._kinds_size = kinds, len(self.methods)
        return self._kinds.get(kind, {})

    def of_kind(self, kind: str) -> list[Method]:
        return list(self.by_kind(kind).values())

    @property
    def docstring(self) -> str | None:
        return ast.get_docstring(self.node)


def _is_crew_base(cls: ast.ClassDef) -> bool:
    return "CrewBase" in decorator_names(cls)


def _body(mod: Module, cls: ast.ClassDef) -> Iterator[ast.stmt | LineMethod]:
    """The statements of the class and the methods read from their lines, in source order."""
    lifted = mod.lifted.get(cls.lineno)
    if not lifted:
        yield from cls.body
        return
    items: list[list[ast.stmt | LineMethod]] = [list(cls.body), list(lifted)]
    yield from heapq.merge(*items, key=_line)


def _line(item: ast.stmt | LineMethod) -> int:
    return item.line if isinstance(item, LineMethod) else item.lineno


def read_crew_class(mod: Module, cls: ast.ClassDef) -> CrewClass:
    out = CrewClass(mod, cls)
    for stmt in _body(mod, cls):
        if isinstance(stmt, LineMethod):
            out.methods[stmt.name] = Method(stmt.name, stmt.kind, None, stmt.value, stmt.line)
            continue
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            target = stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target
            if (
                isinstance(target, ast.Name)
                and target.id in ("agents_config", "tasks_config")
                and stmt.value is not None
            ):
                value = mod.ev.eval(stmt.value)
                if isinstance(value, str):
                    setattr(out, target.id, value)
        elif isinstance(stmt, ast.FunctionDef):
            decos = decorator_names(stmt)
            kind = next((k for k in METHOD_KINDS if k in decos), "plain")
            expr, local = return_expr(stmt)
            value = mod.ev.eval(expr, local) if expr is not None else None
            out.methods[stmt.name] = Method(stmt.name, kind, stmt, value, stmt.lineno)
        elif isinstance(stmt, ast.ClassDef):
            decos = decorator_names(stmt)
            if "output_json" in decos or "output_pydantic" in decos:
                out.output_classes[stmt.name] = stmt
    return out


def find_crew_classes(
    index: ModuleIndex, package_dir: Path, warnings: list[Issue]
) -> list[CrewClass]:
    """Every @CrewBase class in the package's own modules (crew.py first); crew.py must be
    readable, another module that is not is skipped with a warning."""
    files = sorted(package_dir.glob("*.py"), key=lambda p: (p.name != "crew.py", p.name))
    found: list[CrewClass] = []
    for path in files:
        if path.name == "crew.py":
            text = read_project_text(path, index.root)
        else:
            got = optional_text(path, index.root, warnings)
            if got is None:
                continue
            text = got
        if "CrewBase" not in text:
            continue
        mod = index.load(path, text)
        for node in mod.tree.body:
            if isinstance(node, ast.ClassDef) and _is_crew_base(node):
                found.append(read_crew_class(mod, node))
    return found
