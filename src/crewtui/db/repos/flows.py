"""Flows (``crewai_flows``) and their executions (``crewai_flow_executions``)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.errors import NotFound
from ...domain.flow import Flow
from ..models import FlowExecutionRow, FlowRow
from .base import Repository


class FlowRepo(Repository[FlowRow, Flow]):
    row_type = FlowRow
    model = Flow
    noun = "flow"

    def execution_counts(self) -> dict[uuid.UUID, int]:
        """How many executions each flow has stored."""
        stmt = select(FlowExecutionRow.flow_id, func.count()).group_by(FlowExecutionRow.flow_id)
        return {fid: n for fid, n in self.session.execute(stmt) if fid is not None}


class FlowExecutionRepo:
    """A flow's executions: started, finished, listed newest first."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def start(
        self, flow_id: uuid.UUID, input_state: dict[str, Any], triggered_by: uuid.UUID | None
    ) -> FlowExecutionRow:
        row = FlowExecutionRow(
            flow_id=flow_id,
            status="running",
            input_state=input_state,
            started_at=datetime.now(UTC),
            triggered_by=triggered_by,
            method_status={},
        )
        self.session.add(row)
        self.session.flush()
        return row

    def require(self, execution_id: uuid.UUID) -> FlowExecutionRow:
        row = self.session.get(FlowExecutionRow, execution_id)
        if row is None:
            raise NotFound(f"No flow execution {execution_id}.")
        return row

    def for_flow(self, flow_id: uuid.UUID, limit: int = 50) -> list[FlowExecutionRow]:
        stmt = (
            select(FlowExecutionRow)
            .where(FlowExecutionRow.flow_id == flow_id)
            .order_by(FlowExecutionRow.started_at.desc(), FlowExecutionRow.id)
            .limit(limit)
        )
        return list(self.session.scalars(stmt))
