"""In-memory crew bundles for lint and export tests (no database)."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from crewtui.domain.agent import Agent
from crewtui.domain.bundle import CrewBundle, KnowledgeItem
from crewtui.domain.catalog import MemoryConfig, Tool
from crewtui.domain.crew import Crew, CrewMember
from crewtui.domain.task import Task


def agent(key: str, **values: Any) -> Agent:
    base: dict[str, Any] = {
        "id": uuid4(),
        "agent_key": key,
        "name": key.title(),
        "role": key.replace("-", " ").title(),
        "goal": f"Do the {key} work",
        "backstory": f"You are the {key}.",
        "llm_model": "openai/gpt-4o-mini",
    }
    return Agent.model_validate({**base, **values})


def task(
    name: str, agent_: Agent | None, pos: int, *, context: list[Task] | None = None, **values: Any
) -> Task:
    base: dict[str, Any] = {
        "id": uuid4(),
        "name": name,
        "sequence_order": pos,
        "assigned_agent_id": agent_.id if agent_ else None,
        "description": f"Do {name}.",
        "expected_output": f"The {name} result.",
        "context_task_ids": None if context is None else [t.id for t in context],
    }
    return Task.model_validate({**base, **values})


def bundle(
    agents: list[Agent],
    tasks: list[Task],
    *,
    manager: Agent | None = None,
    tools: list[Tool] | None = None,
    memory_configs: list[MemoryConfig] | None = None,
    knowledge: list[KnowledgeItem] | None = None,
    **crew_values: Any,
) -> CrewBundle:
    values: dict[str, Any] = {"id": uuid4(), "crew_name": "test-crew", **crew_values}
    if manager is not None:
        values.setdefault("process_type", "hierarchical")
        values["manager_agent_id"] = manager.id
    values["members"] = [
        CrewMember(agent_id=a.id, agent_key=a.agent_key, role=a.role, sequence_order=i)
        for i, a in enumerate(agents)
    ]
    crew = Crew.model_validate(values)
    everyone: dict[UUID, Agent] = {a.id: a for a in agents}  # type: ignore[misc]
    if manager is not None:
        everyone[manager.id] = manager  # type: ignore[index]
    return CrewBundle(
        crew=crew,
        agents=everyone,
        tasks=sorted(tasks, key=lambda t: t.sequence_order),
        memory_configs={c.id: c for c in memory_configs or []},  # type: ignore[misc]
        tools={t.tool_key: t for t in tools or []},
        knowledge=knowledge or [],
    )


def simple() -> CrewBundle:
    """A clean two-agent sequential crew."""
    a, b = agent("researcher"), agent("writer")
    t1 = task("research", a, 0, context=[])
    t2 = task("write", b, 1, context=[t1])
    return bundle([a, b], [t1, t2])


def mutate(record: Any, **changes: Any) -> Any:
    """A copy with changes applied, bypassing validation (like a legacy row)."""
    return record.model_copy(update=changes)
