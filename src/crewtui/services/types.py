"""Small read-only views the services return besides the domain records."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class AgentSummary:
    """One line of the agent list."""

    id: uuid.UUID
    agent_key: str
    name: str
    role: str
    status: str
    llm_model: str | None
    department_key: str | None
    department_name: str | None
    flags: str
    goal: str


@dataclass(frozen=True)
class CrewRole:
    crew_name: str
    role_in_crew: str | None
    position: int


@dataclass(frozen=True)
class AgentUsage:
    """Where an agent is used, for the preview under the agent list."""

    crews: tuple[CrewRole, ...] = ()
    manager_of: tuple[str, ...] = ()
    task_count: int = 0
    last_executed_at: datetime | None = None


@dataclass
class DemoReport:
    """What ``load_demo`` added; all zeros when the demo data was already there."""

    created: dict[str, int] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(self.created.values())

    def summary(self) -> str:
        parts = [f"{n} {kind}" for kind, n in self.created.items() if n]
        return (
            ("added " + ", ".join(parts)) if parts else "demo data already present; nothing changed"
        )
