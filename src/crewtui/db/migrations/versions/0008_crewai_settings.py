"""crewai settings without a column of their own.

Adds ``crewai_settings`` (a JSON object, ``{}`` by default) to ``crewai_agents``,
``crewai_crews`` and ``crewai_tasks``. The domain validates what it holds (see
:mod:`crewtui.domain.crewai_settings`).

Revision ID: 0008_crewai_settings
Revises: 0007_runs
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from crewtui.db.migrations.ddl import is_pg

revision: str = "0008_crewai_settings"
down_revision: str | Sequence[str] | None = "0007_runs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("crewai_agents", "crewai_crews", "crewai_tasks")
COMMENT = "crewai settings without a column of their own (validated by the domain)"


def upgrade() -> None:
    json_type: sa.types.TypeEngine[object] = JSONB() if is_pg() else sa.JSON()
    # plain ALTER TABLE on both databases: rebuilding a SQLite table would drop its triggers
    for table in TABLES:
        op.add_column(
            table,
            sa.Column(
                "crewai_settings",
                json_type,
                nullable=False,
                server_default=sa.text("'{}'"),
                comment=COMMENT if is_pg() else None,
            ),
        )


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "crewai_settings")
