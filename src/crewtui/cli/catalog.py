"""``crewtui memory-configs|departments|tools ...`` and ``crewtui demo``."""

from __future__ import annotations

import click

from ..services.kinds import DEPARTMENT, MEMORY_CONFIG, TOOL
from .common import db_option
from .entity import Entity, entity_group
from .records import open_services

memory_configs = entity_group(
    Entity(
        MEMORY_CONFIG,
        "Memory configurations agents refer to by name.",
        headers=("name", "storage", "short", "long", "entity", "embedder", "version"),
        row=lambda m: (
            m.name,
            m.storage_type,
            m.short_term_enabled,
            m.long_term_enabled,
            m.entity_enabled,
            m.embedder_model,
            m.version,
        ),
    )
)

departments = entity_group(
    Entity(
        DEPARTMENT,
        "Departments agents belong to.",
        headers=("key", "name", "order"),
        row=lambda d: (d.department_key, d.name, d.sort_order),
    )
)

tools = entity_group(
    Entity(
        TOOL,
        "The tool registry agents and tasks name tools from.",
        headers=("key", "name", "class", "api key", "status"),
        row=lambda t: (t.tool_key, t.name, t.tool_class, t.requires_api_key, t.status),
    )
)


@click.command(
    help=(
        "Load the demo data (departments, agents, tools, two crews); running it again changes "
        "nothing."
    )
)
@db_option
def demo(db_url: str | None) -> None:
    from ..services.demo import load_demo

    with open_services(db_url) as s:
        click.echo(load_demo(s).summary())
