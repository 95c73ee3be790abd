"""Small read-only views of stored records: a line of the agent list, where an agent is used.

Plain dataclasses (no pydantic): the first page of the agent list is built from them before
the rest of the program has loaded.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

#: the agent flags the list shows, in order: memory, reasoning, multimodal (vision), code
AGENT_FLAGS = "MRVC"


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

    @classmethod
    def from_row(cls, r: Sequence[Any]) -> AgentSummary:
        """A row of the agent summary query (``db.repos.agents.SUMMARY_COLUMNS``, in order),
        as the database driver returns it: ids may be text, flags 0/1."""
        id_ = r[0] if isinstance(r[0], uuid.UUID) else uuid.UUID(str(r[0]))
        return cls(
            id=id_,
            agent_key=r[1],
            name=r[2],
            role=r[3],
            status=r[4] or "active",
            llm_model=r[5],
            department_key=r[6],
            department_name=r[7],
            flags="".join(c for c, on in zip(AGENT_FLAGS, r[8:12], strict=True) if on),
            goal=r[12],
        )


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
