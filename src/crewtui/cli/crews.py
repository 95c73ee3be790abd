"""``crewtui crews ...``: crews, their ordered members and settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from ..services.kinds import CREW, Key
from .common import db_option
from .entity import Entity, Show, entity_group
from .records import agent_names, context_text, open_services, record_json, ref_names, table

if TYPE_CHECKING:
    from ..domain.crew import Crew
    from ..services import Services


def _crew_json(s: Services, crew: Crew) -> dict[str, Any]:
    data = record_json(crew)
    data["members"] = [
        {
            "agent_key": m.agent_key,
            "role_in_crew": m.role_in_crew,
            "sequence_order": m.sequence_order,
        }
        for m in crew.members
    ]
    data["tasks"] = [record_json(t) for t in s.list_tasks(crew.crew_name)]
    return data


def _crew_names(s: Services, _key: Key, crew: Crew) -> dict[str, str]:
    return ref_names(s) | agent_names(s, [crew.manager_agent_id])


def _crew_members_and_tasks(s: Services, key: Key, crew: Crew) -> list[str]:
    lines = ["[Members]"]
    lines += [
        f"  {m.sequence_order}. {m.agent_key}  ({m.role_in_crew or '-'})  {m.role}"
        for m in crew.members
    ]
    lines.append("[Tasks]")
    tasks_ = s.list_tasks(key[0])
    agents_ = agent_names(s, [t.assigned_agent_id for t in tasks_])
    task_names = {str(t.id): t.name for t in tasks_}
    for t in tasks_:
        agent = agents_.get(str(t.assigned_agent_id), "-")
        lines.append(
            f"  {t.sequence_order}. {t.name}  agent: {agent}  context: "
            f"{context_text(t, task_names)}" + ("  async" if t.async_execution else "")
        )
    return lines


def _quick_crews(url: str) -> list[dict[str, Any]] | None:
    from ..services.quick import crews_json

    return crews_json(url)


crews = entity_group(
    Entity(
        CREW,
        "Crews, their ordered members and settings.",
        own=frozenset({"delete"}),
        headers=("name", "process", "members", "status", "version"),
        row=lambda c: (c.crew_name, c.process_type, len(c.members), c.status, c.version),
        helps={"show": "Every field of a crew, its members and its tasks in order."},
        show=Show(
            json_help="Every column plus members and tasks in order.",
            names=_crew_names,
            more=_crew_members_and_tasks,
            as_json=_crew_json,
        ),
        quick_list_json=_quick_crews,
    )
)


@crews.command("delete")
@click.argument("name")
@click.option("--yes", "-y", is_flag=True, help="Do not ask, even when the crew has tasks.")
@db_option
def crews_delete(name: str, yes: bool, db_url: str | None) -> None:
    """Delete a crew together with its tasks and memberships (the agents stay)."""
    with open_services(db_url) as s:
        n = len(s.list_tasks(name))
        if n and not yes:
            click.confirm(f"Crew '{name}' has {n} task(s); delete them with it?", abort=True)
        s.delete_crew(name)
        click.echo(f"deleted crew '{name}'" + (f" and its {n} task(s)" if n else ""))


def _print_members(crew: Crew) -> None:
    click.echo(
        table(
            ("#", "agent", "role in crew"),
            [(m.sequence_order, m.agent_key, m.role_in_crew) for m in crew.members],
        )
    )


@crews.command("add-member")
@click.argument("crew")
@click.argument("agent")
@click.option(
    "--role", "role", default=None, help="The agent's role in this crew (lead, analyst, ...)."
)
@click.option("--position", type=int, default=None, help="1-based position; default: at the end.")
@db_option
def crews_add_member(
    crew: str, agent: str, role: str | None, position: int | None, db_url: str | None
) -> None:
    """Add AGENT to CREW."""
    with open_services(db_url) as s:
        _print_members(s.add_member(crew, agent, role_in_crew=role, position=position))


@crews.command("remove-member")
@click.argument("crew")
@click.argument("agent")
@db_option
def crews_remove_member(crew: str, agent: str, db_url: str | None) -> None:
    """Remove AGENT from CREW (the agent itself stays)."""
    with open_services(db_url) as s:
        _print_members(s.remove_member(crew, agent))


@crews.command("move-member")
@click.argument("crew")
@click.argument("agent")
@click.argument("position", type=int)
@db_option
def crews_move_member(crew: str, agent: str, position: int, db_url: str | None) -> None:
    """Move AGENT to POSITION (1-based) in CREW."""
    with open_services(db_url) as s:
        _print_members(s.move_member(crew, agent, position))


@crews.command("member-role")
@click.argument("crew")
@click.argument("agent")
@click.argument("role", required=False)
@db_option
def crews_member_role(crew: str, agent: str, role: str | None, db_url: str | None) -> None:
    """Set (or, without ROLE, clear) AGENT's role in CREW."""
    with open_services(db_url) as s:
        _print_members(s.set_member_role(crew, agent, role or None))
