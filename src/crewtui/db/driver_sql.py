"""SQL text run both through SQLAlchemy and through the bare driver (the readers and the
writer that work before SQLAlchemy loads): one copy, importing nothing heavy, so either side
can read it without loading the other."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .revisions import HEAD_REVISION

#: the schema revision a database is at
REVISION_SQL = "SELECT version_num FROM alembic_version"


def at_head(rows: Iterable[Sequence[object]]) -> bool:
    """Whether the rows of :data:`REVISION_SQL` say the schema is this crewtui's."""
    return [r[0] for r in rows] == [HEAD_REVISION]


#: the table whose row-level security says whether it is on at all (see db.rls)
DEPLOYMENTS = "agent_code_deployments"
#: whether row-level security is on: then the database role acts, not ``--as``
RLS_ON_SQL = (
    "SELECT c.relrowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    f"WHERE c.relname = '{DEPLOYMENTS}' AND n.nspname = current_schema()"
)

#: how long an SQLite write waits for another writer before "database is locked"
SQLITE_BUSY_TIMEOUT_MS = 5000


def sqlite_pragmas(busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> tuple[str, ...]:
    """What every connection to a crewtui SQLite file is set to."""
    return (
        "PRAGMA foreign_keys=ON",
        "PRAGMA journal_mode=WAL",
        f"PRAGMA busy_timeout={int(busy_timeout_ms)}",
        "PRAGMA synchronous=NORMAL",
    )
