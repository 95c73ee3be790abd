"""Legacy values that the expanded schema's constraints would reject, and what to do about them.

Policy (also in docs/migrations.md):

* ``crew_type`` already ``sequential``/``hierarchical``/``consensual``: kept as is.
* a case or whitespace variant of one of those (``'Hierarchical'``, ``' sequential '``):
  normalised, the original recorded in ``crewtui_legacy_values``.
* NULL or blank: becomes ``'sequential'`` (the legacy column default, and what crewai does
  with no process), recorded.
* anything else (``'parallel'``...): the upgrade refuses before changing anything and names
  each crew, unless the caller maps the value explicitly (``--map-process parallel=...``);
  a mapped value is recorded too.

A rollback puts recorded originals back. It refuses, before changing anything, when a task
has a ``task_type`` the legacy CHECK forbids (custom types are allowed after the upgrade).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import Connection

from crewtui.domain.errors import CrewtuiError

PROCESS_TYPES = ("sequential", "hierarchical", "consensual")
LEGACY_TASK_TYPES = ("market_sizing", "pain_point", "competitive", "strategic_fit")
LEGACY_DEFAULT_PROCESS = "sequential"


@dataclass(frozen=True)
class Normalisation:
    """One legacy value the upgrade changed, and why."""

    table: str
    row_id: uuid.UUID
    row_name: str
    column: str
    original: str | None
    new: str
    reason: str


@dataclass(frozen=True)
class BlockingRow:
    """A row that stops an upgrade or a rollback until someone decides what it should be."""

    table: str
    row_id: uuid.UUID
    row_name: str
    column: str
    value: str | None


class UpgradeRefused(CrewtuiError):
    """Nothing was changed: some legacy values need a decision first."""

    title = "Upgrade not started"
    exit_code = 2

    def __init__(self, message: str, rows: Sequence[BlockingRow]) -> None:
        super().__init__(message)
        self.rows = list(rows)


class RollbackRefused(CrewtuiError):
    """Nothing was changed: some rows cannot be stored in the legacy schema."""

    title = "Rollback not started"
    exit_code = 2

    def __init__(self, message: str, rows: Sequence[BlockingRow]) -> None:
        super().__init__(message)
        self.rows = list(rows)


def _key(value: str) -> str:
    return value.strip().lower()


def parse_process_map(items: Sequence[str]) -> dict[str, str]:
    """``["parallel=sequential", ...]`` -> ``{"parallel": "sequential"}``

    Keys are compared trimmed, in any case.
    """
    out: dict[str, str] = {}
    for item in items:
        old, sep, new = item.partition("=")
        if not sep:
            raise ValueError(f"'{item}': expected OLD=NEW, e.g. parallel=sequential")
        out[old] = new
    return check_process_map(out)


def check_process_map(process_map: Mapping[str, str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for old, new in (process_map or {}).items():
        target = _key(new)
        if target not in PROCESS_TYPES:
            raise ValueError(
                f"'{old}={new}': the new process must be one of {', '.join(PROCESS_TYPES)}"
            )
        out[_key(old)] = target
    return out


def plan_process_types(
    conn: Connection, process_map: Mapping[str, str] | None, *, column: str = "crew_type"
) -> tuple[list[Normalisation], list[BlockingRow]]:
    """What the upgrade would do with each crew's process value; changes nothing."""
    mapping = check_process_map(process_map)
    rows = conn.execute(
        sa.text(f"SELECT id, crew_name, {column} FROM crewai_crews ORDER BY crew_name")
    ).all()
    changes: list[Normalisation] = []
    blocking: list[BlockingRow] = []
    for raw_id, raw_name, raw_value in rows:
        row_id = raw_id if isinstance(raw_id, uuid.UUID) else uuid.UUID(str(raw_id))
        name = str(raw_name)
        value: str | None = None if raw_value is None else str(raw_value)
        if value in PROCESS_TYPES:
            continue
        if value is None or not value.strip():
            new, reason = LEGACY_DEFAULT_PROCESS, "no value: the legacy default"
        elif _key(value) in PROCESS_TYPES:
            new, reason = _key(value), "case or spacing variant"
        elif _key(value) in mapping:
            new, reason = mapping[_key(value)], "mapped explicitly"
        else:
            blocking.append(BlockingRow("crewai_crews", row_id, name, "crew_type", value))
            continue
        changes.append(Normalisation("crewai_crews", row_id, name, "crew_type", value, new, reason))
    return changes, blocking


def refuse_upgrade(blocking: Sequence[BlockingRow], db_hint: str = "") -> UpgradeRefused:
    values = sorted({_key(b.value or "") for b in blocking})
    lines = [
        f"{len(blocking)} crew(s) have a process type that crewai does not know "
        "(sequential, hierarchical, consensual); choosing one for them would change what the "
        "crew does, so nothing was changed:"
    ]
    lines += [f"  - crew '{b.row_name}' (id {b.row_id}): crew_type {b.value!r}" for b in blocking]
    maps = " ".join(f"--map-process {v}=sequential" for v in values)
    lines.append("Decide what each should become, then upgrade again, either with a mapping")
    lines.append(f"(recorded, and undone by a rollback):\n  crewtui db upgrade{db_hint} {maps}")
    lines.append("or by fixing the rows yourself, for example:")
    lines += [
        f"  UPDATE crewai_crews SET crew_type = 'sequential' WHERE id = '{b.row_id}';"
        for b in blocking
    ]
    return UpgradeRefused("\n".join(lines), blocking)


def apply_normalisations(
    conn: Connection, changes: Sequence[Normalisation], *, uuid_type: sa.types.TypeEngine[uuid.UUID]
) -> None:
    """Write the new values and record the originals (same transaction as the DDL)."""
    record = sa.table(
        "crewtui_legacy_values",
        sa.column("id", uuid_type),
        sa.column("table_name", sa.String),
        sa.column("row_id", uuid_type),
        sa.column("column_name", sa.String),
        sa.column("original_value", sa.Text),
        sa.column("new_value", sa.Text),
    )
    crews = sa.table("crewai_crews", sa.column("id", uuid_type), sa.column("crew_type", sa.String))
    for c in changes:
        conn.execute(crews.update().where(crews.c.id == c.row_id).values(crew_type=c.new))
        conn.execute(
            record.insert().values(
                id=uuid.uuid4(),
                table_name=c.table,
                row_id=c.row_id,
                column_name=c.column,
                original_value=c.original,
                new_value=c.new,
            )
        )


def restore_originals(conn: Connection, *, uuid_type: sa.types.TypeEngine[uuid.UUID]) -> int:
    """Put recorded originals back where the value is still the one the upgrade wrote.

    A value someone changed after the upgrade is their newer decision and is kept.
    """
    rows = conn.execute(
        sa.text(
            "SELECT row_id, original_value, new_value FROM crewtui_legacy_values "
            "WHERE table_name = 'crewai_crews' AND column_name = 'crew_type'"
        )
    ).all()
    crews = sa.table("crewai_crews", sa.column("id", uuid_type), sa.column("crew_type", sa.String))
    restored = 0
    for raw_id, original, new in rows:
        row_id = raw_id if isinstance(raw_id, uuid.UUID) else uuid.UUID(str(raw_id))
        result = conn.execute(
            crews.update()
            .where(crews.c.id == row_id, crews.c.crew_type == new)
            .values(crew_type=original)
        )
        restored += result.rowcount or 0
    return restored


def rollback_blockers(conn: Connection) -> list[BlockingRow]:
    """Tasks whose task_type the legacy CHECK would reject."""
    allowed = ", ".join(f"'{t}'" for t in LEGACY_TASK_TYPES)
    columns = {c["name"] for c in sa.inspect(conn).get_columns("crewai_tasks")}
    # Before revision 0003 tasks have no name; fall back to the id alone.
    name = "t.name" if "name" in columns else "NULL"
    rows = conn.execute(
        sa.text(
            f"SELECT t.id, {name}, t.task_type, c.crew_name FROM crewai_tasks t "
            "LEFT JOIN crewai_crews c ON c.id = t.crew_id "
            f"WHERE t.task_type IS NOT NULL AND t.task_type NOT IN ({allowed}) "
            "ORDER BY c.crew_name, t.id"
        )
    ).all()
    out = []
    for raw_id, task_name, value, crew in rows:
        row_id = raw_id if isinstance(raw_id, uuid.UUID) else uuid.UUID(str(raw_id))
        label = "/".join(str(p) for p in (crew, task_name) if p) or "(unnamed)"
        out.append(
            BlockingRow(
                "crewai_tasks", row_id, label, "task_type", None if value is None else str(value)
            )
        )
    return out


def refuse_rollback(blocking: Sequence[BlockingRow]) -> RollbackRefused:
    lines = [
        f"{len(blocking)} task(s) have a task_type the legacy schema does not allow "
        f"({', '.join(LEGACY_TASK_TYPES)} or empty), so nothing was changed:"
    ]
    lines += [f"  - task '{b.row_name}' (id {b.row_id}): task_type {b.value!r}" for b in blocking]
    lines.append("Change or clear them first, then roll back again, for example:")
    lines += [
        f"  UPDATE crewai_tasks SET task_type = NULL WHERE id = '{b.row_id}';" for b in blocking
    ]
    return RollbackRefused("\n".join(lines), blocking)
