"""Flows (``crewai_flows``) and their executions (``crewai_flow_executions``)."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

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
