"""Engines for SQLite (embedded default) and PostgreSQL (psycopg 3)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from .driver_sql import SQLITE_BUSY_TIMEOUT_MS, sqlite_pragmas
from .url import database_url, sqlite_file

__all__ = ["SQLITE_BUSY_TIMEOUT_MS", "make_engine", "make_session_factory"]

if TYPE_CHECKING:
    from sqlalchemy.engine import URL


def _sqlite_pragmas(busy_timeout_ms: int) -> Any:
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        for pragma in sqlite_pragmas(busy_timeout_ms):
            cur.execute(pragma)
        cur.close()

    return on_connect


def _sqlite_begin(conn: Any) -> None:
    # pysqlite's own transaction handling defers BEGIN; emit it ourselves so that every unit
    # of work is one real transaction (and SAVEPOINTs work). IMMEDIATE takes the write lock
    # up front: a deferred transaction that read and then writes after another connection
    # committed fails at once (SQLITE_BUSY_SNAPSHOT, busy_timeout is not consulted), so
    # concurrent read-modify-write saves would fail instead of queueing.
    # A unit of work that only reads (``crewtui_read_only`` execution option) begins deferred:
    # in WAL mode it reads a snapshot and never waits for a writer.
    if conn.get_execution_options().get("crewtui_read_only"):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(
    url: str | URL, *, sqlite_busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS, **kwargs: Any
) -> Engine:
    """An engine for ``url``; on SQLite a write waits up to ``sqlite_busy_timeout_ms`` for
    another writer before failing with "database is locked"."""
    parsed = database_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_file(parsed)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas(sqlite_busy_timeout_ms))

        @event.listens_for(engine, "connect")
        def _no_autobegin(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None

        event.listen(engine, "begin", _sqlite_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("connect_args", {"connect_timeout": 5})
    return create_engine(parsed, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    from . import history  # noqa: F401  (every session records the changes it commits)

    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
