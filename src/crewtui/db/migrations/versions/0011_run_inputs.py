"""Run inputs remembered per crew.

Adds ``run_inputs`` (a JSON object of text values, ``{}`` by default) to ``crewai_crews``: the
kickoff inputs a crew is run with unless others are given (``crewtui run``, the Run screen).
The import fills it from ``inputs = {...}`` in a project's main.py; a value only known when the
code runs is kept empty.

Revision ID: 0011_run_inputs
Revises: 0010_ownership
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from crewtui.db.migrations.ddl import is_pg

revision: str = "0011_run_inputs"
down_revision: str | Sequence[str] | None = "0010_ownership"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMMENT = "Kickoff inputs the crew runs with unless others are given (name -> text)"


def upgrade() -> None:
    json_type: sa.types.TypeEngine[object] = JSONB() if is_pg() else sa.JSON()
    # plain ALTER TABLE on both databases: rebuilding a SQLite table would drop its triggers
    op.add_column(
        "crewai_crews",
        sa.Column(
            "run_inputs",
            json_type,
            nullable=False,
            server_default=sa.text("'{}'"),
            comment=COMMENT if is_pg() else None,
        ),
    )


def downgrade() -> None:
    if is_pg():
        op.drop_column("crewai_crews", "run_inputs")
    else:
        # SQLite 3.35+ drops a plain column in place (no table rebuild, triggers kept)
        op.execute('ALTER TABLE "crewai_crews" DROP COLUMN "run_inputs"')
