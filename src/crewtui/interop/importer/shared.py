"""Agents shared by key between the crews of one project, imported together.

Agents are stored once per key, whatever crew uses them. When two crews of the project define
an agent under the same key:

* with the same settings, it is one agent, member of both crews;
* with other settings, the later crew's agent is imported under ``<key>_<crew>`` (a number
  added while that is taken too), and a warning says so: neither crew's agent overwrites the
  other's.

Tools shared by key get the same treatment: the same settings are one tool, others are stored
under ``<key>_<crew>``.
"""

from __future__ import annotations

from typing import Any

from .context import snake
from .errors import issue
from .plan import agent_key
from .spec import AgentSpec, ProjectSpec, ToolSpec


def share_agents(specs: list[ProjectSpec]) -> list[ProjectSpec]:
    """``specs`` with the keys of clashing agents and tools changed (in place)."""
    agents: dict[str, tuple[str, AgentSpec]] = {}
    tools: dict[str, tuple[str, ToolSpec]] = {}
    for spec in specs:
        _share_tools(spec, tools)
        renames: dict[str, str] = {}
        for key, agent in spec.agents.items():
            found = agents.get(agent_key(key))
            if found is None:
                agents[agent_key(key)] = (spec.crew.name, agent)
                continue
            if found[1].values == agent.values:
                continue
            new = _free(
                f"{key}_{snake(spec.crew.name)}", set(agents) | set(map(agent_key, spec.agents))
            )
            renames[key] = new
            agents[agent_key(new)] = (spec.crew.name, agent)
            where = agent.where
            spec.warnings.append(
                issue(
                    where.path if where else spec.root,
                    where.line if where else 0,
                    f"agent '{key}' of crew '{spec.crew.name}' differs from the agent of that "
                    f"key in crew '{found[0]}'; imported as '{new}'",
                )
            )
        if renames:
            _rename_agents(spec, renames)
    return specs


def _free(base: str, taken: set[str]) -> str:
    name, n = base, 1
    while agent_key(name) in taken or name in taken:
        n += 1
        name = f"{base}_{n}"
    return name


def _rename_agents(spec: ProjectSpec, renames: dict[str, str]) -> None:
    def new(key: str) -> str:
        return renames.get(key, key)

    out: dict[str, AgentSpec] = {}
    for key, agent in spec.agents.items():
        agent.key = new(key)
        out[agent.key] = agent
    spec.agents = out
    spec.crew.members = [new(m) for m in spec.crew.members]
    if spec.crew.manager:
        spec.crew.manager = new(spec.crew.manager)
    for task in spec.tasks:
        assigned = task.values.get("agent")
        if isinstance(assigned, str):
            task.values["agent"] = new(assigned)


def _tool_id(tool: ToolSpec) -> tuple[Any, ...]:
    return (tool.name, tool.tool_class, tool.description, tool.config)


def _share_tools(spec: ProjectSpec, seen: dict[str, tuple[str, ToolSpec]]) -> None:
    renames: dict[str, str] = {}
    for key, tool in spec.tools.items():
        found = seen.get(key)
        if found is None:
            seen[key] = (spec.crew.name, tool)
            continue
        if _tool_id(found[1]) == _tool_id(tool):
            continue
        new = _free(f"{key}_{snake(spec.crew.name)}", set(seen) | set(spec.tools))
        renames[key] = new
        seen[new] = (spec.crew.name, tool)
        spec.warnings.append(
            issue(
                tool.where.path if tool.where else spec.root,
                tool.where.line if tool.where else 0,
                f"tool '{key}' of crew '{spec.crew.name}' has other settings than the tool of "
                f"that key in crew '{found[0]}'; imported as '{new}'",
            )
        )
    if not renames:
        return
    out: dict[str, ToolSpec] = {}
    for key, tool in spec.tools.items():
        tool.key = renames.get(key, key)
        out[tool.key] = tool
    spec.tools = out
    holders: list[dict[str, Any]] = [a.values for a in spec.agents.values()]
    holders += [t.values for t in spec.tasks]
    for values in holders:
        keys = values.get("tools")
        if isinstance(keys, list):
            values["tools"] = [renames.get(k, k) for k in keys]
