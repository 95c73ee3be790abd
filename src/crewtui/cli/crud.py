"""``crewtui agents|crews|tasks|memory-configs|departments|tools ...`` and ``crewtui demo``.

Every command opens the database, runs one service call (one transaction) and prints the
result; errors leave with the exit codes documented in :mod:`crewtui.cli.common`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

import click

from ..domain.agent import Agent
from ..domain.base import Record
from ..domain.catalog import Department, MemoryConfig, Tool
from ..domain.crew import Crew
from ..domain.errors import ValidationFailed
from ..domain.fields import FieldSpec, fields_of, groups_of
from ..domain.task import Task
from ..services import Services, Store
from ..services.values import format_value, parse_assignments
from .common import db_option, echo_json, handle_errors, resolve_db

CELL = 40


@contextmanager
def open_services(db_url: str | None) -> Iterator[Services]:
    """Services on the database of ``--db`` (or the group's, the environment's, the default)."""
    ctx = click.get_current_context()
    with handle_errors():
        store = Store.open(resolve_db(ctx, db_url))
        try:
            yield Services(store)
        finally:
            store.dispose()


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[_cell(v) for v in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.upper().ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    text = format_value(value).replace("\n", " ")
    return text if len(text) <= CELL else text[: CELL - 1] + "…"


def record_json(record: Record, *, versioned: bool = True) -> dict[str, Any]:
    data = record.model_dump(mode="json", exclude={"members"})
    if not versioned:
        data.pop("version", None)
    return data


def show_text(record: Record, names: dict[str, str], *, versioned: bool = True) -> str:
    """Every field, grouped by the sections declared on the model; ids shown by their key."""
    model = type(record)
    lines: list[str] = []
    width = max(len(f.label) for f in fields_of(model))
    for group in groups_of(model):
        lines.append(f"[{group}]")
        for f in fields_of(model):
            if f.group != group or (f.name == "version" and not versioned):
                continue
            lines.append(f"  {f.label.ljust(width)}  {_display(f, getattr(record, f.name), names)}")
    return "\n".join(lines)


def _display(f: FieldSpec, value: Any, names: dict[str, str]) -> str:
    if f.kind == "ref" and value is not None:
        return names.get(str(value), str(value))
    if f.kind == "uuid_list" and value is not None:
        return "[" + ", ".join(names.get(str(v), str(v)) for v in value) + "]" if value else "[] (none)"
    if f.kind == "uuid_list":
        return "(default: all previous outputs)"
    text = format_value(value, f.kind)
    return text.replace("\n", "\n" + " " * 4) if text else "-"


def ref_names(services: Services) -> dict[str, str]:
    """Display names of the rows a record may point at, by id."""
    names = {str(d.id): d.department_key for d in services.list_departments()}
    names.update({str(m.id): m.name for m in services.list_memory_configs()})
    names.update({str(c.id): c.crew_name for c in services.list_crews()})
    return names


def _agent_names(services: Services, ids: Sequence[Any]) -> dict[str, str]:
    return {str(i): services.get_agent_by_id(i).agent_key for i in ids if i}


def split_task(ref: str) -> tuple[str, str]:
    crew, sep, name = ref.partition("/")
    if not sep or not crew or not name:
        raise ValidationFailed.single("task", f"'{ref}' must be written CREW/TASK")
    return crew, name


def _done(message: str) -> None:
    click.echo(message)


# ---------------------------------------------------------------- generic entity groups


@dataclass(frozen=True)
class Entity:
    noun: str
    model: type[Record]
    versioned: bool
    headers: tuple[str, ...]
    row: Callable[[Record], tuple[Any, ...]]
    list_: Callable[[Services], Sequence[Record]]
    get: Callable[[Services, str], Record]
    create: Callable[[Services, dict[str, Any]], Record]
    update: Callable[[Services, str, dict[str, Any], int | None], Record]
    delete: Callable[[Services, str], None]


def entity_group(e: Entity, name: str, help_text: str) -> click.Group:
    key_field = e.model.key_field

    @click.group(name=name, help=help_text)
    def group() -> None:
        pass

    @group.command("list")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON.")
    @db_option
    def list_cmd(as_json: bool, db_url: str | None) -> None:
        """List them all."""
        with open_services(db_url) as s:
            items = e.list_(s)
            if as_json:
                echo_json([record_json(i, versioned=e.versioned) for i in items])
            else:
                click.echo(table(e.headers, [e.row(i) for i in items]))

    @group.command("show")
    @click.argument("key")
    @click.option("--json", "as_json", is_flag=True, help="Print every column as JSON.")
    @db_option
    def show_cmd(key: str, as_json: bool, db_url: str | None) -> None:
        """Every field, grouped by section."""
        with open_services(db_url) as s:
            record = e.get(s, key)
            if as_json:
                echo_json(record_json(record, versioned=e.versioned))
            else:
                click.echo(show_text(record, ref_names(s), versioned=e.versioned))

    @group.command("create")
    @click.argument("key")
    @click.argument("assignments", nargs=-1, metavar="FIELD=VALUE...")
    @db_option
    def create_cmd(key: str, assignments: tuple[str, ...], db_url: str | None) -> None:
        """Create one; fields not given take their defaults."""
        with open_services(db_url) as s:
            values = parse_assignments(e.model, assignments)
            values[key_field] = key
            record = e.create(s, values)
            _done(f"created {e.noun} '{record.key}'" + (f" (version {record.version})" if e.versioned else ""))

    @group.command("set")
    @click.argument("key")
    @click.argument("assignments", nargs=-1, required=True, metavar="FIELD=VALUE...")
    @click.option("--if-version", type=int, default=None, help="Refuse (exit 3) unless the stored version is N.")
    @db_option
    def set_cmd(key: str, assignments: tuple[str, ...], if_version: int | None, db_url: str | None) -> None:
        """Change fields; `FIELD=` or `FIELD=null` clears an optional field."""
        with open_services(db_url) as s:
            if if_version is not None and not e.versioned:
                raise ValidationFailed.single("--if-version", f"{e.noun}s have no version")
            record = e.update(s, key, parse_assignments(e.model, assignments), if_version)
            _done(f"saved {e.noun} '{record.key}'" + (f" (version {record.version})" if e.versioned else ""))

    @group.command("delete")
    @click.argument("key")
    @db_option
    def delete_cmd(key: str, db_url: str | None) -> None:
        """Delete one; refused (exit 5) while something still refers to it."""
        with open_services(db_url) as s:
            e.delete(s, key)
            _done(f"deleted {e.noun} '{key}'")

    return group


# ---------------------------------------------------------------- agents


agents = entity_group(
    Entity(
        noun="agent", model=Agent, versioned=True, headers=(), row=lambda r: (),
        list_=lambda s: [], get=lambda s, k: s.get_agent(k),
        create=lambda s, v: s.create_agent(v),
        update=lambda s, k, c, v: s.update_agent(k, c, expected_version=v),
        delete=lambda s, k: s.delete_agent(k),
    ),
    "agents",
    "Agents: list, show, create, set, delete.",
)


@agents.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--filter", "text", default="", help="Only agents whose key, name, role or department contains TEXT.")
@click.option("--sort", default="agent_key", show_default=True, help="agent_key, name, role, status, llm_model, department_name.")
@click.option("--desc", is_flag=True, help="Sort descending.")
@click.option("--limit", type=int, default=None)
@click.option("--offset", type=int, default=0)
@db_option
def agents_list(as_json: bool, text: str, sort: str, desc: bool, limit: int | None, offset: int, db_url: str | None) -> None:
    """List agents."""
    with open_services(db_url) as s:
        rows = s.list_agents(text, sort=sort, descending=desc, limit=limit, offset=offset)
        if as_json:
            echo_json([asdict(r) for r in rows])
        else:
            click.echo(table(
                ("key", "name", "role", "dept", "llm", "status", "flags"),
                [(r.agent_key, r.name, r.role, r.department_key, r.llm_model, r.status, r.flags) for r in rows],
            ))


@agents.command("show")
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print every column as JSON.")
@db_option
def agents_show(key: str, as_json: bool, db_url: str | None) -> None:
    """Every field of an agent, grouped by section, and where it is used."""
    with open_services(db_url) as s:
        agent = s.get_agent(key)
        if as_json:
            echo_json(record_json(agent))
            return
        click.echo(show_text(agent, ref_names(s)))
        usage = s.agent_usage(key)
        crews = ", ".join(f"{c.crew_name} ({c.role_in_crew or '-'}, #{c.position})" for c in usage.crews) or "-"
        click.echo(f"[Usage]\n  Crews: {crews}\n  Manager of: {', '.join(usage.manager_of) or '-'}\n  Tasks: {usage.task_count}")


# ---------------------------------------------------------------- crews


def _crew_json(s: Services, crew: Crew) -> dict[str, Any]:
    data = record_json(crew)
    data["members"] = [
        {"agent_key": m.agent_key, "role_in_crew": m.role_in_crew, "sequence_order": m.sequence_order}
        for m in crew.members
    ]
    data["tasks"] = [record_json(t) for t in s.list_tasks(crew.crew_name)]
    return data


crews = entity_group(
    Entity(
        noun="crew", model=Crew, versioned=True,
        headers=("name", "process", "members", "status", "version"),
        row=lambda c: (c.crew_name, c.process_type, len(c.members), c.status, c.version),  # type: ignore[attr-defined]
        list_=lambda s: s.list_crews(), get=lambda s, k: s.get_crew(k),
        create=lambda s, v: s.create_crew(v),
        update=lambda s, k, c, v: s.update_crew(k, c, expected_version=v),
        delete=lambda s, k: s.delete_crew(k),
    ),
    "crews",
    "Crews, their ordered members and settings.",
)


@crews.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Every column plus members and tasks in order.")
@db_option
def crews_show(name: str, as_json: bool, db_url: str | None) -> None:
    """Every field of a crew, its members and its tasks in order."""
    with open_services(db_url) as s:
        crew = s.get_crew(name)
        if as_json:
            echo_json(_crew_json(s, crew))
            return
        names = ref_names(s) | _agent_names(s, [crew.manager_agent_id])
        click.echo(show_text(crew, names))
        click.echo("[Members]")
        for m in crew.members:
            click.echo(f"  {m.sequence_order}. {m.agent_key}  ({m.role_in_crew or '-'})  {m.role}")
        tasks_ = s.list_tasks(name)
        click.echo("[Tasks]")
        agent_names = _agent_names(s, [t.assigned_agent_id for t in tasks_])
        task_names = {str(t.id): t.name for t in tasks_}
        for t in tasks_:
            ctx = "all previous" if t.context_task_ids is None else ", ".join(task_names.get(str(i), str(i)) for i in t.context_task_ids) or "none"
            agent = agent_names.get(str(t.assigned_agent_id), "-")
            click.echo(f"  {t.sequence_order}. {t.name}  agent: {agent}  context: {ctx}" + ("  async" if t.async_execution else ""))


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
        _done(f"deleted crew '{name}'" + (f" and its {n} task(s)" if n else ""))


def _print_members(crew: Crew) -> None:
    click.echo(table(("#", "agent", "role in crew"), [(m.sequence_order, m.agent_key, m.role_in_crew) for m in crew.members]))


@crews.command("add-member")
@click.argument("crew")
@click.argument("agent")
@click.option("--role", "role", default=None, help="The agent's role in this crew (lead, analyst, ...).")
@click.option("--position", type=int, default=None, help="1-based position; default: at the end.")
@db_option
def crews_add_member(crew: str, agent: str, role: str | None, position: int | None, db_url: str | None) -> None:
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
    "context": FieldSpec("context", "Dependencies", "Context", "Task names.", "uuid_list", ref="task", optional=True),
}


@click.group(help="Tasks of a crew, addressed as CREW/TASK.")
def tasks() -> None:
    pass


def _print_tasks(items: Sequence[Task]) -> None:
    names = {t.id: t.name for t in items}
    click.echo(table(
        ("#", "name", "async", "context"),
        [(t.sequence_order, t.name, t.async_execution,
          "all previous" if t.context_task_ids is None else ", ".join(names.get(i, str(i)) for i in t.context_task_ids) or "none")
         for t in items],
    ))


@tasks.command("list")
@click.argument("crew", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def tasks_list(crew: str | None, as_json: bool, db_url: str | None) -> None:
    """Tasks of CREW in execution order (of every crew without CREW)."""
    with open_services(db_url) as s:
        crew_names = [crew] if crew else [c.crew_name for c in s.list_crews()]
        rows: list[tuple[str, Task]] = [(c, t) for c in crew_names for t in s.list_tasks(c)]
        if as_json:
            echo_json([{"crew": c, **record_json(t)} for c, t in rows])
            return
        agent_names = _agent_names(s, list({t.assigned_agent_id for _, t in rows if t.assigned_agent_id}))
        click.echo(table(
            ("crew", "#", "name", "agent", "async", "status"),
            [(c, t.sequence_order, t.name, agent_names.get(str(t.assigned_agent_id), ""), t.async_execution, t.status) for c, t in rows],
        ))


@tasks.command("show")
@click.argument("ref", metavar="CREW/TASK")
@click.option("--json", "as_json", is_flag=True, help="Print every column as JSON.")
@db_option
def tasks_show(ref: str, as_json: bool, db_url: str | None) -> None:
    """Every field of a task, grouped by section."""
    with open_services(db_url) as s:
        crew, name = split_task(ref)
        task = s.get_task(crew, name)
        if as_json:
            echo_json(record_json(task))
            return
        names = ref_names(s) | _agent_names(s, [task.assigned_agent_id])
        names |= {str(t.id): t.name for t in s.list_tasks(crew)}
        click.echo(show_text(task, names))


@tasks.command("create")
@click.argument("ref", metavar="CREW/TASK")
@click.argument("assignments", nargs=-1, metavar="FIELD=VALUE...")
@click.option("--position", type=int, default=None, help="1-based position; default: at the end.")
@db_option
def tasks_create(ref: str, assignments: tuple[str, ...], position: int | None, db_url: str | None) -> None:
    """Create a task; `agent=KEY` and `context=a,b` name the agent and earlier tasks."""
    with open_services(db_url) as s:
        crew, name = split_task(ref)
        values = parse_assignments(Task, assignments, extra=_TASK_EXTRA)
        values["name"] = name
        if position is not None:
            values["position"] = position
        task = s.create_task(crew, values)
        _done(f"created task '{crew}/{task.name}' at position {task.sequence_order}")


@tasks.command("set")
@click.argument("ref", metavar="CREW/TASK")
@click.argument("assignments", nargs=-1, required=True, metavar="FIELD=VALUE...")
@click.option("--if-version", type=int, default=None, help="Refuse (exit 3) unless the stored version is N.")
@db_option
def tasks_set(ref: str, assignments: tuple[str, ...], if_version: int | None, db_url: str | None) -> None:
    """Change fields of a task."""
    with open_services(db_url) as s:
        crew, name = split_task(ref)
        values = parse_assignments(Task, assignments, extra=_TASK_EXTRA)
        task = s.update_task(crew, name, values, expected_version=if_version)
        _done(f"saved task '{crew}/{task.name}' (version {task.version})")


@tasks.command("delete")
@click.argument("ref", metavar="CREW/TASK")
@db_option
def tasks_delete(ref: str, db_url: str | None) -> None:
    """Delete a task; refused (exit 5) while other tasks take it as context."""
    with open_services(db_url) as s:
        crew, name = split_task(ref)
        s.delete_task(crew, name)
        _done(f"deleted task '{crew}/{name}'")


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
@click.option("--default", "default", is_flag=True, help="Unset: crewai passes all previous outputs.")
@db_option
def tasks_context(ref: str, names: tuple[str, ...], none_: bool, default: bool, db_url: str | None) -> None:
    """Set the tasks whose outputs a task reads, by name."""
    with open_services(db_url) as s:
        crew, name = split_task(ref)
        if sum((bool(names), none_, default)) != 1:
            raise ValidationFailed.single("context", "give task names, --none or --default (one of them)")
        context = None if default else [] if none_ else list(names)
        s.set_context(crew, name, context)
        _print_tasks(s.list_tasks(crew))


# ---------------------------------------------------------------- catalog

memory_configs = entity_group(
    Entity(
        noun="memory config", model=MemoryConfig, versioned=True,
        headers=("name", "storage", "short", "long", "entity", "embedder", "version"),
        row=lambda m: (m.name, m.storage_type, m.short_term_enabled, m.long_term_enabled,  # type: ignore[attr-defined]
                       m.entity_enabled, m.embedder_model, m.version),  # type: ignore[attr-defined]
        list_=lambda s: s.list_memory_configs(), get=lambda s, k: s.get_memory_config(k),
        create=lambda s, v: s.create_memory_config(v),
        update=lambda s, k, c, v: s.update_memory_config(k, c, expected_version=v),
        delete=lambda s, k: s.delete_memory_config(k),
    ),
    "memory-configs",
    "Memory configurations agents refer to by name.",
)

departments = entity_group(
    Entity(
        noun="department", model=Department, versioned=False,
        headers=("key", "name", "order"),
        row=lambda d: (d.department_key, d.name, d.sort_order),  # type: ignore[attr-defined]
        list_=lambda s: s.list_departments(), get=lambda s, k: s.get_department(k),
        create=lambda s, v: s.create_department(v),
        update=lambda s, k, c, _v: s.update_department(k, c),
        delete=lambda s, k: s.delete_department(k),
    ),
    "departments",
    "Departments agents belong to.",
)

tools = entity_group(
    Entity(
        noun="tool", model=Tool, versioned=False,
        headers=("key", "name", "class", "api key", "status"),
        row=lambda t: (t.tool_key, t.name, t.tool_class, t.requires_api_key, t.status),  # type: ignore[attr-defined]
        list_=lambda s: s.list_tools(), get=lambda s, k: s.get_tool(k),
        create=lambda s, v: s.create_tool(v),
        update=lambda s, k, c, _v: s.update_tool(k, c),
        delete=lambda s, k: s.delete_tool(k),
    ),
    "tools",
    "The tool registry agents and tasks name tools from.",
)


@click.command(help="Load the demo data (departments, agents, tools, two crews); running it again changes nothing.")
@db_option
def demo(db_url: str | None) -> None:
    from ..services.demo import load_demo

    with open_services(db_url) as s:
        _done(load_demo(s).summary())
