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
    """One kind of record; its service calls are the ``Services`` methods named after the
    noun: ``get_tool``, ``create_tool``, ``update_tool``, ``delete_tool``, ``list_tools``
    (``memory config``: ``get_memory_config``, ...)."""

    model: type[Record]
    #: "agent", "memory config", ...
    noun: str
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

    def _call(self, services: Any, verb: str) -> Callable[..., Any]:
        stem = self.noun.replace(" ", "_") + ("s" if verb == "list" else "")
        return getattr(services, f"{verb}_{stem}")

    def get(self, services: Any, key: str) -> Record:
        return self._call(services, "get")(key)

    def create(self, services: Any, values: dict[str, Any]) -> Record:
        return self._call(services, "create")(values)

    def update(
        self, services: Any, key: str, changes: dict[str, Any], version: int | None
    ) -> Record:
        """``version`` is the one the change was made on; unversioned kinds ignore it."""
        return self._call(services, "update")(key, changes, expected_version=version)

    def delete(self, services: Any, key: str) -> None:
        self._call(services, "delete")(key)

    def list_all(self, services: Any) -> list[Any]:
        return self._call(services, "list")()


def _agent_choices(services: Any, _record: Record | None) -> Choices:
    models = [(name, name) for name in services.model_suggestions()]
    tool_keys = [t.tool_key for t in services.list_tools() if t.status != "deprecated"]
    classes = [c for c in services.tool_class_suggestions() if c not in tool_keys]
    return {
        "department_id": [
            (f"{d.name} ({d.department_key})", d.id) for d in services.list_departments()
        ],
        "memory_config_id": [(m.name, m.id) for m in services.list_memory_configs()],
        # the registry's tool keys, then crewai_tools class names
        "tools": [(k, k) for k in [*tool_keys, *classes]],
        # suggestions as you type; any name is accepted
        "llm_model": models,
        "function_calling_llm": models,
    }


def _department_choices(services: Any, record: Record | None) -> Choices:
    own = record.id if record is not None else None
    return {
        "parent_department_id": [
            (f"{d.name} ({d.department_key})", d.id)
            for d in services.list_departments()
            if d.id != own
        ]
    }


AGENT = RecordKind(Agent, "agent", wizard_groups=AGENT_GROUPS, load_choices=_agent_choices)
MEMORY_CONFIG = RecordKind(MemoryConfig, "memory config")
DEPARTMENT = RecordKind(Department, "department", versioned=False, load_choices=_department_choices)
TOOL = RecordKind(Tool, "tool", versioned=False)
