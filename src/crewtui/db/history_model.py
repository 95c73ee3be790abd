"""The tables of the change history and of crew releases.

``crewtui_history`` holds one row per changed record per transaction: which record (kind,
id, key at the time, the crew of a task), what happened (create, update, delete), the
record's version afterwards, who and through which path, when, and the fields that changed
as ``{"field": [old, new]}``. A creation stores no values (the state at any revision is
rebuilt from the later revisions' old values and the current row); a deletion stores the
last values of every field, so a deleted record can be brought back. Rows are never updated
or deleted, and no foreign key points at the records: history outlives them.

``crewtui_releases`` holds frozen crews: the crew bundle (settings, members in order,
tasks, and the agents, tools and memory configs they use) as JSON.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, created_at, uuid_pk
from .types import JsonB

#: a creation stores no values: SQL NULL, not JSON null
Changes = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")

#: an autoincrementing 64-bit key on PostgreSQL, SQLite's rowid alias elsewhere
HistoryId = BigInteger().with_variant(Integer(), "sqlite")


class HistoryRow(Base):
    __tablename__ = "crewtui_history"
    __table_args__ = (
        Index("ix_crewtui_history_record", "record_kind", "record_id", "id"),
        Index("ix_crewtui_history_key", "record_kind", "record_key"),
        Index("ix_crewtui_history_change_set", "change_set"),
        {"comment": "Every change to an agent, crew, task, memory config, tool or department"},
    )

    id: Mapped[int] = mapped_column(HistoryId, primary_key=True, autoincrement=True)
    record_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    record_key: Mapped[str] = mapped_column(String(200), nullable=False)
    #: the crew of a task (tasks are named within their crew)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    action: Mapped[str] = mapped_column(String(10), nullable=False)
    version: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(100), nullable=False)
    via: Mapped[str] = mapped_column(String(20), nullable=False)
    #: the records one transaction changed share it
    change_set: Mapped[int] = mapped_column(BigInteger, nullable=False)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    changes: Mapped[dict[str, Any] | None] = mapped_column(Changes)


class ReleaseRow(Base):
    __tablename__ = "crewtui_releases"
    __table_args__ = (
        UniqueConstraint("crew_id", "name"),
        {"comment": "Crews frozen as they were: settings, members, tasks and what they use"},
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    crew_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    crew_name: Mapped[str] = mapped_column(String(100), nullable=False)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(100), nullable=False)
    created_at: Mapped[datetime | None] = created_at()
    bundle: Mapped[dict[str, Any]] = mapped_column(JsonB, nullable=False)
