"""``crewtui tasks ...``: the tasks of a crew, addressed as CREW/TASK."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from ..domain.errors import ValidationFailed
from ..services.kinds import TASK, Key, split_task
from .common import db_option, read_command
from .entity import Entity, Show, entity_group
from .records import agent_names, context_text, open_services, record_json, ref_names, table

if TYPE_CHECKING:
    from ..domain.fields import FieldSpec
    from ..domain.task import Task
    from ..services import Services


def _task_extra() -> dict[str, FieldSpec]:
    """Names a task command takes besides the model's fields: the agent by key and the
    context by task names."""
    from ..domain.fields import FieldSpec

    return {
        "agent": FieldSpec(
            "agent", "Basic", "Agent", "Agent key.", "ref", ref="agent", optional=True
        ),
        "context": FieldSpec(
            "context",
            "Dependencies",
            "Context",
            "Task names.",
            "uuid_list",
            ref="task",
            optional=True,
        ),
    }


def _task_names(s: Services, key: Key, task: Task) -> dict[str, str]:
    names = ref_names(s) | agent_names(s, [task.assigned_agent_id])
    return names | {str(t.id): t.name for t in s.list_tasks(key[0])}


tasks = entity_group(
    Entity(
        TASK,
        "Tasks of a crew, addressed as CREW/TASK.",
        own=frozenset({"list", "create"}),
        extra_fields=_task_extra,
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
            [(t.sequence_order, t.name, t.async_execution, context_text(t, names)) for t in items],
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
    from ..services.values import parse_assignments

    with open_services(db_url) as s:
        crew, name = split_task(ref)
        values = parse_assignments(TASK.model, assignments, extra=_task_extra())
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
