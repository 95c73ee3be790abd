"""Task services: tasks of a crew in execution order, their agent and their context."""

from __future__ import annotations

import uuid
from typing import Any

from ..db.models import CrewRow, TaskRow
from ..domain.errors import ErrorList, InUse, ValidationFailed
from ..domain.task import Task
from .base import ServiceBase, Work, check_create_fields, check_version, taken
from .refs import resolve_context, resolve_one, resolve_refs


def _position(position: Any, size: int) -> int:
    if isinstance(position, bool) or not isinstance(position, int):
        try:
            position = int(str(position))
        except ValueError:
            raise ValidationFailed.single("position", "must be a whole number") from None
    if not 1 <= position <= size:
        raise ValidationFailed.single("position", f"must be between 1 and {size}")
    return int(position)


def _conveniences(
    w: Work, crew: CrewRow, task: TaskRow | None, values: dict[str, Any]
) -> dict[str, Any]:
    """``agent`` (an agent key) and ``context`` (task names) besides the raw columns."""
    out = dict(values)
    errors = ErrorList()
    if "agent" in out:
        if "assigned_agent_id" in out:
            errors.add("agent", "give agent or assigned_agent_id, not both")
        agent = out.pop("agent")
        if agent is None or (isinstance(agent, str) and not agent.strip()):
            out["assigned_agent_id"] = None
        else:
            try:
                out["assigned_agent_id"] = resolve_one(w, "agent", agent)
            except ValueError as exc:
                errors.add("agent", str(exc))
    for name in ("context", "context_task_ids"):
        if name in out:
            if name == "context" and "context_task_ids" in out:
                errors.add("context", "give context or context_task_ids, not both")
                continue
            try:
                out["context_task_ids"] = resolve_context(w, crew, task, name, out.pop(name))
            except ValidationFailed as exc:
                errors.problems.extend(exc.problems)
    if "crew_id" in out and (task is None or out["crew_id"] != task.crew_id):
        errors.add("crew_id", "a task stays in its crew; create it in the other crew instead")
    errors.raise_if_any()
    out.pop("crew_id", None)
    return out


class TaskServices(ServiceBase):
    def list_tasks(self, crew: str) -> list[Task]:
        def run(w: Work) -> list[Task]:
            row = w.crews.require(crew)
            return [w.tasks.to_domain(t) for t in w.tasks.for_crew(row.id)]

        return self._query(run)

    def get_task(self, crew: str, name: str) -> Task:
        return self._query(
            lambda w: w.tasks.to_domain(w.tasks.require_name(w.crews.require(crew), name))
        )

    def create_task(self, crew: str, values: dict[str, Any]) -> Task:
        """A new task, appended at the end unless ``values`` has a 1-based ``position``."""

        def run(w: Work) -> Task:
            check_create_fields(Task, values)
            crew_row = w.crews.require(crew)
            vals = dict(values)
            position = vals.pop("position", None)
            vals.pop("sequence_order", None)
            vals = resolve_refs(w, Task, _conveniences(w, crew_row, None, vals))
            siblings = w.tasks.for_crew(crew_row.id)
            at = len(siblings) + 1 if position is None else _position(position, len(siblings) + 1)
            record = Task.validated({**vals, "crew_id": crew_row.id, "sequence_order": at})
            if any(t.name == record.name for t in siblings):
                raise taken("name")
            for i, sibling in enumerate(siblings, start=1):  # make room at ``at``
                wanted = i if i < at else i + 1
                if sibling.sequence_order != wanted:
                    sibling.sequence_order = wanted
            return w.tasks.to_domain(w.tasks.add(record))

        return self._run(run)

    def update_task(
        self, crew: str, name: str, changes: dict[str, Any], *, expected_version: int | None = None
    ) -> Task:
        task_id: list[uuid.UUID] = []

        def run(w: Work) -> Task:
            crew_row = w.crews.require(crew)
            row = w.tasks.require_name(crew_row, name)
            task_id.append(row.id)
            current = w.tasks.to_domain(row)
            check_version(current, expected_version)
            new = current.updated(resolve_refs(w, Task, _conveniences(w, crew_row, row, changes)))
            if new.name != row.name and w.tasks.by_name(crew_row.id, new.name) is not None:
                raise taken("name")
            w.tasks.apply(row, new)
            return w.tasks.to_domain(row)

        return self._saving(
            run,
            lambda w: w.tasks.to_domain(w.tasks.require_id(task_id[0])),
            blind=expected_version is None,
        )

    def delete_task(self, crew: str, name: str) -> None:
        def run(w: Work) -> None:
            crew_row = w.crews.require(crew)
            row = w.tasks.require_name(crew_row, name)
            refs = w.tasks.references(crew_row, row)
            if refs:
                raise InUse(f"Task '{crew}/{name}'", refs)
            w.tasks.delete(row)
            w.tasks.renumber(w.tasks.for_crew(crew_row.id))

        self._run(run)

    def move_task(self, crew: str, name: str, position: int) -> list[Task]:
        def run(w: Work) -> list[Task]:
            crew_row = w.crews.require(crew)
            rows = w.tasks.for_crew(crew_row.id)
            row = w.tasks.require_name(crew_row, name)
            at = _position(position, len(rows))
            rows.remove(row)
            rows.insert(at - 1, row)
            w.tasks.renumber(rows)
            return [w.tasks.to_domain(t) for t in rows]

        return self._run(run)

    def reorder_tasks(self, crew: str, names: list[str]) -> list[Task]:
        """Put every task of the crew in the order of ``names`` (each named exactly once)."""

        def run(w: Work) -> list[Task]:
            crew_row = w.crews.require(crew)
            rows = w.tasks.for_crew(crew_row.id)
            by_name = {t.name: t for t in rows}
            errors = ErrorList()
            unknown = [n for n in names if n not in by_name]
            if unknown:
                errors.add("names", f"not tasks of '{crew}': {', '.join(unknown)}")
            dupes = sorted({n for n in names if names.count(n) > 1})
            if dupes:
                errors.add("names", f"listed twice: {', '.join(dupes)}")
            missing = [t.name for t in rows if t.name not in names]
            if missing:
                errors.add("names", f"missing: {', '.join(missing)}")
            errors.raise_if_any()
            ordered = [by_name[n] for n in names]
            w.tasks.renumber(ordered)
            return [w.tasks.to_domain(t) for t in ordered]

        return self._run(run)

    def set_context(self, crew: str, name: str, context: list[str] | None) -> Task:
        """Names of tasks of the same crew; None = all previous outputs, [] = none."""
        return self.update_task(crew, name, {"context": None if context is None else list(context)})
