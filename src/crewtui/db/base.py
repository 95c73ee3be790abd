"""One typed declarative base with a naming convention that matches PostgreSQL's own names.

PostgreSQL names an unnamed ``UNIQUE (agent_key)`` ``crewai_agents_agent_key_key`` and a
foreign key ``crewai_agents_department_id_fkey``; using the same names lets migrations (and
SQLite batch migrations) find and drop constraints that legacy databases already have.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, MetaData, Uuid, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "%(table_name)s_%(column_0_N_name)s_key",
    "ck": "%(table_name)s_%(constraint_name)s_check",
    "fk": "%(table_name)s_%(column_0_name)s_fkey",
    "pk": "%(table_name)s_pkey",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def uuid_pk() -> Mapped[uuid.UUID]:
    # PostgreSQL also has DEFAULT gen_random_uuid() (set by the migrations) for other writers.
    return mapped_column(Uuid(as_uuid=True), primary_key=True, default=uuid.uuid4)


def created_at() -> Mapped[datetime | None]:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=True)


def updated_at() -> Mapped[datetime | None]:
    return mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=True
    )
