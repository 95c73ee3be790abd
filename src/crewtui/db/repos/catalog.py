"""Memory configurations, departments, the tool registry and agent knowledge."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.bundle import KnowledgeItem
from ...domain.catalog import Department, MemoryConfig, Tool
from ..models import DepartmentRow, KnowledgeRow, MemoryConfigRow, ToolRow, Venture
from .base import Repository


class MemoryConfigRepo(Repository[MemoryConfigRow, MemoryConfig]):
    row_type = MemoryConfigRow
    model = MemoryConfig
    noun = "memory config"


class DepartmentRepo(Repository[DepartmentRow, Department]):
    row_type = DepartmentRow
    model = Department
    noun = "department"

    def list_all(self) -> list[DepartmentRow]:
        stmt = select(DepartmentRow).order_by(
            DepartmentRow.sort_order, DepartmentRow.department_key
        )
        return list(self.session.scalars(stmt))


class ToolRepo(Repository[ToolRow, Tool]):
    row_type = ToolRow
    model = Tool
    noun = "tool"


class VentureRepo(Repository[Venture, Any]):
    """Ventures are only pointed at (agents name one); crewtui does not edit them."""

    row_type = Venture
    noun = "venture"

    @property
    def key_column(self) -> str:
        return "name"


class KnowledgeRepo:
    def __init__(self, session: Session) -> None:
        self.session = session

    def texts(self) -> dict[str, str]:
        """Every knowledge text by its id and by its title (the first of a title wins)."""
        out: dict[str, str] = {}
        for k in self.session.scalars(select(KnowledgeRow)):
            out.setdefault(k.title, k.content)
            out[str(k.id)] = k.content
        return out

    def for_agents(self, agent_ids: list[uuid.UUID]) -> list[KnowledgeItem]:
        if not agent_ids:
            return []
        stmt = (
            select(KnowledgeRow)
            .where(KnowledgeRow.agent_id.in_(agent_ids))
            .order_by(KnowledgeRow.title, KnowledgeRow.id)
        )
        return [
            KnowledgeItem(
                id=r.id,
                agent_id=r.agent_id,
                title=r.title,
                content=r.content,
                source_type=r.source_type or "text",
            )
            for r in self.session.scalars(stmt)
        ]
