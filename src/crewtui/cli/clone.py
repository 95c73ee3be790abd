"""``crewtui clone agent|task|crew``: duplicate a record (a crew with its tasks)."""

from __future__ import annotations

import click

from .common import db_option
from .records import open_services, split_task


@click.group("clone")
def clone() -> None:
    """Duplicate an agent, a task, or a crew with its tasks."""


@clone.command("agent")
@click.argument("key", metavar="KEY")
@click.argument("new_key", metavar="NEW_KEY")
@db_option
def clone_agent(key: str, new_key: str, db_url: str | None) -> None:
    """A copy of agent KEY with every setting, as NEW_KEY."""
    with open_services(db_url) as s:
        agent = s.clone_agent(key, new_key)
        click.echo(f"cloned agent '{key}' as '{agent.agent_key}'")


@clone.command("task")
@click.argument("ref", metavar="CREW/TASK")
@click.argument("new_name", metavar="NEW_NAME")
@click.option("--to", "to_crew", metavar="CREW", default=None, help="Append it to another crew.")
@db_option
def clone_task(ref: str, new_name: str, to_crew: str | None, db_url: str | None) -> None:
    """A copy of the task, appended to its crew (or to --to CREW, without its context)."""
    with open_services(db_url) as s:
        crew, name = split_task(ref)
        task = s.clone_task(crew, name, new_name, to_crew=to_crew)
        click.echo(f"cloned task '{ref}' as '{to_crew or crew}/{task.name}'")


@clone.command("crew")
@click.argument("crew", metavar="CREW")
@click.argument("new_name", metavar="NEW_NAME")
@click.option(
    "--copy-agents",
    is_flag=True,
    help="Give the new crew its own copies of the agents (else it shares them).",
)
@click.option(
    "--suffix", default="-copy", show_default=True, help="Added to the keys of copied agents."
)
@db_option
def clone_crew(
    crew: str, new_name: str, copy_agents: bool, suffix: str, db_url: str | None
) -> None:
    """A copy of CREW with its settings, members in order and tasks."""
    with open_services(db_url) as s:
        new = s.clone_crew(crew, new_name, copy_agents=copy_agents, suffix=suffix)
        how = f"agents copied ({suffix})" if copy_agents else "agents shared"
        tasks = len(s.list_tasks(new.crew_name))
        click.echo(
            f"cloned crew '{crew}' as '{new.crew_name}': {len(new.members)} members, "
            f"{tasks} tasks, {how}"
        )
