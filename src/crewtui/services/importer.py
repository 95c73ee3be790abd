"""Importing a crewai project: read it (never running its code), plan, and write in one
transaction. A dry run computes the same plan and rolls back."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.exc import IntegrityError

from ..db import history
from ..db.history import set_origin
from ..db.models import AgentRow, CrewMemberRow, CrewRow, HistoryRow
from ..db.repos.base import column_names
from ..domain.agent import Agent
from ..domain.catalog import Tool
from ..domain.crew import Crew
from ..domain.task import Task
from ..interop.importer import Existing, ImportPlan, agent_key, read_project, spec_to_changes
from ..interop.importer.errors import Issue
from ..interop.importer.spec import ProjectSpec
from ..settings import current_user
from .base import Work, integrity_problem
from .gcpause import paused_gc
from .import_rows import write_rows
from .store import Store


@dataclass
class ImportReport:
    plan: ImportPlan
    dry_run: bool
    #: True when the changes were committed
    written: bool

    @property
    def warnings(self) -> list[Issue]:
        return self.plan.warnings

    def counts(self) -> dict[str, int]:
        out = {"create": 0, "update": 0, "unchanged": 0, "delete": 0}
        for c in self.plan.changes:
            out[c.action] += 1
        return out


def _store_of(target: Any) -> Store:
    store = getattr(target, "store", target)
    if not isinstance(store, Store):
        raise TypeError("import_project needs a Store or a Services")
    return store


#: keys per ``IN (...)`` lookup: well under the bind-parameter limits of SQLite and psycopg
_CHUNK = 1000


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def load_existing(w: Work, spec: ProjectSpec, crew_name: str) -> Existing:
    out = Existing()
    keys = list(dict.fromkeys(agent_key(key) for key in spec.agents))
    found: dict[str, AgentRow] = {}
    for chunk in _chunks(keys):
        found.update(
            (row.agent_key, row)
            for row in w.session.scalars(select(AgentRow).where(AgentRow.agent_key.in_(chunk)))
        )
    for key in keys:  # the order of the project, as one lookup per agent gave
        row = found.get(key)
        if row is not None:
            out.agents[row.agent_key] = w.agents.to_domain(row)
    crew_row = w.crews.by_key(crew_name)
    if crew_row is not None:
        out.crew = w.crews.to_domain(crew_row)
        out.tasks = [w.tasks.to_domain(t) for t in w.tasks.for_crew(crew_row.id)]
    out.tools = {t.tool_key: w.tools.to_domain(t) for t in w.tools.list_all()}
    out.memory_configs = {
        m.name: w.memory_configs.to_domain(m) for m in w.memory_configs.list_all()
    }
    ids: list[uuid.UUID] = [a.id for a in out.agents.values() if a.id]
    if out.crew is not None:
        ids += [m.agent_id for m in out.crew.members]
        if out.crew.manager_agent_id:
            ids.append(out.crew.manager_agent_id)
    ids += [t.assigned_agent_id for t in out.tasks if t.assigned_agent_id]
    for chunk in _chunks(sorted(set(ids), key=str)):
        out.agent_keys.update(w.agents.keys_by_id(chunk))
    return out


def _add(repo: Any, record: Any) -> Any:
    """Insert ``record``; the repository writes an explicit None as NULL, not the column default."""
    return repo.add(record)


def _insert_agents(w: Work, records: list[Agent]) -> list[uuid.UUID]:
    """Insert new agents all at once (ids made here), with the same column values one
    ``repo.add`` per agent would write: an explicit None is NULL, not the default."""
    table: Table = AgentRow.__table__  # type: ignore[assignment]
    skip = {"id", "version", "created_at", "updated_at"}
    names = [n for n in column_names(AgentRow) if n not in skip and n in Agent.model_fields]
    ids: list[uuid.UUID] = []
    rows: list[list[Any]] = []
    for record in records:
        row_id = record.id or uuid.uuid4()
        ids.append(row_id)
        fields = record.__dict__
        rows.append([row_id, *[fields[name] for name in names]])
    write_rows(w.session.connection(), table, ["id", *names], rows)
    columns, created = history.creation_rows(
        w.session, "agent", [(i, r.agent_key) for i, r in zip(ids, records, strict=True)]
    )
    history_table: Table = HistoryRow.__table__  # type: ignore[assignment]
    write_rows(w.session.connection(), history_table, columns, created)
    return ids


def _insert_members(w: Work, crew_row: CrewRow, members: list[uuid.UUID]) -> None:
    """The members of a crew that has none, all at once: the same rows ``set_members``
    would add one by one (positions 1..n, no role in the crew)."""
    table: Table = CrewMemberRow.__table__  # type: ignore[assignment]
    rows = [
        [uuid.uuid4(), crew_row.id, a, None, position]
        for position, a in enumerate(members, start=1)
    ]
    write_rows(
        w.session.connection(),
        table,
        ["id", "crew_id", "agent_id", "role_in_crew", "sequence_order"],
        rows,
    )
    w.session.expire(crew_row, ["members"])
    history.note_members(w.session, crew_row, [], [[str(a), None] for a in members])
    w.crews.touch(crew_row)


def _update_agents(w: Work, changed: list[tuple[AgentRow, Agent]]) -> None:
    """Set on each row the columns ``repo.apply`` would (those whose value changed), then
    flush once: the ORM sends the UPDATEs together instead of one flush per agent. Each row
    still gets its own version check and its version goes up by one."""
    if not changed:
        return
    names = [
        n
        for n in column_names(AgentRow)
        if n not in ("id", "version", "created_at", "updated_at") and n in Agent.model_fields
    ]
    for row, record in changed:
        fields = record.__dict__
        for name in names:
            value = fields[name]
            if getattr(row, name) != value:
                setattr(row, name, value)
    w.session.flush()


def apply_plan(w: Work, plan: ImportPlan) -> None:
    """Write ``plan`` through the repositories of ``w`` (the caller commits)."""
    for c in plan.memory_configs:
        if c.action == "create":
            _add(w.memory_configs, c.record)
    for c in plan.tools:
        assert isinstance(c.record, Tool) or c.action == "unchanged"
        if c.action == "create":
            _add(w.tools, c.record)
        elif c.action == "update":
            w.tools.apply(w.tools.require(c.key), c.record)  # type: ignore[arg-type]

    agent_ids: dict[str, uuid.UUID] = {}
    created = [c for c in plan.agents if c.action == "create"]
    new_agents: list[Agent] = []
    for c in created:
        assert isinstance(c.record, Agent)
        new_agents.append(c.record)
    agent_ids.update(zip((c.key for c in created), _insert_agents(w, new_agents), strict=True))
    kept = [c for c in plan.agents if c.action != "create"]
    kept_rows: dict[str, AgentRow] = {}
    for chunk in _chunks([c.key for c in kept]):
        kept_rows.update(
            (r.agent_key, r)
            for r in w.session.scalars(select(AgentRow).where(AgentRow.agent_key.in_(chunk)))
        )
    changed: list[tuple[AgentRow, Agent]] = []
    for c in kept:
        assert isinstance(c.record, Agent)
        agent_row = kept_rows.get(c.key) or w.agents.require(c.key)
        if c.action == "update":
            changed.append((agent_row, c.record))
        agent_ids[c.key] = agent_row.id
    _update_agents(w, changed)

    def agent_id(key: str) -> uuid.UUID:
        found = agent_ids.get(key)
        if found is None:
            found = w.agents.require(key).id
            agent_ids[key] = found
        return found

    crew_change = plan.crew
    assert crew_change is not None and isinstance(crew_change.record, Crew)
    manager = crew_change.refs.get("manager")
    record = crew_change.record.model_copy(
        update={"manager_agent_id": agent_id(manager) if manager else None}
    )
    crew_row: CrewRow
    if crew_change.action == "create":
        crew_row = _add(w.crews, record)
    else:
        crew_row = w.crews.require(plan.crew_name)
        if crew_change.action == "update":
            w.crews.apply(crew_row, record)
    members = [agent_id(k) for k in crew_change.refs.get("members", [])]
    current = [m.agent_id for m in crew_row.members]
    if members and not current:
        _insert_members(w, crew_row, members)
    elif members != current:
        roles = {m.agent_id: m.role_in_crew for m in crew_row.members}
        w.crews.set_members(crew_row, [(a, roles.get(a)) for a in members])

    for c in plan.tasks:
        if c.action == "delete":
            row = w.tasks.by_name(crew_row.id, c.key)
            if row is not None:
                w.tasks.delete(row)
    task_rows = {}
    for c in plan.tasks:
        if c.action == "delete":
            continue
        assert isinstance(c.record, Task)
        agent = c.refs.get("agent")
        if c.action == "create":
            rec = c.record.model_copy(
                update={
                    "crew_id": crew_row.id,
                    "assigned_agent_id": agent_id(agent) if agent else None,
                    "context_task_ids": None,
                }
            )
            task_rows[c.key] = _add(w.tasks, rec)
        else:
            row = w.tasks.require_name(crew_row, c.key)
            if c.action == "update":
                rec = c.record.model_copy(
                    update={
                        "assigned_agent_id": agent_id(agent) if agent else None,
                        "context_task_ids": row.context_task_ids,
                    }
                )
                w.tasks.apply(row, rec)
            task_rows[c.key] = row
    for c in plan.tasks:
        if c.action in ("delete", "unchanged"):
            continue
        row = task_rows[c.key]
        names = c.refs.get("context")
        wanted = None if names is None else [task_rows[n].id for n in names]
        if (row.context_task_ids is None) != (wanted is None) or list(
            row.context_task_ids or []
        ) != list(wanted or []):
            row.context_task_ids = wanted
    w.session.flush()


def import_project(
    target: Any, path: Path | str, *, dry_run: bool, crew_name: str | None = None
) -> ImportReport:
    """Import the project at ``path``; with ``dry_run`` nothing is written.

    Raises ProjectInvalid (file and line of each problem) before anything is written.
    """
    store = _store_of(target)
    user = getattr(target, "user", None) or current_user()
    with paused_gc():
        return _import(store, Path(path), dry_run=dry_run, crew_name=crew_name, user=user)


def _import(
    store: Store, path: Path, *, dry_run: bool, crew_name: str | None, user: str
) -> ImportReport:
    spec = read_project(path)
    name = crew_name or spec.crew.name
    with store.uow() as uow:
        set_origin(uow.session, user, "import")
        w = Work(uow.session)
        plan = spec_to_changes(spec, load_existing(w, spec, name), crew_name=name)
        if dry_run or not plan.has_changes:
            return ImportReport(plan, dry_run, False)
        try:
            apply_plan(w, plan)
            uow.commit()
        except IntegrityError as exc:
            raise integrity_problem(exc) from exc
    return ImportReport(plan, dry_run, True)
