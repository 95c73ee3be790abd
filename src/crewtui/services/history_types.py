"""What the history services return: revisions, a record's history, diffs, restores."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

#: the kinds of record history keeps, as commands and screens name them
KIND_NAMES = ("agent", "crew", "task", "memory_config", "tool", "department", "flow")

#: fields that point at other records -> the kind they point at
LINKS: dict[str, str] = {
    "department_id": "department",
    "parent_department_id": "department",
    "memory_config_id": "memory_config",
    "manager_agent_id": "agent",
    "assigned_agent_id": "agent",
    "context_task_ids": "task",
    "members": "agent",
    "crew_id": "crew",
}


@dataclass(frozen=True)
class Revision:
    id: int
    action: str  # create, update, delete
    version: int | None
    actor: str
    via: str
    at: datetime
    change_set: int
    #: field -> (old, new); empty for a creation
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "revision": self.id,
            "action": self.action,
            "version": self.version,
            "actor": self.actor,
            "via": self.via,
            "at": self.at.isoformat(),
            "change_set": self.change_set,
            "changes": {f: {"old": o, "new": n} for f, (o, n) in self.changes.items()},
        }


@dataclass
class RecordHistory:
    kind: str
    key: str
    record_id: uuid.UUID
    #: False once the record was deleted (its history stays)
    exists: bool
    #: the stored version now (None when deleted or not versioned)
    version: int | None
    #: the record's values now, as history stores them (None when deleted)
    current: dict[str, Any] | None
    #: newest first; at most the page asked for
    revisions: list[Revision]
    #: how many revisions the record has in all
    total: int
    #: display names of the ids the values hold
    names: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "id": str(self.record_id),
            "exists": self.exists,
            "version": self.version,
            "total": self.total,
            "revisions": [r.as_json() for r in self.revisions],
            "names": self.names,
        }


@dataclass(frozen=True)
class FieldDiff:
    field: str
    left: Any
    right: Any


@dataclass
class Diff:
    """Two states of one record: a revision against the current values or another revision."""

    kind: str
    key: str
    left: str  # "revision 12", "current"
    right: str
    fields: list[FieldDiff]
    names: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "left": self.left,
            "right": self.right,
            "fields": [{"field": f.field, "left": f.left, "right": f.right} for f in self.fields],
        }


@dataclass
class RestoreReport:
    kind: str
    key: str
    #: what was done: restored, undone, brought back
    action: str
    version: int | None
    #: fields (or links) that could not be put back, with why
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: other records brought back with it (a crew's tasks)
    also: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "action": self.action,
            "version": self.version,
            "skipped": [{"field": f, "why": w} for f, w in self.skipped],
            "also": self.also,
        }
