"""``crewtui agents|crews|tasks|memory-configs|departments|tools ...`` and ``crewtui demo``.

Every command opens the database, runs one service call (one transaction) and prints the
result; errors leave with the exit codes documented in :mod:`crewtui.cli.common`. Each group
is an :class:`~crewtui.cli.entity.Entity` (its ``list``, ``show``, ``create``, ``set`` and
``delete``) plus the commands only that kind of record has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import click

from ..domain.agent import Agent
from ..domain.catalog import Department, MemoryConfig, Tool
from ..domain.crew import Crew
from ..domain.errors import ValidationFailed
from ..domain.fields import FieldSpec
from ..domain.task import Task
from ..services import Services
from ..services.values import parse_assignments
from .common import db_option, echo_json, read_command
from .entity import Entity, Key, Show, entity_group
from .records import agent_names, open_services, record_json, ref_names, split_task, table

# ---------------------------------------------------------------- agents


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


agents = entity_group(
    Entity(
        "agents",
        "Agents: list, show, create, set, delete.",
        "agent",
        Agent,
        own=frozenset({"list"}),
        helps={"show": "Every field of an agent, grouped by section, and where it is used."},
        show=Show(more=_agent_usage),
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


# ---------------------------------------------------------------- crews


def _context_text(task: Task, names: dict[str, str]) -> str:
    if task.context_task_ids is None:
        return "all previous"
    return ", ".join(names.get(str(i), str(i)) for i in task.context_task_ids) or "none"


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
            f"  {t.sequence_order}. {t.name}  agent: {agent}  context: {_context_text(t, task_names)}"
            + ("  async" if t.async_execution else "")
        )
    return lines


crews = entity_group(
    Entity(
        "crews",
        "Crews, their ordered members and settings.",
        "crew",
        Crew,
        key="NAME",
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


# ---------------------------------------------------------------- tasks

_TASK_EXTRA = {
    "agent": FieldSpec("agent", "Basic", "Agent", "Agent key.", "ref", ref="agent", optional=True),
    "context": FieldSpec(
        "context", "Dependencies", "Context", "Task names.", "uuid_list", ref="task", optional=True
    ),
}


def _task_names(s: Services, key: Key, task: Task) -> dict[str, str]:
    names = ref_names(s) | agent_names(s, [task.assigned_agent_id])
    return names | {str(t.id): t.name for t in s.list_tasks(key[0])}


tasks = entity_group(
    Entity(
        "tasks",
        "Tasks of a crew, addressed as CREW/TASK.",
        "task",
        Task,
        key="CREW/TASK",
        split_key=split_task,
        own=frozenset({"list", "create"}),
        extra_fields=_TASK_EXTRA,
        helps={
            "show": "Every field of a task, grouped by section.",
            "set": "Change fields of a task.",
            "delete": "Delete a task; refused (exit 5) while other tasks take it as context.",
        },
        show=Show(names=_task_names),
    )
)


def _print_tasks(items: Sequence[Task]) -> None:
    names = {str(t.id): t.name for t in items}
    click.echo(
        table(
            ("#", "name", "async", "context"),
            [(t.sequence_order, t.name, t.async_execution, _context_text(t, names)) for t in items],
        )
    )


def _tasks_of(s: Services, crew: str | None) -> list[tuple[str, Task]]:
    crew_names = [crew] if crew else [c.crew_name for c in s.list_crews()]
    return [(c, t) for c in crew_names for t in s.list_tasks(c)]


def _tasks_table(s: Services, rows: list[tuple[str, Task]]) -> None:
    agents_ = agent_names(s, list({t.assigned_agent_id for _, t in rows if t.assigned_agent_id}))
    click.echo(
        table(
            ("crew", "#", "name", "agent", "async", "status"),
            [
                (
                    c,
                    t.sequence_order,
                    t.name,
                    agents_.get(str(t.assigned_agent_id), ""),
                    t.async_execution,
                    t.status,
                )
                for c, t in rows
            ],
        )
    )


read_command(
    tasks,
    "list",
    argument="CREW",
    optional=True,
    help="Tasks of CREW in execution order (of every crew without CREW).",
    json_help="Print JSON.",
    open_=open_services,
    fetch=_tasks_of,
    to_json=lambda _s, rows: [{"crew": c, **record_json(t)} for c, t in rows],
    to_text=_tasks_table,
)


@tasks.command("create")
@click.argument("ref", metavar="CREW/TASK")
@click.argument("assignments", nargs=-1, metavar="FIELD=VALUE...")
@click.option("--position", type=int, default=None, help="1-based position; default: at the end.")
@db_option
def tasks_create(
    ref: str, assignments: tuple[str, ...], position: int | None, db_url: str | None
) -> None:
    """Create a task; `agent=KEY` and `context=a,b` name the agent and earlier tasks."""
    with open_services(db_url) as s:
        crew, name = split_task(ref)
        values = parse_assignments(Task, assignments, extra=_TASK_EXTRA)
        values["name"] = name
        if position is not None:
            values["position"] = position
        task = s.create_task(crew, values)
        click.echo(f"created task '{crew}/{task.name}' at position {task.sequence_order}")


@tasks.command("move")
@click.argument("ref", metavar="CREW/TASK")
@click.argument("position", type=int)
@db_option
def tasks_move(ref: str, position: int, db_url: str | None) -> None:
    """Move a task to POSITION (1-based) in its crew's execution order."""
    with open_services(db_url) as s:
        crew, name = split_task(ref)
        _print_tasks(s.move_task(crew, name, position))


@tasks.command("reorder")
@click.argument("crew")
@click.argument("names", nargs=-1, required=True)
@db_option
def tasks_reorder(crew: str, names: tuple[str, ...], db_url: str | None) -> None:
    """Put all tasks of CREW in the order NAMES (each task once)."""
    with open_services(db_url) as s:
        _print_tasks(s.reorder_tasks(crew, list(names)))


@tasks.command("context")
@click.argument("ref", metavar="CREW/TASK")
@click.argument("names", nargs=-1)
@click.option("--none", "none_", is_flag=True, help="Take no context at all ([]).")
@click.option(
    "--default", "default", is_flag=True, help="Unset: crewai passes all previous outputs."
)
@db_option
def tasks_context(
    ref: str, names: tuple[str, ...], none_: bool, default: bool, db_url: str | None
) -> None:
    """Set the tasks whose outputs a task reads, by name."""
    with open_services(db_url) as s:
        crew, name = split_task(ref)
        if sum((bool(names), none_, default)) != 1:
            raise ValidationFailed.single(
                "context", "give task names, --none or --default (one of them)"
            )
        context = None if default else [] if none_ else list(names)
        s.set_context(crew, name, context)
        _print_tasks(s.list_tasks(crew))


# ---------------------------------------------------------------- catalog

memory_configs = entity_group(
    Entity(
        "memory-configs",
        "Memory configurations agents refer to by name.",
        "memory config",
        MemoryConfig,
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
        "departments",
        "Departments agents belong to.",
        "department",
        Department,
        versioned=False,
        headers=("key", "name", "order"),
        row=lambda d: (d.department_key, d.name, d.sort_order),
    )
)

tools = entity_group(
    Entity(
        "tools",
        "The tool registry agents and tasks name tools from.",
        "tool",
        Tool,
        versioned=False,
        headers=("key", "name", "class", "api key", "status"),
        row=lambda t: (t.tool_key, t.name, t.tool_class, t.requires_api_key, t.status),
    )
)


@click.command(
    help="Load the demo data (departments, agents, tools, two crews); running it again changes nothing."
)
@db_option
def demo(db_url: str | None) -> None:
    from ..services.demo import load_demo

    with open_services(db_url) as s:
        click.echo(load_demo(s).summary())
