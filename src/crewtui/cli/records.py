"""Opening the services for one command, and printing records as tables, sections or JSON."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from .common import CliContext, handle_errors, resolve_db

if TYPE_CHECKING:
    from ..domain.base import Record
    from ..domain.fields import FieldSpec
    from ..domain.task import Task
    from ..services import Services

CELL = 40


@contextmanager
def open_services(db_url: str | None) -> Iterator[Services]:
    """Services on the database of ``--db`` (or the group's, the environment's, the default)."""
    from ..services.facade import Services
    from ..services.store import Store

    ctx = click.get_current_context()
    obj = ctx.find_object(CliContext)
    with handle_errors():
        store = Store.open(resolve_db(ctx, db_url))
        try:
            yield Services(store, user=obj.user if obj else None, via="cli")
        finally:
            store.dispose()


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Rows under upper-case headers; stored text never reaches the terminal as controls."""
    cells = [[_cell(v) for v in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.upper().ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    from ..services.values import format_value, printable

    text = printable(format_value(value).replace("\n", " "))
    return text if len(text) <= CELL else text[: CELL - 1] + "…"


def record_json(record: Record, *, versioned: bool = True) -> dict[str, Any]:
    """Every field but a crew's members; decimals as JSON numbers."""
    from ..domain.fields import fields_of

    data = record.model_dump(mode="json", exclude={"members"})
    for f in fields_of(type(record)):
        if f.kind == "decimal" and data.get(f.name) is not None:
            data[f.name] = float(data[f.name])
    if not versioned:
        data.pop("version", None)
    return data


def show_text(record: Record, names: dict[str, str], *, versioned: bool = True) -> str:
    """Every field, grouped by the sections declared on the model; ids shown by their key."""
    from ..domain.fields import fields_of, groups_of

    model = type(record)
    lines: list[str] = []
    width = max(len(f.label) for f in fields_of(model))
    for group in groups_of(model):
        lines.append(f"[{group}]")
        for f in fields_of(model):
            if f.group != group or (f.name == "version" and not versioned):
                continue
            lines.append(f"  {f.label.ljust(width)}  {_display(f, getattr(record, f.name), names)}")
    from ..services.values import printable

    return printable("\n".join(lines))


def _display(f: FieldSpec, value: Any, names: dict[str, str]) -> str:
    from ..services.values import format_value

    if f.kind == "ref" and value is not None:
        return names.get(str(value), str(value))
    if f.kind == "uuid_list" and value is not None:
        return (
            "[" + ", ".join(names.get(str(v), str(v)) for v in value) + "]"
            if value
            else "[] (none)"
        )
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


def agent_names(services: Services, ids: Sequence[Any]) -> dict[str, str]:
    return {str(i): services.get_agent_by_id(i).agent_key for i in ids if i}


def split_task(ref: str) -> tuple[str, str]:
    """``CREW/TASK`` -> ``(crew, task)`` (see :func:`crewtui.services.kinds.split_task`)."""
    from ..services.kinds import split_task as split

    return split(ref)


def context_text(task: Task, names: dict[str, str]) -> str:
    """A task's context by task name: ``all previous`` (crewai's default), ``none`` or names."""
    if task.context_task_ids is None:
        return "all previous"
    return ", ".join(names.get(str(i), str(i)) for i in task.context_task_ids) or "none"
