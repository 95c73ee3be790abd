"""A crew written inline in a flow definition (``do: {call: crew, with: {...}}``) read as a
JSON-first crew: ``agents`` is an object of agent definitions (or a list of them with a
``name``), ``tasks`` a list; the values are read by the JSON-first reader's own rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..importer.errors import issue
from ..importer.jsonproject import _JsonReader, _refs
from ..importer.locate import Location
from ..importer.spec import AgentSpec, CrewSpec, ProjectSpec
from ..importer.values import Raw, agent_values, crew_values

_STRUCTURE = {"name", "agents", "tasks", "manager_agent", "description", "inputs"}


def _agents_of(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for item in value if isinstance(value, list) else []:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            out[item["name"]] = {k: v for k, v in item.items() if k != "name"}
        elif isinstance(item, dict) and len(item) == 1:
            (k, v), *_ = item.items()
            out[str(k)] = v
    return out


class InlineCrewReader(_JsonReader):
    def __init__(self, folder: Path, source: Path, line: int) -> None:
        super().__init__(Location(folder, folder, "json"))
        self.source = source
        self.line = line

    def inline_agent(self, key: str, data: Any) -> AgentSpec | None:
        ctx, path, line = self.ctx, self.source, self.line
        if not isinstance(data, dict):
            ctx.error(path, line, f"agent '{key}' must be an object")
            return None
        data = _refs(dict(data))
        settings = data.pop("settings", None) or {}
        llm = data.get("llm")
        if isinstance(llm, dict) and isinstance(llm.get("model"), str):
            data["llm"] = llm["model"]
            if "max_tokens" in llm:
                settings.setdefault("max_tokens", llm["max_tokens"])
        what = f"agent '{key}'"
        raw = {k: Raw(v, path, line, False) for k, v in {**data, **settings}.items()}
        if "tools" in raw:
            raw["tools"].value = self.tools(raw["tools"].value, path, line, what)
            if raw["tools"].value is None:
                del raw["tools"]
        values = agent_values(ctx, raw, None, self.mod, what)
        for req in ("role", "goal", "backstory"):
            if not values.get(req):
                ctx.error(path, line, f"{what} has no {req}")
        return AgentSpec(key, values, ctx.where(path, line))

    def read_inline(self, data: dict[str, Any], name: str) -> ProjectSpec:
        ctx = self.ctx
        data = _refs(dict(data))
        agents: dict[str, AgentSpec] = {}
        for key, value in _agents_of(data.get("agents")).items():
            spec = self.inline_agent(key, value)
            if spec is not None:
                agents[key] = spec
        manager = data.get("manager_agent") if isinstance(data.get("manager_agent"), str) else None
        tasks = self.tasks(data.get("tasks") or [], self.source, "", agents)
        raw_crew = {
            k: Raw(v, self.source, self.line, False) for k, v in data.items() if k not in _STRUCTURE
        }
        crew = CrewSpec(
            name=name,
            values=crew_values(ctx, raw_crew, None, self.mod, "crew"),
            members=[k for k in agents if k != manager],
            manager=manager if manager in agents else None,
            description=data.get("description")
            if isinstance(data.get("description"), str)
            else None,
            where=ctx.where(self.source, self.line),
        )
        if not agents:
            ctx.errors.append(
                issue(ctx.rel(self.source), self.line, f"crew '{name}' has no agents")
            )
        ctx.raise_errors()
        got = data.get("inputs")
        inputs: dict[str, Any] = dict(got) if isinstance(got, dict) else {}
        return ProjectSpec(
            root=self.loc.root,
            layout="json",
            crew=crew,
            agents=agents,
            tasks=tasks,
            tools=ctx.tools,
            inputs=inputs,
            warnings=ctx.warnings,
        )
