"""Crews with their ordered members, and the tasks of a crew in execution order."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import Table, select

from ...domain.crew import Crew, CrewMember
from ...domain.errors import NotFound, Reference
from ...domain.task import Task
from .. import history
from ..bulk import write_rows
from ..models import AgentRow, CrewMemberRow, CrewRow, TaskRow
from .base import Repository, to_record


class CrewRepo(Repository[CrewRow, Crew]):
    row_type = CrewRow
    model = Crew
    noun = "crew"

    def members_of(self, crew_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[CrewMember]]:
        """Members of each crew in order, with the agent's key and role, in one query."""
        out: dict[uuid.UUID, list[CrewMember]] = {cid: [] for cid in crew_ids}
        if not crew_ids:
            return out
        stmt = (
            select(CrewMemberRow, AgentRow.agent_key, AgentRow.role)
            .join(AgentRow, AgentRow.id == CrewMemberRow.agent_id)
            .where(CrewMemberRow.crew_id.in_(crew_ids))
            .order_by(CrewMemberRow.crew_id, CrewMemberRow.sequence_order, AgentRow.agent_key)
        )
        for m, key, role in self.session.execute(stmt):
            out[m.crew_id].append(
                CrewMember(
                    id=m.id,
                    agent_id=m.agent_id,
                    agent_key=key,
                    role=role,
                    role_in_crew=m.role_in_crew,
                    sequence_order=m.sequence_order,
                )
            )
        return out

    def to_domain(self, row: CrewRow) -> Crew:
        return to_record(Crew, row, members=self.members_of([row.id])[row.id])

    def list_domain(self) -> list[Crew]:
        rows = self.list_all()
        members = self.members_of([r.id for r in rows])
        return [to_record(Crew, r, members=members[r.id]) for r in rows]

    def set_members(self, crew: CrewRow, members: list[tuple[uuid.UUID, str | None]]) -> None:
        """Make the crew's members exactly ``members`` in that order (positions 1..n).

        Rows of agents that stay are kept (their ids do not change); the crew row is touched
        so that its version goes up: membership is part of what a crew editor saves.
        """
        existing = {m.agent_id: m for m in crew.members}
        wanted = {agent_id for agent_id, _ in members}
        for agent_id, gone in existing.items():
            if agent_id not in wanted:
                crew.members.remove(gone)
        ordered: list[CrewMemberRow] = []
        for position, (agent_id, role_in_crew) in enumerate(members, start=1):
            row = existing.get(agent_id)
            if row is None:
                row = CrewMemberRow(id=uuid.uuid4(), agent_id=agent_id)
            if row.role_in_crew != role_in_crew:
                row.role_in_crew = role_in_crew
            if row.sequence_order != position:
                row.sequence_order = position
            ordered.append(row)
        crew.members[:] = ordered
        self.touch(crew)

    def insert_members(self, crew: CrewRow, agent_ids: list[uuid.UUID]) -> None:
        """The members of a crew that has none, all at once: the same rows ``set_members``
        would add one by one (positions 1..n, no role in the crew)."""
        table: Table = CrewMemberRow.__table__  # type: ignore[assignment]
        rows = [
            [uuid.uuid4(), crew.id, a, None, position]
            for position, a in enumerate(agent_ids, start=1)
        ]
        columns = ["id", "crew_id", "agent_id", "role_in_crew", "sequence_order"]
        write_rows(self.session.connection(), table, columns, rows)
        self.session.expire(crew, ["members"])
        history.note_members(self.session, crew, [], [[str(a), None] for a in agent_ids])
        self.touch(crew)

    def touch(self, crew: CrewRow) -> None:
        crew.updated_at = datetime.now(UTC)
        self.session.flush()

    def model_names(self) -> list[str]:
        """Every LLM name stored on a crew (manager, function-calling and planning LLMs)."""
        names: set[str] = set()
        for column in (CrewRow.manager_llm, CrewRow.function_calling_llm, CrewRow.planning_llm):
            names.update(v for (v,) in self.session.execute(select(column).distinct()) if v)
        return sorted(names)

    def task_names(self, crew_id: uuid.UUID) -> list[str]:
        stmt = (
            select(TaskRow.name)
            .where(TaskRow.crew_id == crew_id)
            .order_by(TaskRow.sequence_order, TaskRow.name)
        )
        return list(self.session.scalars(stmt))


class TaskRepo(Repository[TaskRow, Task]):
    row_type = TaskRow
    model = Task
    noun = "task"

    def for_crew(self, crew_id: uuid.UUID) -> list[TaskRow]:
        stmt = (
            select(TaskRow)
            .where(TaskRow.crew_id == crew_id)
            .order_by(TaskRow.sequence_order, TaskRow.created_at, TaskRow.name)
        )
        return list(self.session.scalars(stmt))

    def by_name(self, crew_id: uuid.UUID, name: str) -> TaskRow | None:
        stmt = select(TaskRow).where(TaskRow.crew_id == crew_id, TaskRow.name == name)
        return self.session.scalars(stmt).one_or_none()

    def require_name(self, crew: CrewRow, name: str) -> TaskRow:
        row = self.by_name(crew.id, name)
        if row is None:
            raise NotFound(f"No task '{name}' in crew '{crew.crew_name}'.")
        return row

    def renumber(self, rows: list[TaskRow]) -> None:
        """Positions 1..n in the given order; only rows whose position changes are written."""
        for position, row in enumerate(rows, start=1):
            if row.sequence_order != position:
                row.sequence_order = position
        self.session.flush()

    @staticmethod
    def context_users(tasks: list[TaskRow], task_id: uuid.UUID) -> list[TaskRow]:
        return [t for t in tasks if t.id != task_id and task_id in (t.context_task_ids or [])]

    def references(self, crew: CrewRow, row: TaskRow) -> list[Reference]:
        return [
            Reference("task", f"{crew.crew_name}/{t.name}", "context")
            for t in self.context_users(self.for_crew(crew.id), row.id)
        ]
