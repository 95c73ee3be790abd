"""Many new rows of one table written at once, inside the caller's transaction.

On PostgreSQL the rows go through ``COPY ... FROM STDIN`` (one command, instead of one
INSERT per row in a pipeline); elsewhere through executemany INSERTs in chunks. Both write
what an INSERT per row through SQLAlchemy would: every value passes the column type's bind
processing, and a None is NULL (for JSON columns too, not JSON ``null``); the columns left
out get their server defaults.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import JSON, Connection, Table, insert, null
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import TypeDecorator

T = TypeVar("T")

#: rows per executemany call, and ids or keys per ``IN (...)`` lookup: well under the
#: bind-parameter limits of SQLite and psycopg
CHUNK = 1000


def chunks(items: list[T]) -> Iterator[list[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def write_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: list[list[Any]]
) -> None:
    """Insert ``rows`` (values in the order of ``columns``) into ``table``."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        _copy_rows(conn, table, columns, rows)
    else:
        _insert_rows(conn, table, columns, rows)


def _insert_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: list[list[Any]]
) -> None:
    json_columns = [
        i for i, name in enumerate(columns) if isinstance(table.c[name].type, JSON | TypeDecorator)
    ]
    # JSON columns turn a None parameter into JSON 'null'; those rows get NULL in the
    # statement itself instead, so rows are grouped by which JSON columns they leave empty
    groups: dict[frozenset[int], list[dict[str, Any]]] = {}
    for row in rows:
        empty = frozenset(i for i in json_columns if row[i] is None)
        groups.setdefault(empty, []).append(
            {
                name: v
                for i, (name, v) in enumerate(zip(columns, row, strict=True))
                if i not in empty
            }
        )
    for empty, params in groups.items():
        names = sorted(columns[i] for i in empty)
        stmt = insert(table).values({name: null() for name in names}) if names else insert(table)
        for chunk in chunks(params):
            conn.execute(stmt, chunk)


def _copy_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: list[list[Any]]
) -> None:
    from psycopg import errors, sql

    dialect = conn.dialect
    processors = [
        (i, proc)
        for i, name in enumerate(columns)
        if (proc := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]
    command = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    )
    driver = conn.connection.driver_connection
    assert driver is not None
    try:
        with driver.cursor() as cursor, cursor.copy(command) as copy:
            for row in rows:
                for i, proc in processors:
                    if row[i] is not None:
                        row[i] = proc(row[i])
                copy.write_row(row)
    except errors.IntegrityError as exc:
        raise IntegrityError(command.as_string(driver), None, exc) from exc
