"""What a crewai project says, as read from its files, before it meets the database.

Values keep crewai's own names (``llm``, ``cache``, ``context``); the mapping to columns
happens in :mod:`.plan`. References stay by key (agent keys, task keys, tool keys) so that the
spec can be built without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .errors import Issue

Layout = Literal["yaml", "json"]


@dataclass
class Where:
    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass
class ToolSpec:
    """A tool the project instantiates: a crewai_tools class, a project class, a @tool function."""

    key: str
    name: str
    tool_class: str | None = None
    description: str | None = None
    config: dict[str, Any] = field(default_factory=dict)
    where: Where | None = None


@dataclass
class AgentSpec:
    """One agent; ``key`` is the YAML key (snake case)."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)
    where: Where | None = None
    #: where each value came from, for messages
    origins: dict[str, Where] = field(default_factory=dict)


@dataclass
class TaskSpec:
    """One task; ``values['agent']`` is an agent key, ``values['context']`` a list of task keys."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)
    where: Where | None = None
    origins: dict[str, Where] = field(default_factory=dict)


@dataclass
class CrewSpec:
    name: str
    values: dict[str, Any] = field(default_factory=dict)
    #: member agent keys in order (the manager is not a member)
    members: list[str] = field(default_factory=list)
    manager: str | None = None
    description: str | None = None
    where: Where | None = None
    #: where each value came from, for messages
    origins: dict[str, Where] = field(default_factory=dict)


@dataclass
class ProjectSpec:
    root: Path
    layout: Layout
    crew: CrewSpec
    #: every agent the project defines that the crew uses (members and manager), in order
    agents: dict[str, AgentSpec] = field(default_factory=dict)
    #: tasks in execution order
    tasks: list[TaskSpec] = field(default_factory=list)
    tools: dict[str, ToolSpec] = field(default_factory=dict)
    #: kickoff inputs found in main.py or the script, as text ("" when only known at run time)
    inputs: dict[str, str] = field(default_factory=dict)
    warnings: list[Issue] = field(default_factory=list)

    def task(self, key: str) -> TaskSpec | None:
        return next((t for t in self.tasks if t.key == key), None)
