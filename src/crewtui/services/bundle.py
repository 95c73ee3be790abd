"""A crew with everything lint and export need, read in one transaction."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from ..db.models import AgentRow, MemoryConfigRow
from ..domain.agent import Agent
from ..domain.bundle import CrewBundle
from ..domain.catalog import MemoryConfig
from .base import ServiceBase, Work


def bundle_of(w: Work, crew: str) -> CrewBundle:
    """Crew ``crew`` with everything lint and export need, read through ``w``."""
    crew_row = w.crews.require(crew)
    record = w.crews.to_domain(crew_row)
    tasks = [w.tasks.to_domain(t) for t in w.tasks.for_crew(crew_row.id)]
    wanted: list[uuid.UUID] = [m.agent_id for m in record.members]
    if record.manager_agent_id:
        wanted.append(record.manager_agent_id)
    wanted += [t.assigned_agent_id for t in tasks if t.assigned_agent_id]
    agents: dict[uuid.UUID, Agent] = {}
    if wanted:
        rows = w.session.scalars(select(AgentRow).where(AgentRow.id.in_(set(wanted))))
        agents = {r.id: w.agents.to_domain(r) for r in rows}
    config_ids = {a.memory_config_id for a in agents.values() if a.memory_config_id}
    configs: dict[uuid.UUID, MemoryConfig] = {}
    if config_ids:
        rows_mc = w.session.scalars(
            select(MemoryConfigRow).where(MemoryConfigRow.id.in_(config_ids))
        )
        configs = {r.id: w.memory_configs.to_domain(r) for r in rows_mc}
    tools = {t.tool_key: w.tools.to_domain(t) for t in w.tools.list_all()}
    return CrewBundle(
        crew=record,
        agents=agents,
        tasks=tasks,
        memory_configs=configs,
        tools=tools,
        knowledge=w.knowledge.for_agents(list(agents)),
    )


class BundleServices(ServiceBase):
    def load_bundle(self, crew: str) -> CrewBundle:
        return self._query(lambda w: bundle_of(w, crew))
