"""Flows: read, create, change and delete them, and check them against what is kept."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ..db.models import AgentRow, CrewRow, ToolRow
from .base import ServiceBase, Work, check_create_fields, check_version, taken

if TYPE_CHECKING:
    from ..domain.flow import Flow
    from ..domain.flow_lint import FlowProblem, Known
    from .flows_kickoff import FlowRunHandle, FlowRunResult


def known_names(w: Work) -> Known:
    """The crews, agents and tools a flow may name."""
    from ..domain.flow_lint import Known

    s = w.session
    return Known(
        crews=set(s.scalars(select(CrewRow.crew_name))),
        agents=set(s.scalars(select(AgentRow.agent_key))),
        tools=set(s.scalars(select(ToolRow.tool_key))),
    )


class FlowServices(ServiceBase):
    def list_flows(self) -> list[Flow]:
        return self._query(lambda w: [w.flows.to_domain(r) for r in w.flows.list_all()])

    def get_flow(self, key: str) -> Flow:
        return self._query(lambda w: w.flows.to_domain(w.flows.require(key)))

    def create_flow(self, values: dict[str, Any]) -> Flow:
        from ..domain.flow import Flow

        def run(w: Work) -> Flow:
            check_create_fields(Flow, values)
            record = Flow.validated(values)
            if w.flows.by_key(record.key) is not None:
                raise taken("flow_key")
            return w.flows.to_domain(w.flows.add(record))

        return self._run(run)

    def update_flow(
        self, key: str, changes: dict[str, Any], *, expected_version: int | None = None
    ) -> Flow:
        ids: list[uuid.UUID] = []

        def run(w: Work) -> Flow:
            row = w.flows.require(key)
            ids.append(row.id)
            current = w.flows.to_domain(row)
            check_version(current, expected_version)
            new = current.updated(changes)
            if new.key != current.key and w.flows.by_key(new.key) is not None:
                raise taken("flow_key")
            w.flows.apply(row, new)
            return w.flows.to_domain(row)

        return self._saving(run, lambda w: w.flows.to_domain(w.flows.require_id(ids[0])))

    def delete_flow(self, key: str) -> None:
        """Delete the flow (its stored executions go with it)."""
        self._run(lambda w: w.flows.delete(w.flows.require(key)))

    def flow_known_names(self) -> Known:
        return self._query(known_names)

    def check_flow(self, key: str) -> list[FlowProblem]:
        """The flow's problems, its crews, agents and tools looked up among those kept."""

        from ..domain.flow_lint import lint_flow

        def run(w: Work) -> list[FlowProblem]:
            flow = w.flows.to_domain(w.flows.require(key))
            return lint_flow(flow.definition, known_names(w))

        return self._query(run)

    # ---------------------------------------------------------------- running

    def start_flow_run(
        self, key: str, inputs: dict[str, Any] | None = None, **kw: Any
    ) -> FlowRunHandle:
        """Start flow ``key`` in the crewai runtime (see :mod:`.flows_kickoff`)."""
        from .flows_kickoff import start_flow_run

        return start_flow_run(self, key, inputs, **kw)  # type: ignore[arg-type]

    def run_flow(self, key: str, inputs: dict[str, Any] | None = None, **kw: Any) -> FlowRunResult:
        """Run flow ``key`` with ``inputs`` (state fields) and wait for its end."""
        return self.start_flow_run(key, inputs, **kw).wait()

    def flow_inputs(self, key: str, given: dict[str, str]) -> dict[str, Any]:
        """``NAME=VALUE`` texts as state values: a field the state's schema types as a
        number, boolean, list or object is read as JSON."""
        from .flows_kickoff import typed_inputs

        return typed_inputs(self.get_flow(key).definition.state.schema_, given)
