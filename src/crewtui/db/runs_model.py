"""The tables of crew runs.

``crewtui_runs`` holds one row per kickoff: the crew (and the release, when a release ran),
who started it, the inputs, the crewai version, the hash of the exported files (a run of a
crew edited since is told apart), times, status (``running``, ``succeeded``, ``failed``,
``cancelled``, ``interrupted``), token totals, every task's output and the final output.
No foreign key points at the crew: a run outlives it.

``crewtui_run_events`` holds what the run streamed, one row per event, numbered from 1.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, created_at, uuid_pk
from .types import JsonB

#: an autoincrementing 64-bit key on PostgreSQL, SQLite's rowid alias elsewhere
EventId = BigInteger().with_variant(Integer(), "sqlite")

RUN_STATUSES = ("running", "succeeded", "failed", "cancelled", "interrupted")


class RunRow(Base):
    __tablename__ = "crewtui_runs"
    __table_args__ = (
        Index("ix_crewtui_runs_crew", "crew_id", "started_at"),
        {"comment": "Kickoffs of crews: inputs, crewai version, status, tokens and outputs"},
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    crew_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    crew_name: Mapped[str] = mapped_column(String(100), nullable=False)
    release_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    release_name: Mapped[str | None] = mapped_column(String(100))
    started_by: Mapped[str] = mapped_column(String(100), nullable=False)
    inputs: Mapped[dict[str, Any]] = mapped_column(JsonB, nullable=False)
    export_format: Mapped[str] = mapped_column(String(10), nullable=False)
    export_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    crewai_version: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    started_at: Mapped[datetime | None] = created_at()
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    runner_pid: Mapped[int | None] = mapped_column(Integer)
    host_pid: Mapped[int | None] = mapped_column(Integer)
    prompt_tokens: Mapped[int | None] = mapped_column(Integer)
    completion_tokens: Mapped[int | None] = mapped_column(Integer)
    total_tokens: Mapped[int | None] = mapped_column(Integer)
    successful_requests: Mapped[int | None] = mapped_column(Integer)
    final_output: Mapped[str | None] = mapped_column(Text)
    task_outputs: Mapped[list[Any] | None] = mapped_column(JsonB)
    error: Mapped[str | None] = mapped_column(Text)


class RunEventRow(Base):
    __tablename__ = "crewtui_run_events"
    __table_args__ = (
        UniqueConstraint("run_id", "seq"),
        {"comment": "What a run streamed: task, agent, tool and model events in order"},
    )

    id: Mapped[int] = mapped_column(EventId, primary_key=True, autoincrement=True)
    run_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("crewtui_runs.id", ondelete="CASCADE"), nullable=False
    )
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    kind: Mapped[str] = mapped_column(String(60), nullable=False)
    task_name: Mapped[str | None] = mapped_column(String(100))
    agent_role: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JsonB)
