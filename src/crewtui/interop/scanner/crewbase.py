"""``@CrewBase`` projects: agents come from ``config/agents.yaml`` through ``@agent`` methods."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, Protocol

from ..pyeval import Evaluator, Scope
from ..sources import Unreadable, read_text
from ..yamlload import YamlProblem, load_yaml
from .fields import from_yaml
from .model import FoundAgent, Problem, kebab
from .syntax import Bindings, agent_calls

DEFAULT_AGENTS_CONFIG = "config/agents.yaml"


class Host(Protocol):
    """What a class needs of the scanner of its module (:class:`.python.FileScanner`)."""

    path: str
    file: Path
    root: Path
    b: Bindings

    def scope(self, **kw: Any) -> Scope: ...

    def apply_call(
        self, found: FoundAgent, call: ast.Call, r: Evaluator, *, keep: bool = False
    ) -> None: ...

    def method_resolver(
        self, cls: ast.ClassDef, attrs: dict[str, ast.expr], chain: list[ast.AST]
    ) -> Evaluator: ...


def _load_yaml(
    scanner: Host, cls: ast.ClassDef, attrs: dict[str, ast.expr]
) -> tuple[dict[str, Any] | None, str, list[Problem]]:
    r = Evaluator(scanner.scope(class_attributes=attrs, class_name=cls.name))
    rel = r.plain(attrs["agents_config"]) if "agents_config" in attrs else DEFAULT_AGENTS_CONFIG
    if not isinstance(rel, str):
        return (
            None,
            "",
            [Problem(scanner.path, cls.lineno, f"{cls.name}.agents_config cannot be read")],
        )
    yaml_path = scanner.file.parent / rel
    shown = str(Path(scanner.path).parent / rel)
    try:
        data = load_yaml(read_text(yaml_path, scanner.root, folder="scanned")).data
    except FileNotFoundError:
        return None, shown, [Problem(shown, None, f"agents config of {cls.name} not found")]
    except Unreadable as exc:
        return None, shown, [Problem(shown, None, exc.reason)]
    except YamlProblem as exc:
        return None, shown, [Problem(shown, exc.line or None, f"cannot be read: {exc.message}")]
    if data is None:
        data = {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        return None, shown, [Problem(shown, None, "must map agent keys to their settings")]
    return data, shown, []


def _config_key(call: ast.Call) -> str | None:
    """``config=self.agents_config["board_secretary"]`` -> "board_secretary"."""
    for kw in call.keywords:
        if kw.arg == "config" and isinstance(kw.value, ast.Subscript):
            s = kw.value.slice
            if isinstance(s, ast.Constant) and isinstance(s.value, str):
                return s.value
    return None


def crewbase_agents(
    scanner: Host, cls: ast.ClassDef, attrs: dict[str, ast.expr]
) -> tuple[list[FoundAgent], list[Problem]]:
    data, shown, problems = _load_yaml(scanner, cls, attrs)
    agents: list[FoundAgent] = []
    used: set[str] = set()
    for stmt in cls.body:
        if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if not any(
            scanner.b.names(d, scanner.b.agent_decorator, "agent") for d in stmt.decorator_list
        ):
            continue
        calls = list(agent_calls(stmt, scanner.b))
        if len(calls) != 1:
            problems.append(
                Problem(
                    scanner.path,
                    stmt.lineno,
                    f"@agent {stmt.name} does not build exactly one Agent(...)",
                )
            )
            continue
        call, chain = calls[0]
        found = FoundAgent(kebab(stmt.name), {}, scanner.path, stmt.lineno, "crewbase")
        entry_name = _config_key(call)
        if entry_name is not None:
            if data is None:
                found.unresolved["config"] = f"{shown or 'agents config'} could not be read"
            elif entry_name not in data:
                found.unresolved["config"] = f"'{entry_name}' is not in {shown}"
            else:
                used.add(entry_name)
                values, ignored = from_yaml(data[entry_name])
                found.values.update(values)
                for key in ignored:
                    found.unresolved[key] = f"{shown}: not an agent setting crewtui stores"
        scanner.apply_call(found, call, scanner.method_resolver(cls, attrs, [*chain, stmt]))
        agents.append(found)
    for name in sorted(set(data or {}) - used):
        problems.append(
            Problem(shown, None, f"'{name}' has no @agent method in {cls.name}: not registered")
        )
    return agents, problems
