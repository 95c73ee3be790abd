"""Bringing a deleted record back from the values its delete revision kept.

The record gets its old id again, so the history and every link that pointed at it line up.
Links to records that are gone too are left out and reported. A crew comes back with its
members whose agents still exist and with the tasks deleted along with it; a task needs its
crew to exist.
"""

from __future__ import annotations

import uuid
from typing import Any

from ..db.history_repo import HistoryRepo
from ..domain.agent import Agent
from ..domain.base import Record
from ..domain.catalog import Department, MemoryConfig, Tool
from ..domain.crew import Crew
from ..domain.errors import ValidationFailed
from ..domain.task import Task
from .base import Work, taken
from .history import locate
from .history_links import keep_links
from .history_types import RestoreReport

MODELS: dict[str, type[Record]] = {
    "agent": Agent,
    "crew": Crew,
    "task": Task,
    "memory_config": MemoryConfig,
    "tool": Tool,
    "department": Department,
}
_REPOS = {
    "agent": "agents",
    "crew": "crews",
    "task": "tasks",
    "memory_config": "memory_configs",
    "tool": "tools",
    "department": "departments",
    "flow": "flows",
}


def _model(kind: str) -> type[Record]:
    if kind == "flow":  # flows load only when a flow is brought back (a light CLI start)
        from ..domain.flow import Flow

        return Flow
    return MODELS[kind]


def _last_values(changes: dict[str, Any] | None) -> dict[str, Any]:
    return {f: v[0] for f, v in (changes or {}).items()}


def _add(w: Work, kind: str, record_id: uuid.UUID, values: dict[str, Any]) -> Any:
    model = _model(kind)
    fields = {f: v for f, v in values.items() if f in model.model_fields and f != "members"}
    record = model.validated({**fields, "id": record_id})
    repo = getattr(w, _REPOS[kind])
    if kind != "task" and repo.by_key(record.key) is not None:
        raise taken(model.key_field)
    return repo.add(record)


def bring_back_record(w: Work, kind: str, key: str) -> RestoreReport:
    loc = locate(w, kind, key)
    if loc.row is not None:
        raise ValidationFailed.single("key", f"{kind.replace('_', ' ')} '{key}' exists")
    hist = HistoryRepo(w.session)
    last = hist.last(kind, loc.record_id)
    if last is None or last.action != "delete":
        raise ValidationFailed.single("key", f"'{key}' has no deletion to undo")
    skipped: list[tuple[str, str]] = []
    values = keep_links(w, _last_values(last.changes), skipped)
    report = RestoreReport(kind, key, "brought back", 1, skipped)
    if kind == "task":
        _task(w, loc.parent_id, loc.record_id, values)
        return report
    members = values.pop("members", None)
    row = _add(w, kind, loc.record_id, values)
    if kind == "crew":
        if members:
            w.crews.set_members(row, [(uuid.UUID(a), r) for a, r in members])
        _tasks_of(w, row, hist.deleted_with("task", int(last.change_set), loc.record_id), report)
    return report


def _tasks_of(w: Work, crew: Any, tasks: list[Any], report: RestoreReport) -> None:
    """The tasks deleted with the crew, then their context among the tasks now there."""
    contexts: list[tuple[Any, Any]] = []
    for task in tasks:
        found: list[tuple[str, str]] = []
        values = _last_values(task.changes)
        context = values.pop("context_task_ids", None)
        _task(w, crew.id, task.record_id, keep_links(w, values, found))
        contexts.append((task, context))
        report.skipped += [(f"{task.record_key}.{f}", why) for f, why in found]
        report.also.append(f"task {crew.crew_name}/{task.record_key}")
    for task, context in contexts:
        if context is None:
            continue
        found = []
        kept = keep_links(w, {"context_task_ids": context}, found)["context_task_ids"]
        w.tasks.require_id(task.record_id).context_task_ids = [uuid.UUID(x) for x in kept]
        report.skipped += [(f"{task.record_key}.{f}", why) for f, why in found]
    w.session.flush()


def _task(w: Work, crew_id: uuid.UUID | None, task_id: uuid.UUID, values: dict[str, Any]) -> None:
    crew = w.crews.get(crew_id) if crew_id else None
    if crew is None:
        raise ValidationFailed.single(
            "crew", "the task's crew was deleted: bring the crew back first"
        )
    if w.tasks.by_name(crew.id, values.get("name", "")) is not None:
        raise taken("name")
    values["crew_id"] = crew.id
    _add(w, "task", task_id, values)
    siblings = w.tasks.for_crew(crew.id)
    w.tasks.renumber(sorted(siblings, key=lambda t: (t.sequence_order, t.id != task_id)))
