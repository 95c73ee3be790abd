"""Compare schemas and data: reflected structure, information_schema on PostgreSQL, row dumps."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from crewtui.db.migrations.state import LEGACY_COLUMNS


def _norm(text: str | None) -> str | None:
    if text is None:
        return None
    text = re.sub(r"\s+", " ", str(text)).strip()
    while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    return text


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def schema_snapshot(conn: Connection) -> dict[str, Any]:
    """Everything that defines the schema, in a comparable form."""
    insp = sa.inspect(conn)
    out: dict[str, Any] = {}
    for table in sorted(set(insp.get_table_names()) - {"alembic_version"}):
        out[table] = {
            "columns": [
                (
                    c["name"],
                    str(c["type"]),
                    c["nullable"],
                    _norm(c.get("default")),
                    c.get("comment"),
                )
                for c in insp.get_columns(table)
            ],
            "pk": (
                insp.get_pk_constraint(table)["name"],
                insp.get_pk_constraint(table)["constrained_columns"],
            ),
            "fks": sorted(
                (
                    f["name"],
                    tuple(f["constrained_columns"]),
                    f["referred_table"],
                    tuple(f["referred_columns"]),
                    (f.get("options") or {}).get("ondelete"),
                )
                for f in insp.get_foreign_keys(table)
            ),
            "uniques": sorted(
                (u["name"], tuple(u["column_names"])) for u in insp.get_unique_constraints(table)
            ),
            "checks": sorted(
                (c["name"], _norm(c["sqltext"])) for c in insp.get_check_constraints(table)
            ),
            "indexes": sorted(
                (
                    i["name"],
                    tuple(i["column_names"]),
                    bool(i["unique"]),
                    _norm(str((i.get("dialect_options") or {}).get(f"{conn.dialect.name}_where"))),
                )
                for i in insp.get_indexes(table)
            ),
            "comment": insp.get_table_comment(table).get("text")
            if conn.dialect.supports_comments
            else None,
        }
    if conn.dialect.name == "postgresql":
        out["__information_schema__"] = _information_schema(conn)
        out["__triggers__"] = sorted(
            conn.execute(
                sa.text(
                    "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
                    "JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
                )
            ).all()
        )
        out["__functions__"] = sorted(
            conn.execute(
                sa.text(
                    "SELECT proname, prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = "
                    "p.pronamespace "
                    "WHERE n.nspname = 'public'"
                )
            ).all()
        )
    else:
        out["__triggers__"] = sorted(
            conn.execute(
                sa.text("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
            ).all()
        )
    return out


def _information_schema(conn: Connection) -> dict[str, Any]:
    q = lambda sql: sorted(tuple(r) for r in conn.execute(sa.text(sql)).all())  # noqa: E731
    return {
        "columns": q(
            "SELECT table_name, column_name, data_type, udt_name, character_maximum_length, "
            "numeric_precision, numeric_scale, is_nullable, column_default "
            "FROM information_schema.columns WHERE table_schema = 'public' "
            "AND table_name <> 'alembic_version'"
        ),
        "constraints": q(
            "SELECT table_name, constraint_name, constraint_type FROM "
            "information_schema.table_constraints "
            "WHERE table_schema = 'public' AND table_name <> 'alembic_version' "
            "AND constraint_name NOT LIKE '%_not_null'"
        ),
        "checks": q(
            "SELECT cc.constraint_name, cc.check_clause FROM "
            "information_schema.check_constraints cc "
            "JOIN information_schema.table_constraints tc ON tc.constraint_name = "
            "cc.constraint_name "
            "AND tc.constraint_schema = cc.constraint_schema "
            "WHERE cc.constraint_schema = 'public' AND cc.constraint_name NOT LIKE '%_not_null'"
        ),
        "key_columns": q(
            "SELECT table_name, constraint_name, column_name, ordinal_position "
            "FROM information_schema.key_column_usage WHERE table_schema = 'public' "
            "AND table_name <> 'alembic_version'"
        ),
        "referential": q(
            "SELECT constraint_name, unique_constraint_name, update_rule, delete_rule "
            "FROM information_schema.referential_constraints WHERE constraint_schema = 'public'"
        ),
        "column_order": q(
            "SELECT table_name, column_name, ordinal_position FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name <> 'alembic_version'"
        ),
    }


def dump_legacy(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every legacy column of every legacy row; crew_type read from process_type once renamed."""
    insp = sa.inspect(conn)
    out: dict[str, list[tuple[Any, ...]]] = {}
    for table, columns in LEGACY_COLUMNS.items():
        have = {c["name"] for c in insp.get_columns(table)}
        select = ", ".join(
            "process_type" if c == "crew_type" and "crew_type" not in have else f'"{c}"'
            for c in columns
        )
        out[table] = [
            tuple(r) for r in conn.execute(sa.text(f"SELECT {select} FROM {table} ORDER BY id"))
        ]
    return out


def snapshot_url(url: str) -> dict[str, Any]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return schema_snapshot(conn)
    finally:
        engine.dispose()


def dump_url(url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return dump_legacy(conn)
    finally:
        engine.dispose()


def diff(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Human-readable differences between two snapshots (empty when equal)."""
    out = []
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            out.append(f"{key}:\n  left={a.get(key)!r}\n  right={b.get(key)!r}")
    return out
