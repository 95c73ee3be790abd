"""Reference fields take a key or an id; these turn either into the id of a row that exists."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from ..db.models import CrewRow, TaskRow
from ..db.repos import Repository
from ..domain.base import Record
from ..domain.errors import ErrorList
from ..domain.fields import field_map
from .base import Work

#: ref kind -> the repository of the rows a reference of that kind names
_TARGETS: dict[str, Callable[[Work], Repository[Any, Any]]] = {
    "agent": lambda w: w.agents,
    "department": lambda w: w.departments,
    "memory_config": lambda w: w.memory_configs,
    "crew": lambda w: w.crews,
    "venture": lambda w: w.ventures,
}


def as_uuid(value: Any) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str):
        try:
            return uuid.UUID(value.strip())
        except ValueError:
            return None
    return None


def resolve_one(w: Work, kind: str, value: Any) -> uuid.UUID:
    """The id of the row ``value`` names (a key or an id); ValueError when there is none."""
    repo = _TARGETS[kind](w)
    noun = repo.noun
    rid = as_uuid(value)
    if rid is not None:
        if repo.get(rid) is None:
            raise ValueError(f"no {noun} with id {rid}")
        return rid
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be the key or id of a {noun}")
    found = repo.id_of(value.strip())
    if found is None:
        raise ValueError(f"no {noun} '{value.strip()}'")
    return found


def resolve_refs(w: Work, model: type[Record], values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with every reference field (other than tasks) turned into an existing id."""
    out = dict(values)
    errors = ErrorList()
    specs = field_map(model)
    for name, value in values.items():
        spec = specs.get(name)
        if spec is None or spec.kind != "ref" or spec.ref not in _TARGETS or value is None:
            continue
        if isinstance(value, str) and not value.strip():
            out[name] = None
            continue
        try:
            out[name] = resolve_one(w, spec.ref, value)
        except ValueError as exc:
            errors.add(name, str(exc))
    errors.raise_if_any()
    return out


def resolve_context(
    w: Work, crew: CrewRow, task: TaskRow | None, field: str, value: Any
) -> list[uuid.UUID] | None:
    """Task context given as names or ids of tasks of the same crew; None = crewai's default."""
    if value is None:
        return None
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, (list, tuple)):
        errors = ErrorList()
        errors.add(field, "must be a list of task names")
        errors.raise_if_any()
    tasks = w.tasks.for_crew(crew.id)
    by_name = {t.name: t.id for t in tasks}
    ids = {t.id for t in tasks}
    errors = ErrorList()
    out: list[uuid.UUID] = []
    for item in value:
        rid = as_uuid(item)
        if rid is None:
            rid = by_name.get(str(item))
            if rid is None:
                errors.add(field, f"'{item}' is not a task of crew '{crew.crew_name}'")
                continue
        elif rid not in ids:
            errors.add(field, f"{rid} is not a task of crew '{crew.crew_name}'")
            continue
        if task is not None and rid == task.id:
            errors.add(field, "a task cannot take its own output as context")
            continue
        if rid in out:
            errors.add(field, f"'{item}' is listed twice")
            continue
        out.append(rid)
    errors.raise_if_any()
    return out
