"""One agent's plain columns changed through the bare driver, with its version check and its
history row, in one transaction: the write of ``crewtui agents set`` without SQLAlchemy.

The caller decides from the stored row what to write (:class:`Plan`) or declines; the
statements are the ones :mod:`crewtui.db.compile_set` compiles from the tables. Anything
unexpected (another schema revision, a lock held too long, a row changed meanwhile, a
refusal by the database) rolls back and answers ``None``: the normal path then writes and
reports. Nothing here is half-written: the update and its history row commit together.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from . import compiled, compiled_set
from .driver_sql import REVISION_SQL, RLS_ON_SQL, SQLITE_BUSY_TIMEOUT_MS, at_head, sqlite_pragmas
from .url import driver_target


@dataclass(frozen=True)
class Plan:
    """What to write: new column values and the history changes ``{field: [old, new]}``;
    no values means nothing changed (nothing is written)."""

    values: dict[str, Any]
    changes: dict[str, list[Any]]


#: the stored row (as the driver reads it) and the dialect -> a plan, or None to decline
Decide = Callable[[Sequence[Any], str], Plan | None]


def set_agent(url: str, key: str, decide: Decide, actor: str, via: str) -> int | None:
    """Apply ``decide``'s plan to the agent ``key``: its version now, or None when the normal
    path must do it."""
    target = driver_target(url)
    if target is None:
        return None
    try:
        if target.sqlite_path is not None:
            if not target.sqlite_path.is_file():
                return None
            return _sqlite(str(target.sqlite_path), key, decide, actor, via)
        if target.conninfo is not None:
            return _postgres(target.conninfo, key, decide, actor, via)
    except Exception:  # anything unexpected: the normal path writes and reports instead
        return None
    return None


def _sqlite(path: str, key: str, decide: Decide, actor: str, via: str) -> int | None:
    import sqlite3

    conn = sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        for pragma in sqlite_pragmas():  # as the engine sets every connection
            conn.execute(pragma)
        conn.execute("BEGIN IMMEDIATE")
        try:
            saved = _write(_SqliteCursor(conn), "sqlite", key, decide, actor, via)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("ROLLBACK" if saved is None else "COMMIT")
        return saved
    finally:
        conn.close()


def _postgres(conninfo: str, key: str, decide: Decide, actor: str, via: str) -> int | None:
    import psycopg

    with psycopg.connect(conninfo, connect_timeout=5) as conn:
        saved = _write(_PgCursor(conn), "postgresql", key, decide, actor, via)
        if saved is None:
            conn.rollback()
        return saved  # the connection's block commits, or rolls back on an error


class _Cursor:
    """The statements of one transaction on a driver connection, and its dialect's ways."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def rows(self, sql: str, params: dict[str, Any]) -> list[Sequence[Any]]:
        return list(self.conn.execute(sql, params).fetchall())

    def count(self, sql: str, params: dict[str, Any]) -> int:
        return int(self.conn.execute(sql, params).rowcount)

    def acting_role(self) -> str | None:
        return None

    def bind(self, value: Any) -> Any:
        return value

    def history(self, row: dict[str, Any]) -> dict[str, Any]:
        return row


class _SqliteCursor(_Cursor):
    def bind(self, value: Any) -> Any:
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, Decimal):
            return float(value)  # as the engine binds a Numeric on SQLite
        return value

    def history(self, row: dict[str, Any]) -> dict[str, Any]:
        at: datetime = row["changed_at"]
        return {
            **row,
            "changed_at": at.strftime("%Y-%m-%d %H:%M:%S.%f"),
            "changes": json.dumps(row["changes"]),
        }


class _PgCursor(_Cursor):
    def acting_role(self) -> str | None:
        on = self.conn.execute(RLS_ON_SQL).fetchone()
        if not on or not on[0]:
            return None
        return str(self.conn.execute("SELECT current_user").fetchone()[0])

    def history(self, row: dict[str, Any]) -> dict[str, Any]:
        from psycopg.types.json import Jsonb

        return {**row, "changes": Jsonb(row["changes"])}


def _write(
    cur: _Cursor, dialect: str, key: str, decide: Decide, actor: str, via: str
) -> int | None:
    if not at_head(cur.rows(REVISION_SQL, {})):
        return None
    found = cur.rows(compiled.AGENT_BY_KEY[dialect], {"key": key})
    if len(found) != 1:
        return None
    row = found[0]
    plan = decide(row, dialect)
    if plan is None:
        return None
    index = {name: i for name, i, *_ in compiled.AGENT_JSON}
    version = int(row[index["version"]])
    if not plan.values:
        return version
    sql = compiled_set.STATEMENTS[dialect]
    columns = sql["columns"]
    text = sql["update_head"] + "".join(f"{columns[n]}, " for n in plan.values) + sql["update_tail"]
    params = {n: cur.bind(v) for n, v in plan.values.items()}
    record_id = row[index["id"]]
    params.update(id=record_id, old_version=version, new_version=version + 1)
    if cur.count(text, params) != 1:
        return None  # changed meanwhile: the normal path reads it again
    if plan.changes:  # as the normal path: an update that changes nothing shown is not kept
        history = {
            "record_kind": "agent",
            "record_id": record_id,
            "record_key": key[:200],
            "parent_id": None,
            "action": "update",
            "version": version + 1,
            "actor": (cur.acting_role() or actor)[:100],
            "via": via,
            "change_set": random.getrandbits(62) + 1,
            "changed_at": datetime.now(UTC),
            "changes": plan.changes,
        }
        cur.count(sql["history"], cur.history(history))
    return version + 1
