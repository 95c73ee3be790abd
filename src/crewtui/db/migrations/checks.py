"""``crewtui db verify``: the schema design's validation queries, and a few more."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from .legacy import PROCESS_TYPES


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str


#: columns the expansion adds with a default: after the upgrade none may be NULL
DEFAULTED = {
    "crewai_agents": (
        "max_rpm",
        "max_iter",
        "max_execution_time",
        "max_retry_limit",
        "allow_delegation",
        "allow_code_execution",
        "code_execution_mode",
        "respect_context_window",
        "cache_enabled",
        "memory_enabled",
        "reasoning_enabled",
        "max_reasoning_attempts",
        "inject_date",
        "date_format",
        "multimodal_enabled",
        "use_system_prompt",
        "knowledge_sources",
        "verbose",
        "version",
    ),
    "crewai_crews": (
        "verbose",
        "planning_enabled",
        "memory_enabled",
        "max_rpm",
        "cache_enabled",
        "share_crew",
        "version",
    ),
    "crewai_tasks": (
        "async_execution",
        "human_input",
        "markdown_enabled",
        "create_directory",
        "guardrail_max_retries",
        "version",
    ),
}

TOUCHED = (
    "agent_departments",
    "agent_memory_configs",
    "crewai_agents",
    "crewai_crews",
    "crewai_tasks",
    "agent_tools",
    "agent_knowledge",
    "crewai_flows",
    "agent_code_deployments",
)


def _scalar(conn: Connection, sql: str) -> int:
    return int(conn.execute(sa.text(sql)).scalar_one() or 0)


def _counts(conn: Connection) -> Check:
    tables = sorted(set(sa.inspect(conn).get_table_names()) - {"alembic_version"})
    parts = [f"{t}={_scalar(conn, f'SELECT COUNT(*) FROM {t}')}" for t in tables]
    return Check("row counts", True, ", ".join(parts))


def _agent_defaults(conn: Connection) -> Check:
    # The design's query: total, memory_disabled, reasoning_disabled.
    total, memory_off, reasoning_off = conn.execute(
        sa.text(
            "SELECT COUNT(*), "
            "SUM(CASE WHEN memory_enabled = false THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN reasoning_enabled = false THEN 1 ELSE 0 END) FROM crewai_agents"
        )
    ).one()
    return Check(
        "agent memory/reasoning flags set",
        True,
        f"total={total}, memory_disabled={memory_off or 0}, "
        f"reasoning_disabled={reasoning_off or 0}",
    )


def _no_null_defaults(conn: Connection) -> Check:
    problems = []
    for table, columns in DEFAULTED.items():
        for column in columns:
            n = _scalar(conn, f'SELECT COUNT(*) FROM {table} WHERE "{column}" IS NULL')
            if n:
                problems.append(f"{table}.{column}: {n} NULL")
    return Check(
        "new columns hold their defaults",
        not problems,
        "; ".join(problems) or "no NULL in any defaulted column",
    )


def _process_type(conn: Connection) -> Check:
    nulls = _scalar(conn, "SELECT COUNT(*) FROM crewai_crews WHERE process_type IS NULL")
    allowed = ", ".join(f"'{p}'" for p in PROCESS_TYPES)
    bad = _scalar(conn, f"SELECT COUNT(*) FROM crewai_crews WHERE process_type NOT IN ({allowed})")
    total = _scalar(conn, "SELECT COUNT(*) FROM crewai_crews")
    ok = nulls == 0 and bad == 0
    return Check(
        "crews have a process_type",
        ok,
        f"{total - nulls} of {total} crews have one" + (f"; {bad} invalid" if bad else ""),
    )


def _hierarchical_managers(conn: Connection) -> Check:
    rows: Sequence[Any] = (
        conn.execute(
            sa.text(
                "SELECT crew_name FROM crewai_crews WHERE process_type = 'hierarchical' "
                "AND manager_agent_id IS NULL AND manager_llm IS NULL ORDER BY crew_name"
            )
        )
        .scalars()
        .all()
    )
    return Check(
        "hierarchical crews have a manager",
        not rows,
        ("without manager agent or manager LLM: " + ", ".join(rows)) if rows else "all have one",
    )


def _task_keys(conn: Connection) -> Check:
    n = _scalar(conn, "SELECT COUNT(*) FROM crewai_tasks WHERE name IS NULL OR name = ''")
    dup = _scalar(
        conn,
        "SELECT COUNT(*) FROM (SELECT crew_id, name FROM crewai_tasks WHERE crew_id IS NOT NULL "
        "GROUP BY crew_id, name HAVING COUNT(*) > 1) d",
    )
    return Check(
        "tasks have a name unique in their crew",
        n == 0 and dup == 0,
        f"{n} without a name, {dup} duplicated within a crew",
    )


def _one_active(conn: Connection) -> Check:
    n = _scalar(
        conn,
        "SELECT COUNT(*) FROM (SELECT agent_id FROM agent_code_deployments WHERE is_active "
        "GROUP BY agent_id HAVING COUNT(*) > 1) d",
    )
    return Check("at most one active deployment per agent", n == 0, f"{n} agents with several")


def _triggers(conn: Connection) -> Check:
    if conn.dialect.name == "postgresql":
        query = sa.text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
    else:
        query = sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    have: set[Any] = set(conn.execute(query).scalars())
    missing = [t for t in TOUCHED if f"update_{t}_updated_at" not in have]
    return Check(
        "updated_at maintained on every table",
        not missing,
        ("missing trigger on: " + ", ".join(missing)) if missing else f"{len(TOUCHED)} triggers",
    )


def _foreign_keys(conn: Connection) -> Check:
    if conn.dialect.name != "sqlite":
        return Check("no dangling references", True, "enforced by PostgreSQL")
    rows = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
    tables = sorted({r[0] for r in rows})
    return Check(
        "no dangling references",
        not rows,
        f"{len(rows)} rows in {', '.join(tables)}" if rows else "none",
    )


def _legacy_values(conn: Connection) -> Check:
    n = _scalar(conn, "SELECT COUNT(*) FROM crewtui_legacy_values")
    return Check("recorded legacy values", True, f"{n} original value(s) kept for rollback")


CHECKS: tuple[Callable[[Connection], Check], ...] = (
    _counts,
    _agent_defaults,
    _no_null_defaults,
    _process_type,
    _hierarchical_managers,
    _task_keys,
    _one_active,
    _triggers,
    _foreign_keys,
    _legacy_values,
)


def run_checks(conn: Connection, state: str, revision: str | None, head: str) -> list[Check]:
    at_head = state == "current"
    first = Check(
        "schema at the current revision",
        at_head,
        f"revision {revision or 'none'} ({state})" + ("" if at_head else f"; expected {head}"),
    )
    if not at_head:
        return [first]
    return [first, *(check(conn) for check in CHECKS)]
