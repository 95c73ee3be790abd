"""Owners of agents, crews and tasks.

* ``owner`` (text, nullable) on ``crewai_agents``, ``crewai_crews`` and ``crewai_tasks``: the
  database role that created the record. It is filled by the database when ownership is
  switched on (``crewtui db upgrade --with-rls --with-ownership``, PostgreSQL); then only the
  owner and members of the maintainers role change or delete the record (see
  :mod:`crewtui.db.rls_owners`). Without it the column stays empty and changes nothing.

Revision ID: 0010_ownership
Revises: 0009_flows
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crewtui.db.migrations.ddl import is_pg

revision: str = "0010_ownership"
down_revision: str | Sequence[str] | None = "0009_flows"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OWNED = ("crewai_agents", "crewai_crews", "crewai_tasks")


def upgrade() -> None:
    for table in OWNED:
        op.add_column(
            table,
            sa.Column(
                "owner",
                sa.String(100),
                nullable=True,
                comment="Database role that owns the record (row-level security with ownership)",
            ),
        )


def downgrade() -> None:
    for table in OWNED:
        if is_pg():
            op.drop_column(table, "owner")
        else:
            # SQLite 3.35+ drops a plain column in place (no table rebuild, triggers kept)
            op.execute(f'ALTER TABLE "{table}" DROP COLUMN "owner"')
