"""The executions of a flow (``crewai_flow_executions``): what the run machinery records when
it runs a flow, and what the history of a flow shows.

A run starts with :func:`start_execution` (the state it starts from: the flow's defaults
under the given inputs), reports each method with :func:`method_update` (status, and the crew
run it started), and ends with :func:`finish_execution` (status, the state after, the
error); the flow's ``execution_count`` and ``last_executed_at`` follow. Each call is one
transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import update

from ..db.history_actor import acting_actor
from ..db.models import FlowRow
from ..db.repos.flows import FlowExecutionRepo
from ..domain.errors import ValidationFailed
from .generated import user_id

if TYPE_CHECKING:
    from .facade import Services

ExecutionStatus = Literal["pending", "running", "completed", "failed", "cancelled"]
ENDED = ("completed", "failed", "cancelled")


@dataclass(frozen=True)
class FlowExecution:
    id: uuid.UUID
    flow_key: str
    status: str
    input_state: dict[str, Any]
    output_state: dict[str, Any] | None
    error_message: str | None
    started_at: datetime | None
    completed_at: datetime | None
    duration_ms: int | None
    #: method -> {"status": ..., "runs": [run ids], ...}
    methods: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "flow_key": self.flow_key,
            "status": self.status,
            "input_state": self.input_state,
            "output_state": self.output_state,
            "error_message": self.error_message,
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "completed_at": self.completed_at.isoformat() if self.completed_at else None,
            "duration_ms": self.duration_ms,
            "methods": self.methods,
        }


def _of(row: Any, key: str) -> FlowExecution:
    return FlowExecution(
        id=row.id,
        flow_key=key,
        status=row.status or "pending",
        input_state=dict(row.input_state or {}),
        output_state=row.output_state,
        error_message=row.error_message,
        started_at=row.started_at,
        completed_at=row.completed_at,
        duration_ms=row.duration_ms,
        methods=dict(row.method_status or {}),
    )


def initial_state(services: Services, key: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """The state a run of flow ``key`` starts from: its defaults under ``inputs``; a
    ValidationFailed names each required field without a value and each unknown input."""
    spec = services.get_flow(key).definition
    state = {**spec.state.default, **inputs}
    fields = set(spec.state.fields)
    problems = [f"'{k}' is not a state field" for k in inputs if fields and k not in fields]
    required = spec.state.schema_.get("required") or []
    problems += [f"'{k}' is required" for k in required if state.get(k) is None]
    if problems:
        raise ValidationFailed.single("inputs", "; ".join(problems))
    return state


def start_execution(services: Services, key: str, inputs: dict[str, Any]) -> FlowExecution:
    state = initial_state(services, key, inputs)

    def run(w: Any) -> FlowExecution:
        flow = w.flows.require(key)
        # under row-level security the database role, not a claimed name, triggers it
        who = acting_actor(w.session, services.user)
        row = FlowExecutionRepo(w.session).start(flow.id, state, user_id(who))
        return _of(row, key)

    return services._run(run)


def method_update(
    services: Services,
    execution_id: uuid.UUID,
    method: str,
    status: str,
    *,
    run_id: uuid.UUID | None = None,
) -> FlowExecution:
    """Record that ``method`` of a running execution is now ``status`` (and started the crew
    run ``run_id``)."""

    def run(w: Any) -> FlowExecution:
        row = FlowExecutionRepo(w.session).require(execution_id)
        flow = w.flows.require_id(row.flow_id)
        if method not in {m.get("name") for m in flow.flow_definition.get("methods", [])}:
            raise ValidationFailed.single("method", f"flow '{flow.flow_key}' has no '{method}'")
        now = datetime.now(UTC).isoformat()
        entry = dict((row.method_status or {}).get(method) or {"runs": []})
        entry["status"] = status
        entry.setdefault("started_at", now)
        if status in ENDED:
            entry["finished_at"] = now
        if run_id is not None:
            entry["runs"] = [*entry.get("runs", []), str(run_id)]
        row.method_status = {**(row.method_status or {}), method: entry}
        return _of(row, flow.flow_key)

    return services._run(run)


def finish_execution(
    services: Services,
    execution_id: uuid.UUID,
    status: ExecutionStatus,
    *,
    output_state: dict[str, Any] | None = None,
    error: str | None = None,
) -> FlowExecution:
    if status not in ENDED:
        raise ValidationFailed.single("status", f"must be one of {', '.join(ENDED)}")

    def run(w: Any) -> FlowExecution:
        row = FlowExecutionRepo(w.session).require(execution_id)
        if row.status in ENDED:
            raise ValidationFailed.single("status", f"the execution already ended ({row.status})")
        flow = w.flows.require_id(row.flow_id)
        now = datetime.now(UTC)
        started = row.started_at
        if started is not None and started.tzinfo is None:
            started = started.replace(tzinfo=UTC)
        row.status = status
        row.output_state = output_state
        row.error_message = error
        row.completed_at = now
        row.duration_ms = int((now - started).total_seconds() * 1000) if started else None
        # counters are not an edit of the flow: no new version, no history entry
        w.session.execute(
            update(FlowRow)
            .where(FlowRow.id == flow.id)
            .values(execution_count=(flow.execution_count or 0) + 1, last_executed_at=now)
        )
        return _of(row, flow.flow_key)

    return services._run(run)


def list_executions(services: Services, key: str, limit: int = 50) -> list[FlowExecution]:
    def run(w: Any) -> list[FlowExecution]:
        flow = w.flows.require(key)
        return [_of(r, key) for r in FlowExecutionRepo(w.session).for_flow(flow.id, limit)]

    return services._query(run)
