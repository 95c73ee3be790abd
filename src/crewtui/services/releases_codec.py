"""A crew bundle frozen as JSON and thawed back, value for value.

Only the tools the agents and tasks name are kept; values pass the history's encoder, so a
secret a legacy row may hold is not copied into a release.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..db.history_values import encode
from ..domain.agent import Agent
from ..domain.bundle import CrewBundle, KnowledgeItem
from ..domain.catalog import MemoryConfig, Tool
from ..domain.crew import Crew
from ..domain.task import Task

FORMAT = 1
M = TypeVar("M", bound=BaseModel)


def freeze(bundle: CrewBundle) -> dict[str, Any]:
    used = {k for a in bundle.agents.values() for k in (a.tools or [])}
    used |= {k for t in bundle.tasks for k in (t.tools or [])}
    data = {
        "format": FORMAT,
        "crew": bundle.crew.model_dump(mode="json"),
        "agents": [a.model_dump(mode="json") for a in bundle.agents.values()],
        "tasks": [t.model_dump(mode="json") for t in bundle.tasks],
        "memory_configs": [m.model_dump(mode="json") for m in bundle.memory_configs.values()],
        "tools": [t.model_dump(mode="json") for k, t in sorted(bundle.tools.items()) if k in used],
        "knowledge": [
            {**asdict(k), "id": str(k.id), "agent_id": str(k.agent_id) if k.agent_id else None}
            for k in bundle.knowledge
        ],
    }
    frozen: dict[str, Any] = encode(data)
    return frozen


def _thaw(model: type[M], data: dict[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError:
        # a legacy value today's rules refuse: keep it as it was frozen
        return model.model_construct(**data)


def thaw(data: dict[str, Any]) -> CrewBundle:
    agents = [_thaw(Agent, a) for a in data.get("agents", [])]
    configs = [_thaw(MemoryConfig, m) for m in data.get("memory_configs", [])]
    return CrewBundle(
        crew=_thaw(Crew, data["crew"]),
        agents={a.id: a for a in agents if a.id},
        tasks=[_thaw(Task, t) for t in data.get("tasks", [])],
        memory_configs={m.id: m for m in configs if m.id},
        tools={t.tool_key: t for t in (_thaw(Tool, x) for x in data.get("tools", []))},
        knowledge=[
            KnowledgeItem(
                id=uuid.UUID(k["id"]),
                agent_id=uuid.UUID(k["agent_id"]) if k.get("agent_id") else None,
                title=k["title"],
                content=k["content"],
                source_type=k.get("source_type") or "text",
            )
            for k in data.get("knowledge", [])
        ],
    )
