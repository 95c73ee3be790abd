"""A JSON-first project (crewai 1.15+): ``crew.jsonc`` plus ``agents/<key>.jsonc``.

``crew.jsonc`` holds the crew settings, ``agents`` (member keys in order), ``manager_agent`` or
``manager_llm`` and ``tasks`` (a list in execution order, each with its ``name``);
``agents/<key>.jsonc`` holds role, goal, backstory, llm, tools and ``settings`` (every other
agent parameter). ``{"python": "module.name"}`` points at a module of the project folder
(``llms.py``, ``callbacks.py``, ``models.py``, ``knowledge.py``, ``guardrails.py``); tools are
crewai_tools class names or ``custom:<module>`` for a class in ``tools/<module>.py``.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from ..pyeval import Evaluator, Scope
from ..pysyntax import ClassCall, Dotted
from ..sources import present
from .context import ReadContext
from .jsonc import load_jsonc
from .locate import Location
from .modules import Module, ModuleIndex, base_names
from .schema import SchemaError, model_schema
from .spec import AgentSpec, CrewSpec, ProjectSpec, TaskSpec
from .values import Raw, agent_values, crew_values, task_values
from .yamlio import exported_description

#: ``type`` values crewai's loader builds a Task or a ConditionalTask for (a condition is kept)
_TASK_TYPES = ("task", "Task", "conditional", "conditional_task", "ConditionalTask")
_CREW_STRUCTURE = {"name", "agents", "tasks", "manager_agent", "description", "inputs"}


def _line_of(text: str, needle: str, start: int = 0) -> int:
    at = text.find(needle, start)
    return text.count("\n", 0, at) + 1 if at >= 0 else 0


def _refs(value: Any) -> Any:
    """``{"python": "a.b"}`` -> Dotted("a.b"), everywhere in a JSON value."""
    if isinstance(value, dict):
        if set(value) == {"python"} and isinstance(value["python"], str):
            return Dotted(value["python"])
        return {k: _refs(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_refs(v) for v in value]
    return value


def _project_module(folder: Path) -> Module:
    """A stand-in module that imports every module of the project folder by its name."""
    empty = ast.Module(body=[], type_ignores=[])
    mod = Module(folder / "crew.jsonc", empty, Evaluator(Scope()))
    for path in folder.glob("*.py"):
        mod.imports[path.stem] = (path.stem, 0, "")
    return mod


class _JsonReader:
    def __init__(self, loc: Location) -> None:
        self.loc = loc
        self.ctx = ReadContext(loc.root, ModuleIndex(loc.package_dir, loc.root))
        self.mod = _project_module(loc.package_dir)

    def tool_key(self, name: Any, path: Path, line: int, what: str) -> str | None:
        if not isinstance(name, str) or not name:
            self.ctx.warn(path, line, f"{what}: tool {name!r} is not a tool name; not imported")
            return None
        if name.startswith("custom:"):
            module = name.split(":", 1)[1]
            file = self.loc.package_dir / "tools" / f"{module}.py"
            if not present(file):
                self.ctx.error(path, line, f"{what}: unknown tool '{name}': no tools/{module}.py")
                return None
            tmod = self.ctx.index.load(file)
            classes = [c for c in tmod.classes.values() if c.bases]
            if not classes:
                self.ctx.error(file, 0, f"{what}: tools/{module}.py defines no tool class")
                return None
            return self.ctx.tool_from_class(tmod, classes[-1], {}, line, module)
        return self.ctx.tool_from_call(ClassCall(name, line), self.mod)

    def tools(self, value: Any, path: Path, line: int, what: str) -> list[str] | None:
        if not isinstance(value, list):
            self.ctx.warn(path, line, f"{what}: tools must be a list; not imported")
            return None
        keys = [self.tool_key(v, path, line, what) for v in value]
        return [k for k in keys if k]

    def output_model(self, value: Any, which: str, path: Path, line: int, what: str) -> Any:
        if isinstance(value, str) and which == "output_pydantic":
            return value
        if not isinstance(value, Dotted):
            self.ctx.warn(
                path, line, f'{what}: {which} must be {{"python": "models.Class"}}; not imported'
            )
            return None
        got = self.ctx.resolve_dotted(self.mod, value.text)
        if got is None or not isinstance(got[1], ast.ClassDef):
            self.ctx.warn(path, line, f"{what}: {which} class {value.text} not found; not imported")
            return None
        if which == "output_pydantic":
            return got[1].name
        if "BaseModel" not in base_names(got[1]):
            self.ctx.warn(
                path, line, f"{what}: {got[1].name} is not a pydantic model; not imported"
            )
            return None
        try:
            return model_schema(self.ctx.index, got[0], got[1])
        except SchemaError as exc:
            self.ctx.warn(got[0].path, got[1].lineno, f"{what}: {exc}; output_json not imported")
            return None

    def agent(self, key: str, path: Path) -> AgentSpec | None:
        ctx = self.ctx
        ctx.deadline.check()
        text, data = load_jsonc(path, self.loc.root)
        if not isinstance(data, dict):
            ctx.error(path, 1, "must be a JSON object")
            return None
        data = _refs(data)
        settings = data.pop("settings", None) or {}
        if not isinstance(settings, dict):
            ctx.error(path, _line_of(text, '"settings"'), "settings must be an object")
            settings = {}
        what = f"agent '{key}'"
        raw = {
            k: Raw(v, path, _line_of(text, f'"{k}"'), False)
            for k, v in {**data, **settings}.items()
        }
        if "tools" in raw:
            raw["tools"].value = self.tools(raw["tools"].value, path, raw["tools"].line, what)
            if raw["tools"].value is None:
                del raw["tools"]
        values = agent_values(ctx, raw, None, self.mod, what)
        for req in ("role", "goal", "backstory"):
            if not values.get(req):
                ctx.error(path, 1, f"agent '{key}' has no {req}")
        return AgentSpec(
            key, values, ctx.where(path, 1), {k: ctx.where(r.path, r.line) for k, r in raw.items()}
        )

    def read(self) -> ProjectSpec:
        ctx, loc = self.ctx, self.loc
        crew_path = loc.package_dir / "crew.jsonc"
        if not present(crew_path):
            crew_path = loc.package_dir / "crew.json"
        crew_text, data = load_jsonc(crew_path, loc.root)
        if not isinstance(data, dict):
            ctx.error(crew_path, 1, "must be a JSON object")
            ctx.raise_errors()
        data = _refs(data)
        agent_files = {p.stem: p for p in sorted((loc.package_dir / "agents").glob("*.json*"))}
        listed = data.get("agents", list(agent_files))
        if not isinstance(listed, list) or not all(isinstance(k, str) for k in listed):
            ctx.error(
                crew_path, _line_of(crew_text, '"agents"'), "agents must be a list of agent keys"
            )
            listed = []
        manager = data.get("manager_agent")
        if manager is not None and not isinstance(manager, str):
            ctx.error(
                crew_path,
                _line_of(crew_text, '"manager_agent"'),
                "manager_agent must be an agent key",
            )
            manager = None
        agents: dict[str, AgentSpec] = {}
        for key in [*listed, *([manager] if manager else [])]:
            path = agent_files.get(key)
            if path is None:
                field = '"manager_agent"' if key == manager else '"agents"'
                ctx.error(
                    crew_path,
                    _line_of(crew_text, field),
                    f"unknown agent '{key}': no agents/{key}.jsonc",
                )
                continue
            spec = self.agent(key, path)
            if spec is not None:
                agents[key] = spec
        for stem, path in agent_files.items():
            if stem not in listed and stem != manager:
                ctx.warn(path, 0, f"agent '{stem}' is not listed in {crew_path.name}; not imported")
        tasks = self.tasks(data.get("tasks") or [], crew_path, crew_text, agents)
        raw_crew = {
            k: Raw(v, crew_path, _line_of(crew_text, f'"{k}"'), False)
            for k, v in data.items()
            if k not in _CREW_STRUCTURE
        }
        crew_vals = crew_values(ctx, raw_crew, None, self.mod, "crew")
        name = (
            data.get("name")
            if isinstance(data.get("name"), str) and data["name"].strip()
            else loc.package_dir.name
        )
        description = (
            data.get("description")
            if isinstance(data.get("description"), str)
            else exported_description(loc.root, name, ctx.warnings)
        )
        crew = CrewSpec(
            name=name,
            values=crew_vals,
            members=[k for k in listed if k in agents and k != manager],
            manager=manager if manager in agents else None,
            description=description,
            where=ctx.where(crew_path, 1),
            origins={k: ctx.where(r.path, r.line) for k, r in raw_crew.items()},
        )
        ctx.raise_errors()
        given = data.get("inputs")
        inputs = (
            {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in given.items()}
            if isinstance(given, dict)
            else {}
        )
        return ProjectSpec(
            root=loc.root,
            layout="json",
            crew=crew,
            agents=agents,
            tasks=tasks,
            tools=ctx.tools,
            inputs=inputs,
            warnings=ctx.warnings,
        )

    def tasks(
        self, raw_tasks: Any, crew_path: Path, crew_text: str, agents: dict[str, AgentSpec]
    ) -> list[TaskSpec]:
        ctx = self.ctx
        if not isinstance(raw_tasks, list):
            ctx.error(crew_path, _line_of(crew_text, '"tasks"'), "tasks must be a list")
            return []
        names = [t.get("name") for t in raw_tasks if isinstance(t, dict)]
        out: list[TaskSpec] = []
        seen: set[str] = set()
        search_from = max(crew_text.find('"tasks"'), 0)
        for t in raw_tasks:
            ctx.deadline.check()
            if not isinstance(t, dict) or not isinstance(t.get("name"), str):
                ctx.error(crew_path, _line_of(crew_text, '"tasks"'), 'every task needs a "name"')
                continue
            key = t["name"]
            line = _line_of(crew_text, f'"{key}"', search_from)
            what = f"task '{key}'"
            raw = {
                k: Raw(v, crew_path, line, False)
                for k, v in t.items()
                if k != "name" and not (k == "type" and v in _TASK_TYPES)
            }
            if "tools" in raw:
                raw["tools"].value = self.tools(raw["tools"].value, crew_path, line, what)
                if raw["tools"].value is None:
                    del raw["tools"]
            values = task_values(ctx, raw, None, self.mod, what)
            for which in ("output_json", "output_pydantic"):
                if t.get(which) is not None:
                    got = self.output_model(t[which], which, crew_path, line, what)
                    if got is not None:
                        values[which] = got
            agent = t.get("agent")
            if agent is not None:
                if agent not in agents:
                    ctx.error(crew_path, line, f"{what}: unknown agent '{agent}'")
                else:
                    values["agent"] = agent
            if "context" in t:
                values["context"] = self.context(
                    t["context"], names, seen, key, crew_path, line, what
                )
            out.append(TaskSpec(key, values, ctx.where(crew_path, line)))
            seen.add(key)
        return out

    def context(
        self,
        value: Any,
        names: list[Any],
        seen: set[str],
        key: str,
        path: Path,
        line: int,
        what: str,
    ) -> list[str] | None:
        if value is None:
            return None
        if not isinstance(value, list):
            self.ctx.error(path, line, f"{what}: context must be a list of task names")
            return None
        out: list[str] = []
        for name in value:
            if name not in names:
                self.ctx.error(path, line, f"{what}: unknown context task '{name}'")
                continue
            if name not in seen:
                self.ctx.warn(
                    path,
                    line,
                    f"task '{key}' takes context from the later task '{name}': crewai refuses this",
                )
            out.append(name)
        return out


def read_json_project(loc: Location) -> ProjectSpec:
    return _JsonReader(loc).read()
