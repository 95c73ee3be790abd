"""Alembic environment: runs on the connection the caller hands over, or opens its own."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection, Engine

from crewtui.db import models  # noqa: F401  (registers the tables on Base.metadata)
from crewtui.db.base import Base

config = context.config
target_metadata = Base.metadata


def _include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    # A shared PostgreSQL database holds other applications' tables: never offer to drop them.
    if type_ == "table" and reflected and compare_to is None:
        return False
    # Indexes declared for one backend only (GIN) are not missing on the others.
    if type_ == "index" and not reflected and obj is not None:
        dialect = context.get_context().dialect
        ddl_if = getattr(obj, "_ddl_if", None)
        if ddl_if is not None and ddl_if.dialect is not None and ddl_if.dialect != dialect.name:
            return False
    return True


def _compare_server_default(
    context_: Any,
    inspected_column: Any,
    metadata_column: Any,
    inspected_default: str | None,
    metadata_default: Any,
    rendered_metadata_default: str | None,
) -> bool | None:
    # Primary keys default to gen_random_uuid() on PostgreSQL for other writers; the model
    # generates ids itself and declares no server default.
    if metadata_column.primary_key and inspected_default and "gen_random_uuid" in inspected_default:
        return False
    return None


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        compare_server_default=_compare_server_default,
        include_object=_include_object,
    )
    # Inside a transaction the caller opened, this joins it; the caller commits.
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if isinstance(connectable, Connection):
        _run(connectable)
        return
    if isinstance(connectable, Engine):
        with connectable.connect() as connection:
            _run(connection)
            connection.commit()
        return
    from crewtui.db.migrations.connection import migration_engine

    engine = migration_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as connection:
            _run(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit(
        "crewtui migrations move data as well as DDL and need a live database; "
        "offline (--sql) mode is not supported."
    )
run_migrations_online()
