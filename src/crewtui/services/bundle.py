"""A crew with everything lint and export need, read in one transaction."""

from __future__ import annotations

import uuid

from ..domain.agent import Agent
from ..domain.bundle import CrewBundle
from ..domain.catalog import MemoryConfig
from ..domain.crew import Crew
from .base import ServiceBase, Work


def bundle_of(w: Work, crew: str, shown: Crew | None = None) -> CrewBundle:
    """Crew ``crew`` with everything lint and export need, read through ``w``; ``shown``:
    the crew's settings and members as an editor shows them, instead of the stored ones."""
    crew_row = w.crews.require(crew)
    record = shown if shown is not None else w.crews.to_domain(crew_row)
    tasks = [w.tasks.to_domain(t) for t in w.tasks.for_crew(crew_row.id)]
    wanted: list[uuid.UUID] = [m.agent_id for m in record.members]
    if record.manager_agent_id:
        wanted.append(record.manager_agent_id)
    wanted += [t.assigned_agent_id for t in tasks if t.assigned_agent_id]
    agents: dict[uuid.UUID, Agent] = {r.id: w.agents.to_domain(r) for r in w.agents.by_ids(wanted)}
    config_ids = {a.memory_config_id for a in agents.values() if a.memory_config_id}
    configs: dict[uuid.UUID, MemoryConfig] = {
        r.id: w.memory_configs.to_domain(r) for r in w.memory_configs.by_ids(config_ids)
    }
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
    def load_bundle(self, crew: str, *, shown: Crew | None = None) -> CrewBundle:
        return self._query(lambda w: bundle_of(w, crew, shown))
