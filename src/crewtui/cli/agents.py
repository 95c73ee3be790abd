"""``crewtui agents list|show|create|set|delete``."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

import click

from ..services.kinds import AGENT, Key
from .common import db_option, echo_json
from .entity import Entity, Show, entity_group
from .records import open_services, table

if TYPE_CHECKING:
    from ..domain.agent import Agent
    from ..services import Services


def _agent_usage(s: Services, key: Key, _agent: Agent) -> list[str]:
    usage = s.agent_usage(key[0])
    crews_ = (
        ", ".join(f"{c.crew_name} ({c.role_in_crew or '-'}, #{c.position})" for c in usage.crews)
        or "-"
    )
    return [
        "[Usage]",
        f"  Crews: {crews_}",
        f"  Manager of: {', '.join(usage.manager_of) or '-'}",
        f"  Tasks: {usage.task_count}",
    ]


def _quick_set(
    url: str, key: str, assignments: tuple[str, ...], if_version: int | None, user: str
) -> int | None:
    from ..services.quick_set import set_agent

    return set_agent(url, key, assignments, expected_version=if_version, actor=user)


def _quick_agent(url: str, key: str) -> dict[str, object] | None:
    from ..services.quick import agent_json

    return agent_json(url, key)


agents = entity_group(
    Entity(
        AGENT,
        "Agents: list, show, create, set, delete.",
        own=frozenset({"list"}),
        helps={"show": "Every field of an agent, grouped by section, and where it is used."},
        show=Show(more=_agent_usage, quick_json=_quick_agent),
        quick_set=_quick_set,
    )
)


@agents.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--filter",
    "text",
    default="",
    help="Only agents whose key, name, role or department contains TEXT.",
)
@click.option(
    "--sort",
    default="agent_key",
    show_default=True,
    help="agent_key, name, role, status, llm_model, department_name.",
)
@click.option("--desc", is_flag=True, help="Sort descending.")
@click.option("--limit", type=int, default=None)
@click.option("--offset", type=int, default=0)
@db_option
def agents_list(
    as_json: bool,
    text: str,
    sort: str,
    desc: bool,
    limit: int | None,
    offset: int,
    db_url: str | None,
) -> None:
    """List agents."""
    with open_services(db_url) as s:
        rows = s.list_agents(text, sort=sort, descending=desc, limit=limit, offset=offset)
        if as_json:
            echo_json([asdict(r) for r in rows])
        else:
            click.echo(
                table(
                    ("key", "name", "role", "dept", "llm", "status", "flags"),
                    [
                        (
                            r.agent_key,
                            r.name,
                            r.role,
                            r.department_key,
                            r.llm_model,
                            r.status,
                            r.flags,
                        )
                        for r in rows
                    ],
                )
            )
