"""A crew with everything it needs to be linted, exported or imported, loaded in one go."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from .agent import Agent
from .catalog import MemoryConfig, Tool
from .crew import Crew
from .task import Task


@dataclass
class KnowledgeItem:
    """A row of ``agent_knowledge`` an agent's knowledge_sources may name."""

    id: UUID
    agent_id: UUID | None
    title: str
    content: str
    source_type: str = "text"


@dataclass
class CrewBundle:
    crew: Crew
    #: every agent the crew refers to (members and the manager), by id
    agents: dict[UUID, Agent] = field(default_factory=dict)
    #: tasks in execution order
    tasks: list[Task] = field(default_factory=list)
    memory_configs: dict[UUID, MemoryConfig] = field(default_factory=dict)
    #: the tool registry, by tool_key
    tools: dict[str, Tool] = field(default_factory=dict)
    knowledge: list[KnowledgeItem] = field(default_factory=list)

    @property
    def members(self) -> list[Agent]:
        """Member agents in crew order."""
        ordered = sorted(self.crew.members, key=lambda m: m.sequence_order)
        return [self.agents[m.agent_id] for m in ordered if m.agent_id in self.agents]

    @property
    def manager(self) -> Agent | None:
        mid = self.crew.manager_agent_id
        return self.agents.get(mid) if mid else None

    def task_by_id(self, task_id: UUID) -> Task | None:
        return next((t for t in self.tasks if t.id == task_id), None)
