"""Reading with the database driver alone, before SQLAlchemy is imported.

Opening the database through SQLAlchemy, the ORM models and the service layer costs more
than half a second of imports; the first rows of the agent list need one SELECT. The readers
here run the repositories' own queries, compiled once into :mod:`crewtui.db.compiled`, with
the driver only (``sqlite3`` from the standard library, psycopg for PostgreSQL), on the
database :func:`crewtui.db.url.driver_target` finds in the URL. They never write, never
create an SQLite file, and give up quietly (``None``) on anything they do not expect: a
schema of another revision, a URL left to the engine, a driver error. The normal path then
reads and reports any problem as usual.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..domain.views import AgentSummary
from . import compiled
from .driver_sql import REVISION_SQL, at_head
from .url import driver_target

#: rows in the first page of the agent list
FIRST_PAGE = 200

Rows = list[tuple[Any, ...]]


def fetch(url: str, query: Mapping[str, str], params: Mapping[str, Any]) -> Rows | None:
    """The rows of ``query`` (its text per dialect) on an up-to-date schema, or ``None``."""
    target = driver_target(url)
    try:
        if target is None:
            return None
        if target.sqlite_path is not None:
            return _sqlite(target.sqlite_path, query["sqlite"], params)
        if target.conninfo is not None:
            return _postgres(target.conninfo, query["postgresql"], params)
    except Exception:  # anything unexpected: the normal path reads and reports instead
        return None
    return None


def first_agents(url: str, limit: int) -> list[AgentSummary] | None:
    """The first ``limit`` agents in key order, as the list shows them, or ``None``."""
    rows = fetch(url, compiled.FIRST_PAGE, {"limit": int(limit), "offset": 0})
    return None if rows is None else [AgentSummary.from_row(r) for r in rows]


def _sqlite(path: Path, sql: str, params: Mapping[str, Any]) -> Rows | None:
    import sqlite3

    if not path.is_file():
        return None
    # read-only: a missing or damaged file is never created or changed here
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)
    try:
        if not at_head(conn.execute(REVISION_SQL)):
            return None
        return conn.execute(sql, dict(params)).fetchall()
    finally:
        conn.close()


def _postgres(conninfo: str, sql: str, params: Mapping[str, Any]) -> Rows | None:
    import psycopg

    with psycopg.connect(conninfo, connect_timeout=2, autocommit=True) as conn:
        if not at_head(conn.execute(REVISION_SQL)):
            return None
        return conn.execute(sql, dict(params)).fetchall()
