"""Flows are edited like the other records.

* ``crewai_flows.version`` is NOT NULL (rows without one get 1): a save is checked against
  the version it was made on.
* ``crewai_flow_executions`` gets an index on (flow_id, started_at): a flow's executions,
  newest first; and ``method_status`` (JSON): each method's status, timing and the crew runs
  it started.

Revision ID: 0009_flows
Revises: 0008_crewai_settings
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from crewtui.db.migrations.ddl import is_pg, sqlite_touch_trigger

revision: str = "0009_flows"
down_revision: str | Sequence[str] | None = "0008_crewai_settings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine[object]:
    return JSONB() if is_pg() else sa.JSON()


def upgrade() -> None:
    op.execute("UPDATE crewai_flows SET version = 1 WHERE version IS NULL")
    with op.batch_alter_table("crewai_flows") as batch:
        batch.alter_column(
            "version", existing_type=sa.Integer(), nullable=False, server_default=sa.text("1")
        )
    if not is_pg():
        # the batch rebuild of the table on SQLite drops its triggers
        sqlite_touch_trigger("crewai_flows")
    with op.batch_alter_table("crewai_flow_executions") as batch:
        batch.add_column(sa.Column("method_status", _json()))
    op.create_index(
        "ix_crewai_flow_executions_flow",
        "crewai_flow_executions",
        ["flow_id", "started_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_crewai_flow_executions_flow", table_name="crewai_flow_executions")
    with op.batch_alter_table("crewai_flow_executions") as batch:
        batch.drop_column("method_status")
    with op.batch_alter_table("crewai_flows") as batch:
        batch.alter_column(
            "version", existing_type=sa.Integer(), nullable=True, server_default=sa.text("1")
        )
    if not is_pg():
        sqlite_touch_trigger("crewai_flows")
