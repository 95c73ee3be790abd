"""Agent services: the list, one agent, save, delete and where an agent is used."""

from __future__ import annotations

import uuid
from typing import Any

from ..db.models import AgentRow
from ..domain.agent import Agent
from ..domain.errors import InUse, Reference
from .base import ServiceBase, Work, check_create_fields, check_version, taken
from .refs import resolve_refs
from .types import AgentSummary, AgentUsage, CrewRole


class AgentServices(ServiceBase):
    def list_agents(
        self,
        filter: str = "",
        *,
        sort: str = "agent_key",
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[AgentSummary]:
        """One page of agents whose key, name, role or department name contains ``filter``."""
        return self._query(
            lambda w: w.agents.summaries(
                filter, sort=sort, descending=descending, limit=limit, offset=offset
            )
        )

    def model_suggestions(self) -> list[str]:
        """LLM names for the model fields to suggest: those stored on agents and crews, then a
        maintained list."""
        from ..domain.model_names import model_suggestions

        return model_suggestions(
            self._query(lambda w: [*w.agents.model_names(), *w.crews.model_names()])
        )

    def tool_class_suggestions(self) -> list[str]:
        """The crewai_tools class names (crewai_tools 1.3), for the tools fields to suggest."""
        from ..interop.crewai_tools_catalog import CREWAI_TOOLS

        return sorted(CREWAI_TOOLS)

    def agent_ids_with_tools(self) -> set[uuid.UUID]:
        """The agents that have tools: crewai refuses them as a crew's manager."""
        return self._query(lambda w: w.agents.ids_with_tools())

    def count_agents(self, filter: str = "") -> int:
        return self._query(lambda w: w.agents.count(filter))

    def get_agent(self, key: str) -> Agent:
        return self._query(lambda w: w.agents.to_domain(w.agents.require(key)))

    def get_agent_by_id(self, id: uuid.UUID) -> Agent:
        return self._query(lambda w: w.agents.to_domain(w.agents.require_id(id)))

    def create_agent(self, values: dict[str, Any]) -> Agent:
        def run(w: Work) -> Agent:
            check_create_fields(Agent, values)
            record = Agent.validated(resolve_refs(w, Agent, values))
            if w.agents.by_key(record.agent_key) is not None:
                raise taken("agent_key")
            return w.agents.to_domain(w.agents.add(record))

        return self._run(run)

    def update_agent(
        self, key: str, changes: dict[str, Any], *, expected_version: int | None = None
    ) -> Agent:
        agent_id: list[uuid.UUID] = []

        def run(w: Work) -> Agent:
            row = w.agents.require(key)
            agent_id.append(row.id)
            current = w.agents.to_domain(row)
            check_version(current, expected_version)
            new = current.updated(resolve_refs(w, Agent, changes))
            if new.agent_key != row.agent_key and w.agents.by_key(new.agent_key) is not None:
                raise taken("agent_key")
            w.agents.apply(row, new)
            return w.agents.to_domain(row)

        return self._saving(
            run,
            lambda w: w.agents.to_domain(w.agents.require_id(agent_id[0])),
            blind=expected_version is None,
        )

    def agent_references(self, key: str) -> list[Reference]:
        return self._query(lambda w: w.agents.references(w.agents.require(key).id))

    def delete_agent(self, key: str) -> None:
        def run(w: Work) -> None:
            row = w.agents.require(key)
            refs = w.agents.references(row.id)
            if refs:
                raise InUse(f"Agent '{key}'", refs)
            w.agents.delete(row)

        self._run(run)

    def agent_usage(self, key: str) -> AgentUsage:
        def run(w: Work) -> AgentUsage:
            row: AgentRow = w.agents.require(key)
            return AgentUsage(
                crews=tuple(
                    CrewRole(m.crew_name, m.role_in_crew, m.sequence_order)
                    for m in w.agents.memberships(row.id)
                ),
                manager_of=tuple(w.agents.managed_crews(row.id)),
                task_count=len(w.agents.assigned_tasks(row.id)),
                last_executed_at=row.last_executed_at,
            )

        return self._query(run)
