"""Importing a crewai project: read it (never running its code), plan, and write in one
transaction. A dry run computes the same plan and rolls back."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from ..db.bulk import chunks
from ..db.history import set_origin
from ..db.models import AgentRow, CrewRow
from ..domain.agent import Agent
from ..domain.catalog import MemoryConfig, Tool
from ..domain.crew import Crew
from ..domain.task import Task
from ..interop.importer import (
    CrewSource,
    Existing,
    ImportPlan,
    agent_key,
    list_crews,
    read_crews,
    read_project,
    spec_to_changes,
)
from ..interop.importer.errors import Issue
from ..interop.importer.plan import show_value
from ..interop.importer.spec import ProjectSpec
from ..settings import current_user
from .base import ServiceBase, Work, integrity_problem
from .gcpause import paused_gc
from .progress import IMPORT_STEPS, Progress, Steps
from .store import Store

__all__ = [
    "CrewSource",
    "ImportReport",
    "apply_plan",
    "import_crews",
    "import_project",
    "load_existing",
    "project_crews",
    "show_value",
]


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


def _store_of(target: Store | ServiceBase) -> Store:
    return target if isinstance(target, Store) else target.store


def load_existing(w: Work, spec: ProjectSpec, crew_name: str) -> Existing:
    out = Existing()
    keys = list(dict.fromkeys(agent_key(key) for key in spec.agents))
    found = w.agents.by_keys(keys)
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
    for chunk in chunks(sorted(set(ids), key=str)):
        out.agent_keys.update(w.agents.keys_by_id(chunk))
    return out


def apply_plan(w: Work, plan: ImportPlan) -> None:
    """Write ``plan`` through the repositories of ``w`` (the caller commits)."""
    _apply_catalog(w, plan)
    agent_ids = _apply_agents(w, plan)

    def agent_id(key: str) -> uuid.UUID:
        found = agent_ids.get(key)
        if found is None:
            found = w.agents.require(key).id
            agent_ids[key] = found
        return found

    crew_row = _apply_crew(w, plan, agent_id)
    _apply_tasks(w, plan, crew_row, agent_id)
    w.session.flush()


def _apply_catalog(w: Work, plan: ImportPlan) -> None:
    """New memory configurations; new and changed tools."""
    for c in plan.memory_configs:
        if c.action == "create":
            assert isinstance(c.record, MemoryConfig)
            w.memory_configs.add(c.record)
    for c in plan.tools:
        if c.action in ("create", "update"):
            assert isinstance(c.record, Tool)
            if c.action == "create":
                w.tools.add(c.record)
            else:
                w.tools.apply(w.tools.require(c.key), c.record)


def _apply_agents(w: Work, plan: ImportPlan) -> dict[str, uuid.UUID]:
    """The agents written in bulk; the id of every agent of the plan by key."""
    agent_ids: dict[str, uuid.UUID] = {}
    created = [c for c in plan.agents if c.action == "create"]
    new_agents: list[Agent] = []
    for c in created:
        assert isinstance(c.record, Agent)
        new_agents.append(c.record)
    agent_ids.update(zip((c.key for c in created), w.agents.insert_many(new_agents), strict=True))
    kept = [c for c in plan.agents if c.action != "create"]
    kept_rows = w.agents.by_keys(c.key for c in kept)
    changed: list[tuple[AgentRow, Agent]] = []
    for c in kept:
        assert isinstance(c.record, Agent)
        agent_row = kept_rows.get(c.key) or w.agents.require(c.key)
        if c.action == "update":
            changed.append((agent_row, c.record))
        agent_ids[c.key] = agent_row.id
    w.agents.apply_many(changed)
    return agent_ids


def _apply_crew(w: Work, plan: ImportPlan, agent_id: Callable[[str], uuid.UUID]) -> CrewRow:
    """The crew row, its manager and its members."""
    crew_change = plan.crew
    assert crew_change is not None and isinstance(crew_change.record, Crew)
    manager = crew_change.refs.get("manager")
    record = crew_change.record.model_copy(
        update={"manager_agent_id": agent_id(manager) if manager else None}
    )
    crew_row: CrewRow
    if crew_change.action == "create":
        crew_row = w.crews.add(record)
    else:
        crew_row = w.crews.require(plan.crew_name)
        if crew_change.action == "update":
            w.crews.apply(crew_row, record)
    members = [agent_id(k) for k in crew_change.refs.get("members", [])]
    current = [m.agent_id for m in crew_row.members]
    if members and not current:
        w.crews.insert_members(crew_row, members)
    elif members != current:
        roles = {m.agent_id: m.role_in_crew for m in crew_row.members}
        w.crews.set_members(crew_row, [(a, roles.get(a)) for a in members])
    return crew_row


def _apply_tasks(
    w: Work, plan: ImportPlan, crew_row: CrewRow, agent_id: Callable[[str], uuid.UUID]
) -> None:
    """Deleted, new and changed tasks, then the context links between them."""
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
            task_rows[c.key] = w.tasks.add(rec)
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


def import_project(
    target: Store | ServiceBase,
    path: Path | str,
    *,
    dry_run: bool,
    crew_name: str | None = None,
    crew: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the project at ``path``; with ``dry_run`` nothing is written.

    The one import for the app and the command line: read (never running the project's
    code), plan against the database, write in one transaction; ``progress`` hears each step.
    ``crew`` picks one crew of a project that holds several (else SeveralCrews, which lists
    them); ``crew_name`` is the name it is stored under. Raises ProjectInvalid (file and line
    of each problem) before anything is written.
    """
    store = _store_of(target)
    user = (target.user if isinstance(target, ServiceBase) else None) or current_user()
    steps = Steps(IMPORT_STEPS, progress)
    with paused_gc():
        steps.enter("read")
        spec = read_project(Path(path), crew)
        return _import(store, [spec], dry_run=dry_run, names=[crew_name], user=user, steps=steps)[0]


def import_crews(
    target: Store | ServiceBase,
    path: Path | str,
    *,
    dry_run: bool,
    crews: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> list[ImportReport]:
    """Import several crews of the project at ``path`` (all of them when ``crews`` is None),
    in one transaction: all are written, or none. Agents the crews share by key are one agent
    when their settings agree, else told apart (see :mod:`crewtui.interop.importer.shared`).
    The dry run plans each crew after the ones before it, as the import writes them."""
    store = _store_of(target)
    user = (target.user if isinstance(target, ServiceBase) else None) or current_user()
    steps = Steps(IMPORT_STEPS, progress)
    with paused_gc():
        steps.enter("read")
        specs = read_crews(Path(path), crews)
        names: list[str | None] = [None] * len(specs)
        return _import(store, specs, dry_run=dry_run, names=names, user=user, steps=steps)


def project_crews(path: Path | str) -> list[CrewSource]:
    """The crews the project at ``path`` holds (read statically; nothing is written)."""
    return list_crews(Path(path).expanduser())


def _import(
    store: Store,
    specs: list[ProjectSpec],
    *,
    dry_run: bool,
    names: Sequence[str | None],
    user: str,
    steps: Steps,
) -> list[ImportReport]:
    reports: list[ImportReport] = []
    with store.uow() as uow:
        set_origin(uow.session, user, "import")
        w = Work(uow.session)
        steps.enter("plan")
        planned: list[ImportPlan] = []
        for spec, given in zip(specs, names, strict=True):
            name = given or spec.crew.name
            plan = spec_to_changes(spec, load_existing(w, spec, name), crew_name=name)
            planned.append(plan)
            last = len(planned) == len(specs)
            if plan.has_changes and not (dry_run and last):
                # the next crew is planned against this one's rows (rolled back on a dry run)
                if len(planned) == 1:
                    steps.enter("write")
                try:
                    apply_plan(w, plan)
                except IntegrityError as exc:
                    raise integrity_problem(exc) from exc
        written = not dry_run and any(p.has_changes for p in planned)
        if written:
            try:
                uow.commit()
            except IntegrityError as exc:
                raise integrity_problem(exc) from exc
    for plan in planned:
        reports.append(ImportReport(plan, dry_run, written and plan.has_changes))
    return reports
