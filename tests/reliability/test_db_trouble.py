"""Database trouble: PostgreSQL connections dying, the database refusing connections for a
while, and SQLite busy under another writer. Each gives a typed error with a clear message
(or succeeds by reconnecting), never a raw driver error, never a half-saved change, and a
retry succeeds once the trouble is over.

PostgreSQL is never stopped (others use it): the app's server-side backends are killed with
pg_terminate_backend, and "gone" is a scratch database that refuses new connections.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from crewtui.db.engine import make_engine
from crewtui.domain.errors import DatabaseUnavailable
from crewtui.services import Services, Store

from ..conftest import build_schema, require_postgres
from ..dbutil import pg_base_url, scratch_postgres, sqlite_url

AGENT = {"role": "r", "goal": "g", "backstory": "b"}


def _agent(key: str) -> dict[str, Any]:
    return {"agent_key": key, "name": key.title(), **AGENT}


# ---------------------------------------------------------------- PostgreSQL


@pytest.fixture
def pg() -> Iterator[tuple[Services, Engine, str]]:
    """Services on a scratch database, an admin engine, and the database's name."""
    require_postgres()
    with scratch_postgres("trouble") as url:
        build_schema(url)
        admin = create_engine(pg_base_url(), isolation_level="AUTOCOMMIT")
        services = Services(Store.open(url))
        try:
            yield services, admin, str(make_url(url).database)
        finally:
            services.store.dispose()
            with admin.connect() as conn:
                conn.execute(
                    text(f'ALTER DATABASE "{make_url(url).database}" ALLOW_CONNECTIONS true')
                )
            admin.dispose()


def _kill_backends(admin: Engine, database: str) -> int:
    with admin.connect() as conn:
        killed: int = conn.execute(
            text(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM "
                "pg_stat_activity "
                "WHERE datname = :d AND pid <> pg_backend_pid()"
            ),
            {"d": database},
        ).scalar_one()
    return int(killed)


def _members(services: Services, crew: str) -> list[str]:
    crew_rec = services.get_crew(crew)
    return [str(m.agent_key) for m in crew_rec.members]


def test_killed_connections_between_calls_recover(pg: tuple[Services, Engine, str]) -> None:
    services, admin, database = pg
    services.create_agent(_agent("first"))
    assert _kill_backends(admin, database) >= 1  # the pooled connection of the app
    # the pool's pre-ping notices the dead connection and reconnects; should it not, the
    # failure must be typed, and a retry must work
    try:
        services.create_agent(_agent("second"))
    except DatabaseUnavailable as exc:
        assert "Nothing was saved" in exc.message
        services.create_agent(_agent("second"))
    assert [a.agent_key for a in services.list_agents()] == ["first", "second"]


def test_a_connection_killed_mid_change_saves_nothing(pg: tuple[Services, Engine, str]) -> None:
    services, admin, _ = pg
    for key in ("a", "b", "c"):
        services.create_agent(_agent(key))
    services.create_crew({"crew_name": "crew"})
    services.set_members("crew", [("a", None), ("b", None)])

    writes: list[str] = []

    def kill_on_second_write(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writes.append(statement)
            if len(writes) == 2:  # the first write went through; this one never arrives
                pid = cursor.connection.info.backend_pid
                with admin.connect() as c:
                    c.execute(text("SELECT pg_terminate_backend(:p, 5000)"), {"p": pid})

    engine = services.store.engine
    event.listen(engine, "before_cursor_execute", kill_on_second_write)
    try:
        with pytest.raises(DatabaseUnavailable) as caught:
            services.set_members("crew", [("c", None), ("b", None), ("a", "lead")])
    finally:
        event.remove(engine, "before_cursor_execute", kill_on_second_write)
    assert len(writes) == 2, "the change was meant to be interrupted half way"
    assert "could not be reached" in caught.value.message
    assert _members(services, "crew") == ["a", "b"]  # nothing of the change was kept
    services.set_members("crew", [("c", None), ("b", None), ("a", "lead")])  # the retry
    assert _members(services, "crew") == ["c", "b", "a"]


def test_a_database_that_goes_away_and_comes_back(pg: tuple[Services, Engine, str]) -> None:
    services, admin, database = pg
    services.create_agent(_agent("first"))
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false'))
    _kill_backends(admin, database)

    for attempt in (
        lambda: services.list_agents(),
        lambda: services.create_agent(_agent("second")),
    ):
        with pytest.raises(DatabaseUnavailable) as caught:
            attempt()
        assert caught.value.title == "Database unavailable"
        assert "could not be reached" in caught.value.message

    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true'))
    services.create_agent(_agent("second"))
    assert [a.agent_key for a in services.list_agents()] == ["first", "second"]


# ---------------------------------------------------------------- SQLite


@pytest.fixture
def sqlite_services(tmp_path: Path) -> Iterator[tuple[Services, Path]]:
    url = sqlite_url(tmp_path)
    build_schema(url)
    store = Store(make_engine(url, sqlite_busy_timeout_ms=150), url)
    yield Services(store), tmp_path / "crewtui.db"
    store.dispose()


def test_sqlite_busy_under_another_writer_is_clear_and_retryable(
    sqlite_services: tuple[Services, Path],
) -> None:
    services, path = sqlite_services
    services.create_agent({**_agent("analyst"), "max_iter": 5})
    before = services.get_agent("analyst")

    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        with pytest.raises(DatabaseUnavailable) as caught:
            services.update_agent("analyst", {"max_iter": 6}, expected_version=before.version)
        assert caught.value.title == "Database busy"
        assert "another program is writing" in caught.value.message
        assert "Nothing was saved" in caught.value.message
    finally:
        other.execute("ROLLBACK")
        other.close()

    assert services.get_agent("analyst").max_iter == 5
    saved = services.update_agent("analyst", {"max_iter": 6}, expected_version=before.version)
    assert (saved.max_iter, saved.version) == (6, before.version + 1)


def test_sqlite_busy_timeout_is_configurable(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path), sqlite_busy_timeout_ms=1234)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 1234
    finally:
        engine.dispose()
