"""Runs of crews and their events; model endpoints of agents and crews.

* ``crewtui_runs``: one row per kickoff (crew, release, who, inputs, crewai version, the
  exported files' hash, times, status, token totals, outputs, error); no foreign key to the
  crew, so a run outlives it.
* ``crewtui_run_events``: the events a run streamed, in order.
* ``crewai_agents``: ``llm_base_url``, ``llm_api_key_env`` (the NAME of the variable that
  holds the key, never the key), ``llm_timeout``, ``llm_top_p``, ``llm_seed``, ``llm_stop``.
* ``crewai_crews``: ``llm_base_url`` and ``llm_api_key_env`` for the manager, planning and
  function-calling LLMs.

Revision ID: 0007_runs
Revises: 0006_history
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from crewtui.db.migrations.ddl import fk, id_column, is_pg, pk, ts_column

revision: str = "0007_runs"
down_revision: str | Sequence[str] | None = "0006_history"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AGENT_COLUMNS = (
    ("llm_base_url", sa.Text()),
    ("llm_api_key_env", sa.String(100)),
    ("llm_timeout", sa.Integer()),
    ("llm_top_p", sa.Numeric(3, 2)),
    ("llm_seed", sa.Integer()),
)
_CREW_COLUMNS = (("llm_base_url", sa.Text()), ("llm_api_key_env", sa.String(100)))


def _json() -> sa.types.TypeEngine[object]:
    return JSONB() if is_pg() else sa.JSON()


def upgrade() -> None:
    op.create_table(
        "crewtui_runs",
        id_column(),
        sa.Column("crew_id", sa.Uuid(), nullable=False),
        sa.Column("crew_name", sa.String(100), nullable=False),
        sa.Column("release_id", sa.Uuid(), nullable=True),
        sa.Column("release_name", sa.String(100), nullable=True),
        sa.Column("started_by", sa.String(100), nullable=False),
        sa.Column("inputs", _json(), nullable=False),
        sa.Column("export_format", sa.String(10), nullable=False),
        sa.Column("export_hash", sa.String(64), nullable=False),
        sa.Column("crewai_version", sa.String(40), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        ts_column("started_at"),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("runner_pid", sa.Integer(), nullable=True),
        sa.Column("host_pid", sa.Integer(), nullable=True),
        sa.Column("prompt_tokens", sa.Integer(), nullable=True),
        sa.Column("completion_tokens", sa.Integer(), nullable=True),
        sa.Column("total_tokens", sa.Integer(), nullable=True),
        sa.Column("successful_requests", sa.Integer(), nullable=True),
        sa.Column("final_output", sa.Text(), nullable=True),
        sa.Column("task_outputs", _json(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        pk("crewtui_runs"),
        comment="Kickoffs of crews: inputs, crewai version, status, tokens and outputs",
    )
    op.create_index("ix_crewtui_runs_crew", "crewtui_runs", ["crew_id", "started_at"])
    op.create_table(
        "crewtui_run_events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(60), nullable=False),
        sa.Column("task_name", sa.String(100), nullable=True),
        sa.Column("agent_role", sa.Text(), nullable=True),
        sa.Column("payload", _json(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("crewtui_run_events_pkey")),
        fk("crewtui_run_events", "run_id", "crewtui_runs", ondelete="CASCADE"),
        sa.UniqueConstraint("run_id", "seq", name=op.f("crewtui_run_events_run_id_seq_key")),
        comment="What a run streamed: task, agent, tool and model events in order",
    )
    with op.batch_alter_table("crewai_agents") as batch:
        for name, type_ in _AGENT_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))
        batch.add_column(sa.Column("llm_stop", _json(), nullable=True))
    with op.batch_alter_table("crewai_crews") as batch:
        for name, type_ in _CREW_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("crewai_crews") as batch:
        for name, _ in reversed(_CREW_COLUMNS):
            batch.drop_column(name)
    with op.batch_alter_table("crewai_agents") as batch:
        batch.drop_column("llm_stop")
        for name, _ in reversed(_AGENT_COLUMNS):
            batch.drop_column(name)
    op.drop_table("crewtui_run_events")
    op.drop_index("ix_crewtui_runs_crew", table_name="crewtui_runs")
    op.drop_table("crewtui_runs")
