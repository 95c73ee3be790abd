"""Where a database stands: empty, legacy (no history), current, outdated, ahead or unknown.

Plain SQLAlchemy only: the app runs this on every start without importing Alembic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from ..revisions import BASELINE_REVISION, HEAD_REVISION, KNOWN_REVISIONS

__all__ = ["BASELINE_REVISION", "HEAD_REVISION", "KNOWN_REVISIONS"]

LEGACY_COLUMNS: dict[str, tuple[str, ...]] = {
    "ventures": ("id", "name", "created_at"),
    "agent_departments": (
        "id",
        "department_key",
        "name",
        "description",
        "parent_department_id",
        "sort_order",
        "created_at",
        "updated_at",
    ),
    "crewai_agents": (
        "id",
        "agent_key",
        "name",
        "role",
        "goal",
        "backstory",
        "department_id",
        "tools",
        "llm_model",
        "max_tokens",
        "temperature",
        "status",
        "execution_count",
        "avg_execution_time_ms",
        "last_executed_at",
        "created_at",
        "updated_at",
    ),
    "crewai_crews": (
        "id",
        "crew_name",
        "crew_type",
        "manager_agent_id",
        "description",
        "status",
        "created_at",
        "updated_at",
    ),
    "crew_members": ("id", "crew_id", "agent_id", "role_in_crew", "sequence_order", "created_at"),
    "crewai_tasks": (
        "id",
        "venture_id",
        "crew_id",
        "task_type",
        "description",
        "assigned_agent_id",
        "status",
        "result",
        "execution_time_ms",
        "confidence_score",
        "chairman_accepted",
        "chairman_feedback",
        "error_message",
        "created_at",
        "updated_at",
    ),
    "agent_tools": (
        "id",
        "tool_key",
        "name",
        "description",
        "tool_class",
        "config",
        "requires_api_key",
        "status",
        "created_at",
        "updated_at",
    ),
    "agent_knowledge": (
        "id",
        "agent_id",
        "title",
        "content",
        "source_type",
        "metadata",
        "embedding",
        "created_at",
        "updated_at",
    ),
    "crewai_flows": (
        "id",
        "flow_key",
        "name",
        "description",
        "flow_definition",
        "python_code",
        "status",
        "version",
        "created_by",
        "execution_count",
        "last_executed_at",
        "tags",
        "created_at",
        "updated_at",
    ),
    "crewai_flow_executions": (
        "id",
        "flow_id",
        "status",
        "input_state",
        "output_state",
        "error_message",
        "started_at",
        "completed_at",
        "duration_ms",
        "triggered_by",
        "created_at",
    ),
}
LEGACY_TABLES = tuple(LEGACY_COLUMNS)
NEW_TABLES = ("agent_memory_configs", "agent_code_deployments", "crewtui_legacy_values")

SchemaState = Literal["empty", "legacy", "current", "outdated", "ahead", "unknown"]


@dataclass(frozen=True)
class StateInfo:
    state: SchemaState
    revision: str | None = None
    detail: str = ""


def read_revisions(conn: Connection) -> list[str] | None:
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return [r[0] for r in conn.execute(sa.text("SELECT version_num FROM alembic_version"))]


def is_current(engine: Engine) -> bool:
    """The database is at this crewtui's schema revision (one query; nothing else loads)."""
    with engine.connect() as conn:
        return read_revisions(conn) == [HEAD_REVISION]


def inspect_state(conn: Connection) -> StateInfo:
    revisions = read_revisions(conn)
    if revisions:
        if len(revisions) > 1:
            return StateInfo("unknown", None, f"several revisions recorded: {', '.join(revisions)}")
        rev = revisions[0]
        if rev == HEAD_REVISION:
            return StateInfo("current", rev)
        if rev in KNOWN_REVISIONS:
            return StateInfo("outdated", rev)
        return StateInfo("ahead", rev, f"revision {rev} is not known to this version of crewtui")
    inspector = sa.inspect(conn)
    tables = set(inspector.get_table_names())
    ours = tables & (set(LEGACY_TABLES) | set(NEW_TABLES))
    if not ours:
        return StateInfo("empty")
    missing = [t for t in LEGACY_TABLES if t not in tables]
    if missing:
        return StateInfo("unknown", None, f"legacy tables missing: {', '.join(missing)}")
    if ours & set(NEW_TABLES):
        return StateInfo("unknown", None, "expanded tables exist but there is no migration history")
    from .. import models  # noqa: F401  (every table on Base.metadata)
    from ..base import Base

    for table, legacy_cols in LEGACY_COLUMNS.items():
        have = {c["name"] for c in inspector.get_columns(table)}
        lacking = [c for c in legacy_cols if c not in have]
        if lacking:
            return StateInfo("unknown", None, f"{table} lacks legacy columns: {', '.join(lacking)}")
        clash = sorted((have - set(legacy_cols)) & set(Base.metadata.tables[table].c.keys()))
        if clash:
            return StateInfo(
                "unknown", None, f"{table} already has columns the upgrade adds: {', '.join(clash)}"
            )
    return StateInfo("legacy")


def table_counts(conn: Connection) -> dict[str, int]:
    tables = set(sa.inspect(conn).get_table_names())
    names = [t for t in (*LEGACY_TABLES, *NEW_TABLES) if t in tables]
    return {t: int(conn.execute(sa.text(f"SELECT COUNT(*) FROM {t}")).scalar_one()) for t in names}
