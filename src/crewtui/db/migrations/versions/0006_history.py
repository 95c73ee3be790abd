"""History of every change, and crew releases.

* ``crewtui_history``: one row per changed record per transaction (see
  :mod:`crewtui.db.history_model`); no foreign keys, so it outlives the records.
* ``crewtui_releases``: frozen crews.

Revision ID: 0006_history
Revises: 0003_crewtui
Create Date: 2025-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from crewtui.db.migrations.ddl import id_column, is_pg, pk, ts_column, unique

revision: str = "0006_history"
down_revision: str | Sequence[str] | None = "0003_crewtui"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine[object]:
    return JSONB() if is_pg() else sa.JSON()


def upgrade() -> None:
    op.create_table(
        "crewtui_history",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("record_kind", sa.String(20), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("record_key", sa.String(200), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("via", sa.String(20), nullable=False),
        sa.Column("change_set", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", _json(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("crewtui_history_pkey")),
        comment="Every change to an agent, crew, task, memory config, tool or department",
    )
    op.create_index(
        "ix_crewtui_history_record", "crewtui_history", ["record_kind", "record_id", "id"]
    )
    op.create_index("ix_crewtui_history_key", "crewtui_history", ["record_kind", "record_key"])
    op.create_index("ix_crewtui_history_change_set", "crewtui_history", ["change_set"])
    op.create_table(
        "crewtui_releases",
        id_column(),
        sa.Column("crew_id", sa.Uuid(), nullable=False),
        sa.Column("crew_name", sa.String(100), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(100), nullable=False),
        ts_column("created_at"),
        sa.Column("bundle", _json(), nullable=False),
        pk("crewtui_releases"),
        unique("crewtui_releases", "crew_id", "name"),
        comment="Crews frozen as they were: settings, members, tasks and what they use",
    )


def downgrade() -> None:
    op.drop_table("crewtui_releases")
    op.drop_index("ix_crewtui_history_change_set", table_name="crewtui_history")
    op.drop_index("ix_crewtui_history_key", table_name="crewtui_history")
    op.drop_index("ix_crewtui_history_record", table_name="crewtui_history")
    op.drop_table("crewtui_history")
