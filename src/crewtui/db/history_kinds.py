"""The records history keeps: their kind name, key column, parent and kept columns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect

from .history_values import encode
from .models import (
    AgentRow,
    CrewMemberRow,
    CrewRow,
    DepartmentRow,
    FlowRow,
    MemoryConfigRow,
    TaskRow,
    ToolRow,
)

#: columns that are not the record's content
SKIP = frozenset({"id", "version", "created_at", "updated_at"})


@dataclass(frozen=True)
class KindSpec:
    kind: str
    row_type: type[Any]
    #: the column that names the record for people
    key: str
    #: the column naming the record it belongs to (a task's crew)
    parent: str | None = None
    versioned: bool = True


KIND_LIST = (
    KindSpec("agent", AgentRow, "agent_key"),
    KindSpec("crew", CrewRow, "crew_name"),
    KindSpec("task", TaskRow, "name", parent="crew_id"),
    KindSpec("memory_config", MemoryConfigRow, "name"),
    KindSpec("tool", ToolRow, "tool_key", versioned=False),
    KindSpec("department", DepartmentRow, "department_key", versioned=False),
    KindSpec("flow", FlowRow, "flow_key"),
)
KINDS: dict[type[Any], KindSpec] = {k.row_type: k for k in KIND_LIST}
BY_NAME: dict[str, KindSpec] = {k.kind: k for k in KIND_LIST}


def kept_columns(row_type: type[Any]) -> list[str]:
    return [a.key for a in inspect(row_type).column_attrs if a.key not in SKIP]


def snapshot(obj: Any) -> dict[str, Any]:
    """Every kept column of ``obj`` as stored before this flush's changes."""
    state = inspect(obj)
    out: dict[str, Any] = {}
    for name in kept_columns(type(obj)):
        hist = state.attrs[name].history
        value = hist.deleted[0] if hist.deleted else getattr(obj, name)
        out[name] = encode(value)
    return out


def members_of(members: Iterable[CrewMemberRow]) -> list[list[Any]]:
    """A crew's members as history keeps them: ``[agent id, role in crew]`` in order."""
    ordered = sorted(members, key=lambda m: m.sequence_order or 0)
    return [[str(m.agent_id), m.role_in_crew] for m in ordered]
