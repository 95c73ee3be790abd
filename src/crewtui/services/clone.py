"""Duplicate an agent, a task, or a whole crew with its tasks.

A cloned crew either shares its agents with the original or gets its own copies, keyed
``<key><suffix>``; its tasks are copied with their agents and context pointing at the new
crew's records. Each clone is one transaction, recorded as creations.
"""

from __future__ import annotations

import uuid
from typing import Any

from ..domain.agent import Agent
from ..domain.crew import Crew
from ..domain.errors import ValidationFailed
from ..domain.task import Task
from .base import ServiceBase, Work, taken

_NOT_COPIED = {"id", "version", "created_at", "updated_at", "members"}


def _values(record: Any, **changes: Any) -> dict[str, Any]:
    data = {k: v for k, v in record.model_dump().items() if k not in _NOT_COPIED}
    data.update(changes)
    return data


def _copy_agent(w: Work, source: Agent, new_key: str) -> uuid.UUID:
    if w.agents.by_key(new_key) is not None:
        raise ValidationFailed.single("agent_key", f"'{new_key}' is already taken")
    row = w.agents.add(Agent.validated(_values(source, agent_key=new_key)))
    return row.id


class CloneServices(ServiceBase):
    def clone_agent(self, key: str, new_key: str) -> Agent:
        """A copy of agent ``key`` under ``new_key`` (every setting, no crews or tasks)."""

        def run(w: Work) -> Agent:
            source = w.agents.to_domain(w.agents.require(key))
            return w.agents.to_domain(w.agents.require_id(_copy_agent(w, source, new_key)))

        return self._run(run)

    def clone_task(
        self, crew: str, name: str, new_name: str, *, to_crew: str | None = None
    ) -> Task:
        """A copy of task ``crew/name`` called ``new_name``, appended to ``to_crew`` (the same
        crew by default). Its context is kept within the same crew and cleared in another."""

        def run(w: Work) -> Task:
            crew_row = w.crews.require(crew)
            source = w.tasks.to_domain(w.tasks.require_name(crew_row, name))
            target = crew_row if to_crew is None else w.crews.require(to_crew)
            if w.tasks.by_name(target.id, new_name) is not None:
                raise taken("name")
            siblings = w.tasks.for_crew(target.id)
            values = _values(
                source,
                name=new_name,
                crew_id=target.id,
                sequence_order=len(siblings) + 1,
                context_task_ids=source.context_task_ids if target.id == crew_row.id else None,
            )
            return w.tasks.to_domain(w.tasks.add(Task.validated(values)))

        return self._run(run)

    def clone_crew(
        self, crew: str, new_name: str, *, copy_agents: bool = False, suffix: str = "-copy"
    ) -> Crew:
        """A copy of crew ``crew`` called ``new_name`` with its members and tasks.

        ``copy_agents``: members, manager and assigned agents are copied as ``<key><suffix>``;
        else the new crew shares the original's agents.
        """
        if copy_agents and not suffix:
            raise ValidationFailed.single("suffix", "is required when agents are copied")

        def run(w: Work) -> Crew:
            row = w.crews.require(crew)
            source = w.crews.to_domain(row)
            if w.crews.by_key(new_name) is not None:
                raise taken("crew_name")
            tasks = [w.tasks.to_domain(t) for t in w.tasks.for_crew(row.id)]
            agent_map: dict[uuid.UUID, uuid.UUID] = {}
            if copy_agents:
                wanted = [m.agent_id for m in source.members]
                wanted += [source.manager_agent_id] if source.manager_agent_id else []
                wanted += [t.assigned_agent_id for t in tasks if t.assigned_agent_id]
                for agent_id in dict.fromkeys(wanted):
                    agent = w.agents.to_domain(w.agents.require_id(agent_id))
                    agent_map[agent_id] = _copy_agent(w, agent, agent.agent_key + suffix)

            def mapped(a: uuid.UUID | None) -> uuid.UUID | None:
                return agent_map.get(a, a) if a else None

            new = w.crews.add(
                Crew.validated(
                    _values(
                        source, crew_name=new_name, manager_agent_id=mapped(source.manager_agent_id)
                    )
                )
            )
            w.crews.set_members(
                new,
                [(agent_map.get(m.agent_id, m.agent_id), m.role_in_crew) for m in source.members],
            )
            task_map = {t.id: uuid.uuid4() for t in tasks if t.id}
            for t in tasks:
                context = t.context_task_ids
                values = _values(
                    t,
                    id=task_map[t.id] if t.id else None,
                    crew_id=new.id,
                    assigned_agent_id=mapped(t.assigned_agent_id),
                    context_task_ids=None
                    if context is None
                    else [task_map[c] for c in context if c in task_map],
                )
                w.tasks.add(Task.validated(values))
            return w.crews.to_domain(new)

        return self._run(run)
