"""Engines and connections for a migration run: one transaction, safe on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from ...domain.errors import CrewtuiError
from ..engine import SQLITE_BUSY_TIMEOUT_MS, make_engine
from ..url import database_url, sqlite_file


def migration_engine(url: str) -> Engine:
    """The engine a migration run uses.

    SQLite: foreign keys off for the run (table rebuilds would otherwise cascade deletes; they
    are checked before commit) and ``BEGIN IMMEDIATE``, so a second process opening the same
    file waits for the first to finish instead of failing half-way.
    """
    parsed = database_url(url)
    if parsed.get_backend_name() != "sqlite":
        return make_engine(parsed)

    path = sqlite_file(parsed)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(parsed)

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA foreign_keys=OFF")
        dbapi_conn.execute("PRAGMA journal_mode=WAL")
        dbapi_conn.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def read_engine(url: str) -> Engine:
    return make_engine(url)


#: serialises concurrent migration runs on one PostgreSQL database
PG_LOCK_KEY = 0x637265777475  # "crewtu"


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """One connection and one transaction for a whole migration run.

    Works with :func:`migration_engine` and with the app's engine: on SQLite foreign keys
    are switched off for the run (the pragma only works outside a transaction) and any new
    dangling reference fails the run before commit.
    """
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        raw = conn.connection.dbapi_connection
        if sqlite and raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                if not sqlite:
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
                before = _fk_violations(conn) if sqlite else 0
                yield conn
                if sqlite and _fk_violations(conn) > before:
                    raise CrewtuiError(
                        "The migration left rows pointing at missing rows; nothing was changed.",
                        title="Migration failed",
                    )
        finally:
            if sqlite and raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def _fk_violations(conn: Connection) -> int:
    return len(conn.exec_driver_sql("PRAGMA foreign_key_check").all())
