"""Demo data: loading it twice changes nothing."""

from __future__ import annotations

from typing import Any

from . import demo_data
from .facade import Services
from .types import DemoReport


def is_empty(services: Services) -> bool:
    """No agents, crews or departments yet (the demo is offered only then)."""
    return (
        services.count_agents() == 0
        and not services.list_crews()
        and not services.list_departments()
    )


def _count(report: DemoReport, kind: str, created: bool) -> None:
    bucket = report.created if created else report.existing
    bucket[kind] = bucket.get(kind, 0) + 1
    (report.existing if created else report.created).setdefault(kind, 0)


def load_demo(services: Services) -> DemoReport:
    """Add whatever part of the demo organisation is missing; existing rows are left alone."""
    report = DemoReport()

    have = {d.department_key for d in services.list_departments()}
    for order, (key, name, description, parent) in enumerate(demo_data.DEPARTMENTS):
        # parents come first in the list, so they exist when a child names them
        new = key not in have
        if new:
            services.create_department(
                {
                    "department_key": key,
                    "name": name,
                    "description": description,
                    "parent_department_id": parent,
                    "sort_order": order,
                }
            )
            have.add(key)
        _count(report, "departments", new)

    have = {m.name for m in services.list_memory_configs()}
    for values in demo_data.MEMORY_CONFIGS:
        new = values["name"] not in have
        if new:
            services.create_memory_config(values)
        _count(report, "memory configs", new)

    have = {t.tool_key for t in services.list_tools()}
    for values in demo_data.TOOLS:
        new = values["tool_key"] not in have
        if new:
            services.create_tool(demo_data.with_jsonb_order(values))
        _count(report, "tools", new)

    have = {a.agent_key for a in services.list_agents()}
    for values in demo_data.agents():
        new = values["agent_key"] not in have
        if new:
            services.create_agent(demo_data.with_jsonb_order(values))
        _count(report, "agents", new)

    have = {c.crew_name for c in services.list_crews()}
    for crew in demo_data.CREWS:
        name = crew["values"]["crew_name"]
        new = name not in have
        if new:
            _create_crew(services, crew)
        _count(report, "crews", new)

    have = {f.flow_key for f in services.list_flows()}
    for values in demo_data.FLOWS:
        new = values["flow_key"] not in have
        if new:
            services.create_flow(values)
        _count(report, "flows", new)
    return report


def _create_crew(services: Services, crew: dict[str, Any]) -> None:
    name = crew["values"]["crew_name"]
    services.create_crew(crew["values"])
    services.set_members(name, list(crew["members"]))
    for task in crew["tasks"]:
        services.create_task(name, demo_data.with_jsonb_order(task))
