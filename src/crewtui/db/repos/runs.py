"""Runs, their events, and the execution figures a run leaves on tasks and agents.

The figures are written with plain UPDATE statements on the tables: they are results, not
edits, so they neither bump a record's version (an editor open on the agent keeps its
optimistic lock) nor enter its history.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Table, case, func, insert, select, update
from sqlalchemy.orm import Session

from ..models import AgentRow, TaskRow
from ..runs_model import RunEventRow, RunRow

_AGENTS: Table = AgentRow.__table__  # type: ignore[assignment]
_TASKS: Table = TaskRow.__table__  # type: ignore[assignment]
_EVENTS: Table = RunEventRow.__table__  # type: ignore[assignment]


class RunRepo:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, **values: Any) -> RunRow:
        row = RunRow(**values)
        self.session.add(row)
        self.session.flush()
        return row

    def get(self, run_id: uuid.UUID) -> RunRow | None:
        return self.session.get(RunRow, run_id)

    def find(self, prefix: str) -> list[RunRow]:
        """Runs whose id starts with ``prefix`` (ids are shown shortened)."""
        rows = self.session.scalars(select(RunRow).order_by(RunRow.started_at.desc())).all()
        return [r for r in rows if str(r.id).startswith(prefix.lower())]

    def recent(self, crew_id: uuid.UUID | None = None, limit: int = 200) -> list[RunRow]:
        q = select(RunRow).order_by(RunRow.started_at.desc(), RunRow.id).limit(limit)
        if crew_id is not None:
            q = q.where(RunRow.crew_id == crew_id)
        return list(self.session.scalars(q))

    def running(self) -> list[RunRow]:
        return list(self.session.scalars(select(RunRow).where(RunRow.status == "running")))

    def add_events(self, run_id: uuid.UUID, events: Iterable[dict[str, Any]]) -> None:
        rows = [
            {
                "run_id": run_id,
                "seq": e["seq"],
                "at": e["at"],
                "kind": str(e["kind"])[:60],
                "task_name": (e.get("task") or None) and str(e["task"])[:100],
                "agent_role": e.get("agent"),
                "payload": e.get("payload"),
            }
            for e in events
        ]
        if rows:
            self.session.execute(insert(_EVENTS), rows)

    def events(self, run_id: uuid.UUID) -> list[RunEventRow]:
        q = select(RunEventRow).where(RunEventRow.run_id == run_id).order_by(RunEventRow.seq)
        return list(self.session.scalars(q))

    def event_count(self, run_id: uuid.UUID) -> int:
        q = select(func.count()).select_from(RunEventRow).where(RunEventRow.run_id == run_id)
        return int(self.session.scalar(q) or 0)

    # ---------------------------------------------------------------- figures

    def task_state(
        self,
        task_id: uuid.UUID,
        status: str,
        *,
        result: dict[str, Any] | None = None,
        ms: int | None = None,
        error: str | None = None,
    ) -> None:
        values: dict[str, Any] = {"status": status}
        if status == "running":
            values.update(error_message=None)
        else:
            values.update(result=result, execution_time_ms=ms, error_message=error)
        self.session.execute(update(_TASKS).where(_TASKS.c.id == task_id).values(**values))

    def agent_ran(self, agent_id: uuid.UUID, ms: int, at: datetime) -> None:
        """One more execution: the average moves by the new time, the last run is ``at``."""
        count = func.coalesce(_AGENTS.c.execution_count, 0)
        avg = func.coalesce(_AGENTS.c.avg_execution_time_ms, 0)
        self.session.execute(
            update(_AGENTS)
            .where(_AGENTS.c.id == agent_id)
            .values(
                avg_execution_time_ms=case(
                    (count == 0, ms), else_=(avg * count + ms) // (count + 1)
                ),
                execution_count=count + 1,
                last_executed_at=at,
            )
        )
