"""Legacy baseline: the EHG application schema before the platform expansion.

Exactly the pre-expansion tables (columns, defaults, keys, the two task CHECKs) and, on
PostgreSQL, ``update_updated_at_column()`` with its three triggers. On SQLite arrays are JSON
lists and the updated_at triggers come later (revision 0003), after the table rebuilds that
SQLite needs for 0002 (a rebuilt table loses its triggers).

Revision ID: 0001_legacy
Revises:
Create Date: 2025-11-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crewtui.db.migrations.ddl import (
    PG_TOUCH_FUNCTION,
    fk,
    id_column,
    is_pg,
    pg_touch_trigger,
    pk,
    ts_column,
    unique,
)
from crewtui.db.types import EmptyArrayDefault, JsonB, RealArray, TextArray

revision: str = "0001_legacy"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEGACY_TABLES = (
    "ventures",
    "agent_departments",
    "crewai_agents",
    "crewai_crews",
    "crew_members",
    "crewai_tasks",
    "agent_tools",
    "agent_knowledge",
    "crewai_flows",
    "crewai_flow_executions",
)

TASK_TYPES = ("market_sizing", "pain_point", "competitive", "strategic_fit")


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    t = sa.text
    op.create_table(
        "ventures",
        id_column(),
        sa.Column("name", sa.Text(), nullable=False),
        ts_column("created_at"),
        pk("ventures"),
    )
    op.create_table(
        "agent_departments",
        id_column(),
        sa.Column("department_key", sa.String(100), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text()),
        sa.Column("parent_department_id", sa.Uuid()),
        sa.Column("sort_order", sa.Integer(), server_default=t("0")),
        ts_column("created_at"),
        ts_column("updated_at"),
        pk("agent_departments"),
        unique("agent_departments", "department_key"),
        fk("agent_departments", "parent_department_id", "agent_departments"),
    )
    op.create_table(
        "crewai_agents",
        id_column(),
        sa.Column("agent_key", sa.String(100), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("backstory", sa.Text(), nullable=False),
        sa.Column("department_id", sa.Uuid()),
        sa.Column("tools", TextArray(), server_default=EmptyArrayDefault()),
        sa.Column("llm_model", sa.String(50), server_default=t("'gpt-4-turbo-preview'")),
        sa.Column("max_tokens", sa.Integer(), server_default=t("4000")),
        sa.Column("temperature", sa.Numeric(3, 2), server_default=t("0.7")),
        sa.Column("status", sa.String(20), server_default=t("'active'")),
        sa.Column("execution_count", sa.Integer(), server_default=t("0")),
        sa.Column("avg_execution_time_ms", sa.Integer(), server_default=t("0")),
        sa.Column("last_executed_at", sa.DateTime(timezone=True)),
        ts_column("created_at"),
        ts_column("updated_at"),
        pk("crewai_agents"),
        unique("crewai_agents", "agent_key"),
        fk("crewai_agents", "department_id", "agent_departments"),
    )
    op.create_table(
        "crewai_crews",
        id_column(),
        sa.Column("crew_name", sa.String(100), nullable=False),
        sa.Column("crew_type", sa.String(50), server_default=t("'sequential'")),
        sa.Column("manager_agent_id", sa.Uuid()),
        sa.Column("description", sa.Text()),
        sa.Column("status", sa.String(20), server_default=t("'active'")),
        ts_column("created_at"),
        ts_column("updated_at"),
        pk("crewai_crews"),
        unique("crewai_crews", "crew_name"),
        fk("crewai_crews", "manager_agent_id", "crewai_agents"),
    )
    op.create_table(
        "crew_members",
        id_column(),
        sa.Column("crew_id", sa.Uuid(), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=False),
        sa.Column("role_in_crew", sa.String(100)),
        sa.Column("sequence_order", sa.Integer(), server_default=t("0"), nullable=False),
        ts_column("created_at"),
        pk("crew_members"),
        fk("crew_members", "crew_id", "crewai_crews", ondelete="CASCADE"),
        fk("crew_members", "agent_id", "crewai_agents", ondelete="CASCADE"),
        unique("crew_members", "crew_id", "agent_id"),
    )
    op.create_table(
        "crewai_tasks",
        id_column(),
        sa.Column("venture_id", sa.Uuid()),
        sa.Column("crew_id", sa.Uuid()),
        sa.Column("task_type", sa.Text()),
        sa.Column("description", sa.Text()),
        sa.Column("assigned_agent_id", sa.Uuid()),
        sa.Column("status", sa.Text(), server_default=t("'pending'")),
        sa.Column("result", JsonB, server_default=t("'{}'")),
        sa.Column("execution_time_ms", sa.Integer()),
        sa.Column("confidence_score", sa.Numeric(3, 2)),
        sa.Column("chairman_accepted", sa.Boolean()),
        sa.Column("chairman_feedback", sa.Text()),
        sa.Column("error_message", sa.Text()),
        ts_column("created_at"),
        ts_column("updated_at"),
        pk("crewai_tasks"),
        fk("crewai_tasks", "venture_id", "ventures"),
        fk("crewai_tasks", "crew_id", "crewai_crews"),
        fk("crewai_tasks", "assigned_agent_id", "crewai_agents"),
        sa.CheckConstraint(_in("task_type", TASK_TYPES), name=op.f("crewai_tasks_task_type_check")),
        sa.CheckConstraint(
            _in("status", ("pending", "running", "completed", "failed")),
            name=op.f("crewai_tasks_status_check"),
        ),
    )
    op.create_table(
        "agent_tools",
        id_column(),
        sa.Column("tool_key", sa.String(100), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text()),
        sa.Column("tool_class", sa.String(200)),
        sa.Column("config", JsonB, server_default=t("'{}'")),
        sa.Column("requires_api_key", sa.Boolean(), server_default=t("false")),
        sa.Column("status", sa.String(20), server_default=t("'active'")),
        ts_column("created_at"),
        ts_column("updated_at"),
        pk("agent_tools"),
        unique("agent_tools", "tool_key"),
    )
    op.create_table(
        "agent_knowledge",
        id_column(),
        sa.Column("agent_id", sa.Uuid()),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("source_type", sa.String(50), server_default=t("'text'")),
        sa.Column("metadata", JsonB, server_default=t("'{}'")),
        sa.Column("embedding", RealArray()),
        ts_column("created_at"),
        ts_column("updated_at"),
        pk("agent_knowledge"),
        fk("agent_knowledge", "agent_id", "crewai_agents", ondelete="CASCADE"),
    )
    op.create_table(
        "crewai_flows",
        id_column(),
        sa.Column("flow_key", sa.String(100), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text()),
        sa.Column("flow_definition", JsonB, server_default=t("'{}'"), nullable=False),
        sa.Column("python_code", sa.Text()),
        sa.Column("status", sa.String(20), server_default=t("'draft'")),
        sa.Column("version", sa.Integer(), server_default=t("1")),
        sa.Column("created_by", sa.Uuid()),
        sa.Column("execution_count", sa.Integer(), server_default=t("0")),
        sa.Column("last_executed_at", sa.DateTime(timezone=True)),
        sa.Column("tags", TextArray(), server_default=EmptyArrayDefault()),
        ts_column("created_at"),
        ts_column("updated_at"),
        pk("crewai_flows"),
        unique("crewai_flows", "flow_key"),
    )
    op.create_table(
        "crewai_flow_executions",
        id_column(),
        sa.Column("flow_id", sa.Uuid()),
        sa.Column("status", sa.String(20), server_default=t("'pending'")),
        sa.Column("input_state", JsonB, server_default=t("'{}'")),
        sa.Column("output_state", JsonB),
        sa.Column("error_message", sa.Text()),
        ts_column("started_at"),
        sa.Column("completed_at", sa.DateTime(timezone=True)),
        sa.Column("duration_ms", sa.Integer()),
        sa.Column("triggered_by", sa.Uuid()),
        ts_column("created_at"),
        pk("crewai_flow_executions"),
        fk("crewai_flow_executions", "flow_id", "crewai_flows", ondelete="CASCADE"),
    )
    if is_pg():
        op.execute(PG_TOUCH_FUNCTION)
        for table in ("crewai_agents", "crewai_crews", "crewai_tasks"):
            pg_touch_trigger(table)


def downgrade() -> None:
    for table in reversed(LEGACY_TABLES):
        op.drop_table(table)
    if is_pg():
        # The function may predate crewtui in a shared database; only drop it when nothing
        # else uses it.
        op.execute(
            "DO $$ BEGIN "
            "IF NOT EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE p.proname = 'update_updated_at_column') THEN "
            "DROP FUNCTION IF EXISTS update_updated_at_column(); END IF; END $$"
        )
