"""Who still points at a memory config, a department or a tool (agents are in agents.py)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, exists, func, literal, select
from sqlalchemy.orm import Session

from ...domain.errors import Reference
from ..models import AgentRow, CrewRow, DepartmentRow, TaskRow


def _list_contains(session: Session, column: Any, value: str) -> ColumnElement[bool]:
    """``value`` is an element of a TEXT[] (PostgreSQL) or JSON list (SQLite) column."""
    if session.get_bind().dialect.name == "postgresql":
        contains: ColumnElement[bool] = column.any_() == literal(value)
        return contains
    each = func.json_each(column).table_valued("value")
    return exists(select(1).select_from(each).where(each.c.value == value))


def memory_config_references(session: Session, config_id: uuid.UUID) -> list[Reference]:
    stmt = (
        select(AgentRow.agent_key)
        .where(AgentRow.memory_config_id == config_id)
        .order_by(AgentRow.agent_key)
    )
    return [Reference("agent", key, "memory config") for key in session.scalars(stmt)]


def department_references(session: Session, department_id: uuid.UUID) -> list[Reference]:
    agents = (
        select(AgentRow.agent_key)
        .where(AgentRow.department_id == department_id)
        .order_by(AgentRow.agent_key)
    )
    children = (
        select(DepartmentRow.department_key)
        .where(DepartmentRow.parent_department_id == department_id)
        .order_by(DepartmentRow.department_key)
    )
    return [Reference("agent", k, "department") for k in session.scalars(agents)] + [
        Reference("department", k, "parent department") for k in session.scalars(children)
    ]


def tool_references(session: Session, tool_key: str) -> list[Reference]:
    agents = (
        select(AgentRow.agent_key)
        .where(AgentRow.tools.is_not(None), _list_contains(session, AgentRow.tools, tool_key))
        .order_by(AgentRow.agent_key)
    )
    tasks = (
        select(CrewRow.crew_name, TaskRow.name)
        .outerjoin(CrewRow, CrewRow.id == TaskRow.crew_id)
        .where(TaskRow.tools.is_not(None), _list_contains(session, TaskRow.tools, tool_key))
        .order_by(CrewRow.crew_name, TaskRow.name)
    )
    return [Reference("agent", k, "tools") for k in session.scalars(agents)] + [
        Reference("task", f"{r.crew_name or '-'}/{r.name}", "tools") for r in session.execute(tasks)
    ]
