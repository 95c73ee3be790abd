"""Agents: the list query behind the agent table and everything that points at an agent."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlalchemy import BindParameter, Integer, Row, Select, Table, bindparam, func, or_, select

from ...domain.agent import Agent
from ...domain.errors import Reference, ValidationFailed
from ...domain.views import AgentSummary
from .. import history
from ..bulk import write_rows
from ..history_model import HistoryRow
from ..models import AgentRow, CrewMemberRow, CrewRow, DepartmentRow, TaskRow
from .base import Repository, column_names

#: what the agent list may be sorted by -> the column
SORTS: dict[str, Any] = {
    "agent_key": AgentRow.agent_key,
    "name": AgentRow.name,
    "role": AgentRow.role,
    "status": AgentRow.status,
    "llm_model": AgentRow.llm_model,
    "department_name": DepartmentRow.name,
    "department_key": DepartmentRow.department_key,
    "updated_at": AgentRow.updated_at,
}

#: the columns of a line of the agent list, in the order ``AgentSummary.from_row`` reads them
SUMMARY_COLUMNS = (
    AgentRow.id,
    AgentRow.agent_key,
    AgentRow.name,
    AgentRow.role,
    AgentRow.status,
    AgentRow.llm_model,
    DepartmentRow.department_key,
    DepartmentRow.name.label("department_name"),
    AgentRow.memory_enabled,
    AgentRow.reasoning_enabled,
    AgentRow.multimodal_enabled,
    AgentRow.allow_code_execution,
    AgentRow.goal,
)


S = TypeVar("S", bound=Select[*tuple[Any, ...]])


def _editable_columns() -> list[str]:
    """The agent columns a record writes (the database keeps id, version and timestamps)."""
    skip = ("id", "version", "created_at", "updated_at")
    return [n for n in column_names(AgentRow) if n not in skip and n in Agent.model_fields]


def _filtered(stmt: S, text: str) -> S:
    stmt = stmt.outerjoin(DepartmentRow, AgentRow.department_id == DepartmentRow.id)
    text = text.strip()
    if text:
        stmt = stmt.where(
            or_(
                AgentRow.agent_key.icontains(text, autoescape=True),
                AgentRow.name.icontains(text, autoescape=True),
                AgentRow.role.icontains(text, autoescape=True),
                DepartmentRow.name.icontains(text, autoescape=True),
            )
        )
    return stmt


def summary_query(
    text: str = "",
    *,
    sort: str = "agent_key",
    descending: bool = False,
    limit: int | BindParameter[int] | None = None,
    offset: int | BindParameter[int] = 0,
) -> Select[*tuple[Any, ...]]:
    """The agent list's query: one page in one statement, whatever the number of agents.

    The one query behind every agent list; the first page read before SQLAlchemy loads runs
    its compiled text (:mod:`crewtui.db.compiled`)."""
    col = SORTS.get(sort)
    if col is None:
        raise ValidationFailed.single("sort", f"must be one of {', '.join(SORTS)}")
    order = [col.desc() if descending else col.asc()]
    if sort != "agent_key":
        order.append(AgentRow.agent_key.asc())  # stable pages when values repeat
    if not isinstance(offset, BindParameter):
        offset = max(offset, 0)
    stmt = _filtered(select(*SUMMARY_COLUMNS), text).order_by(*order).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return stmt


def first_page_query() -> Select[*tuple[Any, ...]]:
    """The first page in key order, its size the bound parameter ``limit``."""
    return summary_query(limit=bindparam("limit", type_=Integer), offset=bindparam("offset", 0))


class AgentRepo(Repository[AgentRow, Agent]):
    row_type = AgentRow
    model = Agent
    noun = "agent"

    def summaries(
        self, text: str, *, sort: str, descending: bool, limit: int | None, offset: int
    ) -> list[AgentSummary]:
        """One page of the agent list (see :func:`summary_query`)."""
        stmt = summary_query(text, sort=sort, descending=descending, limit=limit, offset=offset)
        return [AgentSummary.from_row(r) for r in self.session.execute(stmt)]

    def insert_many(self, records: list[Agent]) -> list[uuid.UUID]:
        """Insert new agents all at once (ids made here unless given), with the column values
        one ``add`` per agent would write: an explicit None is NULL, not the default."""
        table: Table = AgentRow.__table__  # type: ignore[assignment]
        names = _editable_columns()
        ids: list[uuid.UUID] = []
        rows: list[list[Any]] = []
        for record in records:
            row_id = record.id or uuid.uuid4()
            ids.append(row_id)
            fields = record.__dict__
            rows.append([row_id, *[fields[name] for name in names]])
        write_rows(self.session.connection(), table, ["id", *names], rows)
        columns, created = history.creation_rows(
            self.session, "agent", [(i, r.agent_key) for i, r in zip(ids, records, strict=True)]
        )
        history_table: Table = HistoryRow.__table__  # type: ignore[assignment]
        write_rows(self.session.connection(), history_table, columns, created)
        return ids

    def apply_many(self, changed: list[tuple[AgentRow, Agent]]) -> None:
        """Set on each row the columns ``apply`` would (those whose value changed), then flush
        once: the UPDATEs go together instead of one flush per agent. Each row still gets its
        own version check and its version goes up by one."""
        if not changed:
            return
        names = _editable_columns()
        for row, record in changed:
            fields = record.__dict__
            for name in names:
                value = fields[name]
                if getattr(row, name) != value:
                    setattr(row, name, value)
        self.session.flush()

    def model_names(self) -> list[str]:
        """Every LLM name stored on an agent (model and function-calling model)."""
        names: set[str] = set()
        for column in (AgentRow.llm_model, AgentRow.function_calling_llm):
            names.update(v for (v,) in self.session.execute(select(column).distinct()) if v)
        return sorted(names)

    def ids_with_tools(self) -> set[uuid.UUID]:
        """The agents that have tools (crewai refuses them as a crew's manager)."""
        stmt = select(AgentRow.id, AgentRow.tools).where(AgentRow.tools.is_not(None))
        return {r.id for r in self.session.execute(stmt) if r.tools}

    def count(self, text: str) -> int:
        stmt = _filtered(select(func.count(AgentRow.id)), text)
        return int(self.session.execute(stmt).scalar_one())

    def keys_by_id(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
        if not ids:
            return {}
        stmt = select(AgentRow.id, AgentRow.agent_key).where(AgentRow.id.in_(ids))
        return {r.id: r.agent_key for r in self.session.execute(stmt)}

    def memberships(self, agent_id: uuid.UUID) -> list[Row[Any]]:
        stmt = (
            select(CrewRow.crew_name, CrewMemberRow.role_in_crew, CrewMemberRow.sequence_order)
            .join(CrewRow, CrewRow.id == CrewMemberRow.crew_id)
            .where(CrewMemberRow.agent_id == agent_id)
            .order_by(CrewRow.crew_name)
        )
        return list(self.session.execute(stmt))

    def managed_crews(self, agent_id: uuid.UUID) -> list[str]:
        stmt = (
            select(CrewRow.crew_name)
            .where(CrewRow.manager_agent_id == agent_id)
            .order_by(CrewRow.crew_name)
        )
        return list(self.session.scalars(stmt))

    def assigned_tasks(self, agent_id: uuid.UUID) -> list[Row[Any]]:
        stmt = (
            select(CrewRow.crew_name, TaskRow.name)
            .outerjoin(CrewRow, CrewRow.id == TaskRow.crew_id)
            .where(TaskRow.assigned_agent_id == agent_id)
            .order_by(CrewRow.crew_name, TaskRow.sequence_order)
        )
        return list(self.session.execute(stmt))

    def references(self, agent_id: uuid.UUID) -> list[Reference]:
        refs = [
            Reference("task", f"{r.crew_name or '-'}/{r.name}", "assigned agent")
            for r in self.assigned_tasks(agent_id)
        ]
        refs += [Reference("crew", name, "manager agent") for name in self.managed_crews(agent_id)]
        refs += [
            Reference("crew", m.crew_name, f"member #{m.sequence_order}")
            for m in self.memberships(agent_id)
        ]
        return refs
