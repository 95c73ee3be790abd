"""What the generic list and editor screens need to know about each kind of record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...domain.agent import AGENT_GROUPS, Agent
from ...domain.base import Record
from ...domain.catalog import Department, MemoryConfig, Tool
from ...domain.fields import groups_of

Choices = dict[str, list[tuple[str, Any]]]


def _no_choices(_services: Any, _record: Record | None) -> Choices:
    return {}


@dataclass(frozen=True)
class RecordKind:
    model: type[Record]
    #: "agent", "memory config", ...
    noun: str
    get: Callable[[Any, str], Record]
    create: Callable[[Any, dict[str, Any]], Record]
    update: Callable[[Any, str, dict[str, Any], int | None], Record]
    delete: Callable[[Any, str], None]
    list_all: Callable[[Any], list[Any]]
    #: does the table carry a version column (a stale save is then a conflict)?
    versioned: bool = True
    #: the steps of the new-record wizard (the editor shows every group)
    wizard_groups: tuple[str, ...] = ()
    #: label/value pairs of reference and tag fields, loaded in a worker
    load_choices: Callable[[Any, Record | None], Choices] = _no_choices

    @property
    def title(self) -> str:
        return self.noun[:1].upper() + self.noun[1:]

    def editor_groups(self) -> list[str]:
        return groups_of(self.model)

    def steps(self) -> list[str]:
        return list(self.wizard_groups) or [g for g in groups_of(self.model) if g != "Metadata"]


def _agent_choices(services: Any, _record: Record | None) -> Choices:
    return {
        "department_id": [(f"{d.name} ({d.department_key})", d.id) for d in services.list_departments()],
        "memory_config_id": [(m.name, m.id) for m in services.list_memory_configs()],
        "tools": [(t.tool_key, t.tool_key) for t in services.list_tools() if t.status != "deprecated"],
    }


def _department_choices(services: Any, record: Record | None) -> Choices:
    own = record.id if record is not None else None
    return {
        "parent_department_id": [
            (f"{d.name} ({d.department_key})", d.id) for d in services.list_departments() if d.id != own
        ]
    }


AGENT = RecordKind(
    model=Agent,
    noun="agent",
    get=lambda s, k: s.get_agent(k),
    create=lambda s, v: s.create_agent(v),
    update=lambda s, k, c, v: s.update_agent(k, c, expected_version=v),
    delete=lambda s, k: s.delete_agent(k),
    list_all=lambda s: s.list_agents(),
    wizard_groups=AGENT_GROUPS,
    load_choices=_agent_choices,
)

MEMORY_CONFIG = RecordKind(
    model=MemoryConfig,
    noun="memory config",
    get=lambda s, k: s.get_memory_config(k),
    create=lambda s, v: s.create_memory_config(v),
    update=lambda s, k, c, v: s.update_memory_config(k, c, expected_version=v),
    delete=lambda s, k: s.delete_memory_config(k),
    list_all=lambda s: s.list_memory_configs(),
)

DEPARTMENT = RecordKind(
    model=Department,
    noun="department",
    get=lambda s, k: s.get_department(k),
    create=lambda s, v: s.create_department(v),
    update=lambda s, k, c, _v: s.update_department(k, c),
    delete=lambda s, k: s.delete_department(k),
    list_all=lambda s: s.list_departments(),
    versioned=False,
    load_choices=_department_choices,
)

TOOL = RecordKind(
    model=Tool,
    noun="tool",
    get=lambda s, k: s.get_tool(k),
    create=lambda s, v: s.create_tool(v),
    update=lambda s, k, c, _v: s.update_tool(k, c),
    delete=lambda s, k: s.delete_tool(k),
    list_all=lambda s: s.list_tools(),
    versioned=False,
)
