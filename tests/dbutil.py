"""Scratch databases for tests: SQLite files and PostgreSQL databases created per run."""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
_counter = itertools.count()


def pg_base_url() -> str:
    return os.environ.get("CREWTUI_TEST_POSTGRES_URL", DEFAULT_PG)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def postgres_problem() -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        eng = create_engine(pg_base_url(), connect_args={"connect_timeout": 3})
        with eng.connect() as conn:
            conn.execute(text("select 1"))
        eng.dispose()
        return None
    except Exception as exc:  # any failure to connect means "not available"
        return (
            f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
        )


def scratch_pg_name(tag: str = "t") -> str:
    return f"crewtui_{tag}_{os.getpid()}_{next(_counter)}_{uuid.uuid4().hex[:6]}"


@contextmanager
def scratch_postgres(tag: str = "t") -> Iterator[str]:
    """Create an empty PostgreSQL database; yield its URL; drop it afterwards."""
    base = make_url(pg_base_url())
    name = scratch_pg_name(tag)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def sqlite_url(directory: Path, name: str = "crewtui.db") -> str:
    return f"sqlite:///{directory / name}"


@contextmanager
def statements_sent(engine: Engine) -> Iterator[list[str]]:
    """Every SQL statement ``engine`` sends inside the block, in order."""
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)
