"""crewtui additions: optimistic locking, task keys and order, memory config names.

* ``version`` (NOT NULL, starts at 1) on agents, crews, tasks, memory configs, deployments.
* ``crewai_tasks.name``: crewai's task key (an identifier, unique within a crew), backfilled
  from ``task_type`` and de-duplicated; ``sequence_order`` backfilled per crew from
  ``created_at``, then the legacy pipeline order of ``task_type``, then ``id``.
* ``agent_memory_configs.name`` (unique), backfilled ``memory-config-<n>``.
* ``uq_code_deployments_one_active``: at most one active deployment per agent.
* updated_at maintenance for every writer: SQLite triggers on every table that has the
  column; PostgreSQL triggers on the tables the legacy schema left without one.

Revision ID: 0003_crewtui
Revises: 0002_expansion
Create Date: 2025-11-20
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from crewtui.db.migrations import legacy
from crewtui.db.migrations.ddl import (
    is_pg,
    pg_drop_touch_trigger,
    pg_touch_trigger,
    sqlite_drop_trigger,
    sqlite_touch_trigger,
    updated_at_kept,
)

revision: str = "0003_crewtui"
down_revision: str | Sequence[str] | None = "0002_expansion"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = (
    "crewai_agents",
    "crewai_crews",
    "crewai_tasks",
    "agent_memory_configs",
    "agent_code_deployments",
)
TOUCHED = (
    "agent_departments",
    "agent_memory_configs",
    "crewai_agents",
    "crewai_crews",
    "crewai_tasks",
    "agent_tools",
    "agent_knowledge",
    "crewai_flows",
    "agent_code_deployments",
)
#: tables whose PostgreSQL updated_at trigger comes from 0001/0002
PG_TOUCHED_BEFORE = (
    "crewai_agents",
    "crewai_crews",
    "crewai_tasks",
    "agent_memory_configs",
    "agent_code_deployments",
)

_NOT_IDENT = re.compile(r"[^a-z0-9_]+")


def task_key(task_type: str | None) -> str:
    slug = _NOT_IDENT.sub("_", (task_type or "").lower()).strip("_")[:90] or "task"
    return f"task_{slug}" if slug[0].isdigit() else slug


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _order_key(row: Any) -> tuple[Any, ...]:
    ts = row.created_at
    rank = (
        legacy.LEGACY_TASK_TYPES.index(row.task_type)
        if row.task_type in legacy.LEGACY_TASK_TYPES
        else len(legacy.LEGACY_TASK_TYPES)
    )
    return (ts is None, ts if ts is not None else "", rank, str(_uuid(row.id)))


def backfill_tasks(bind: sa.Connection) -> None:
    rows = bind.execute(
        sa.text("SELECT id, crew_id, task_type, created_at FROM crewai_tasks")
    ).all()
    groups: dict[str, list[Any]] = {}
    for row in rows:
        groups.setdefault(str(row.crew_id), []).append(row)
    tasks = sa.table(
        "crewai_tasks",
        sa.column("id", sa.Uuid()),
        sa.column("name", sa.String),
        sa.column("sequence_order", sa.Integer),
    )
    for members in groups.values():
        used: set[str] = set()
        for position, row in enumerate(sorted(members, key=_order_key)):
            base = name = task_key(row.task_type)
            n = 2
            while name in used:
                name, n = f"{base}_{n}", n + 1
            used.add(name)
            bind.execute(
                tasks.update()
                .where(tasks.c.id == _uuid(row.id))
                .values(name=name, sequence_order=position)
            )


def backfill_memory_configs(bind: sa.Connection) -> None:
    rows = bind.execute(sa.text("SELECT id, created_at FROM agent_memory_configs")).all()
    configs = sa.table(
        "agent_memory_configs", sa.column("id", sa.Uuid()), sa.column("name", sa.String)
    )
    ordered = sorted(
        rows, key=lambda r: (r.created_at is None, r.created_at or "", str(_uuid(r.id)))
    )
    for n, row in enumerate(ordered, start=1):
        bind.execute(
            configs.update().where(configs.c.id == _uuid(row.id)).values(name=f"memory-config-{n}")
        )


def check_one_active(bind: sa.Connection) -> None:
    rows = bind.execute(
        sa.text(
            "SELECT agent_id, agent_key, COUNT(*) FROM agent_code_deployments "
            "WHERE is_active GROUP BY agent_id, agent_key HAVING COUNT(*) > 1"
        )
    ).all()
    if rows:
        blocking = [
            legacy.BlockingRow("agent_code_deployments", _uuid(r[0]), r[1], "is_active", str(r[2]))
            for r in rows
        ]
        lines = ["Some agents have more than one active deployment; keep one, then upgrade again:"]
        lines += [f"  - agent '{b.row_name}' (id {b.row_id}): {b.value} active" for b in blocking]
        raise legacy.UpgradeRefused("\n".join(lines), blocking)


def _version_column() -> sa.Column[int]:
    return sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False)


def upgrade() -> None:
    bind = op.get_bind()
    check_one_active(bind)

    with op.batch_alter_table("crewai_tasks") as batch:
        batch.add_column(sa.Column("name", sa.String(100), nullable=True))
        batch.add_column(
            sa.Column("sequence_order", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(_version_column())
    with updated_at_kept("crewai_tasks"):
        backfill_tasks(bind)
    with op.batch_alter_table("crewai_tasks") as batch:
        batch.alter_column("name", existing_type=sa.String(100), nullable=False)
        batch.create_unique_constraint(op.f("crewai_tasks_crew_id_name_key"), ["crew_id", "name"])
    op.create_index("idx_crewai_tasks_crew_order", "crewai_tasks", ["crew_id", "sequence_order"])

    with op.batch_alter_table("agent_memory_configs") as batch:
        batch.add_column(sa.Column("name", sa.String(100), nullable=True))
    with updated_at_kept("agent_memory_configs"):
        backfill_memory_configs(bind)
    with op.batch_alter_table("agent_memory_configs") as batch:
        batch.alter_column("name", existing_type=sa.String(100), nullable=False)
        batch.create_unique_constraint(op.f("agent_memory_configs_name_key"), ["name"])

    op.create_index(
        "uq_code_deployments_one_active",
        "agent_code_deployments",
        ["agent_id"],
        unique=True,
        postgresql_where=sa.text("is_active = true"),
        sqlite_where=sa.text("is_active = 1"),
    )

    # Triggers last: on SQLite every batch rebuild above drops a table's triggers.
    if is_pg():
        for table in TOUCHED:
            if table not in PG_TOUCHED_BEFORE:
                pg_touch_trigger(table)
    else:
        for table in TOUCHED:
            sqlite_touch_trigger(table)


def downgrade() -> None:
    if is_pg():
        for table in TOUCHED:
            if table not in PG_TOUCHED_BEFORE:
                pg_drop_touch_trigger(table)
    else:
        for table in TOUCHED:
            sqlite_drop_trigger(f"update_{table}_updated_at")

    op.drop_index("uq_code_deployments_one_active", table_name="agent_code_deployments")
    with op.batch_alter_table("agent_memory_configs") as batch:
        batch.drop_constraint(op.f("agent_memory_configs_name_key"), type_="unique")
        batch.drop_column("name")
    op.drop_index("idx_crewai_tasks_crew_order", table_name="crewai_tasks")
    with op.batch_alter_table("crewai_tasks") as batch:
        batch.drop_constraint(op.f("crewai_tasks_crew_id_name_key"), type_="unique")
        batch.drop_column("sequence_order")
        batch.drop_column("name")
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
