"""The first screenful of the agent list, read with the database driver alone.

Opening the database through SQLAlchemy, the ORM models and the service layer costs more
than half a second of imports; the first rows of the agent list need one SELECT. This module
reads them with the driver only (``sqlite3`` from the standard library, psycopg for
PostgreSQL) so that the list shows while the rest loads. It never writes, never creates a
SQLite file, and gives up quietly (``None``) on anything it does not expect: an older or
newer schema, a URL it does not understand, a driver error. The normal path then loads the
rows and reports any problem as usual.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..services.types import AgentSummary
from .revisions import HEAD_REVISION

_QUERY = """
SELECT a.id, a.agent_key, a.name, a.role, a.status, a.llm_model,
       d.department_key, d.name,
       a.memory_enabled, a.reasoning_enabled, a.multimodal_enabled, a.allow_code_execution,
       a.goal
FROM crewai_agents AS a LEFT OUTER JOIN agent_departments AS d ON a.department_id = d.id
ORDER BY a.agent_key
LIMIT {limit}
"""
_REVISION = "SELECT version_num FROM alembic_version"
#: rows in the first page of the agent list
FIRST_PAGE = 200


def first_agents(url: str, limit: int) -> list[AgentSummary] | None:
    """The first ``limit`` agents in key order, as the list shows them, or ``None``."""
    try:
        if url.startswith("sqlite"):
            return _sqlite(url, limit)
        if url.startswith(("postgresql+psycopg://", "postgresql://", "postgres://")):
            return _postgres(url, limit)
    except Exception:  # anything unexpected: the normal path loads and reports instead
        return None
    return None


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///path`` URL; ``None`` for memory databases and URLs with
    options (those are left to SQLAlchemy)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    path = unquote(url[len(prefix) :])
    if not path or path == ":memory:":
        return None
    return Path(path)


def _sqlite(url: str, limit: int) -> list[AgentSummary] | None:
    import sqlite3

    path = sqlite_path(url)
    if path is None or not path.is_file():
        return None
    # read-only: a missing or damaged file is never created or changed here
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)
    try:
        if [r[0] for r in conn.execute(_REVISION)] != [HEAD_REVISION]:
            return None
        rows = conn.execute(_QUERY.format(limit=int(limit))).fetchall()
    finally:
        conn.close()
    return [_summary(r) for r in rows]


def _postgres(url: str, limit: int) -> list[AgentSummary] | None:
    _, _, rest = url.partition("://")
    if "?" in rest:
        # driver options in SQLAlchemy's spelling: leave them to the engine
        return None
    import psycopg

    with psycopg.connect(f"postgresql://{rest}", connect_timeout=2, autocommit=True) as conn:
        if [r[0] for r in conn.execute(_REVISION)] != [HEAD_REVISION]:
            return None
        rows = conn.execute(_QUERY.format(limit=int(limit))).fetchall()
    return [_summary(r) for r in rows]


def _summary(r: Sequence[Any]) -> AgentSummary:
    """One row of the query, as the service layer's ``list_agents`` builds it."""
    flags = "".join(c for c, on in zip("MRVC", r[8:12], strict=True) if on)
    id_ = r[0] if isinstance(r[0], uuid.UUID) else uuid.UUID(str(r[0]))
    return AgentSummary(
        id=id_,
        agent_key=r[1],
        name=r[2],
        role=r[3],
        status=r[4] or "active",
        llm_model=r[5],
        department_key=r[6],
        department_name=r[7],
        flags=flags,
        goal=r[12],
    )
