"""The agent list's first page read with the bare driver equals the service layer's, on both
databases; anything unexpected gives no rows (and changes nothing) instead of wrong ones."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from crewtui.db.engine import make_engine
from crewtui.db.first_page import FirstPage
from crewtui.db.peek import first_agents, sqlite_path
from crewtui.db.revisions import HEAD_REVISION
from crewtui.services import Services, Store
from crewtui.services.demo import load_demo

from .conftest import build_schema
from .dbutil import sqlite_url


def _demo(url: str) -> Services:
    store = Store.open(url)
    services = Services(store, user="tester")
    load_demo(services)
    return services


@pytest.mark.parametrize("limit", [1, 7, 200])
def test_first_page_equals_the_service_layers_list(db_url: str, limit: int) -> None:
    services = _demo(db_url)
    try:
        services.create_agent(
            {"agent_key": "aaa-first", "name": "First", "role": "R1", "goal": "g", "backstory": "b"}
        )
        services.create_agent(
            {
                "agent_key": "zzz-last",
                "name": "Last",
                "role": "R2",
                "goal": "g2",
                "backstory": "b",
                "memory_enabled": True,
                "allow_code_execution": True,
            }
        )
        expected = services.list_agents(limit=limit)
    finally:
        services.store.dispose()
    assert expected, "the demo has agents"
    assert first_agents(db_url, limit) == expected
    page = FirstPage(db_url, limit).start_early()
    assert page.rows() == expected
    assert page.ready


def test_flags_and_null_status_read_as_the_list_shows_them(db_url: str) -> None:
    services = _demo(db_url)
    try:
        services.create_agent(
            {
                "agent_key": "aaa-flags",
                "name": "F",
                "role": "RF",
                "goal": "g",
                "backstory": "b",
                "memory_enabled": True,
                "reasoning_enabled": True,
                "multimodal_enabled": True,
                "allow_code_execution": True,
            }
        )
        engine = make_engine(db_url)
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE crewai_agents SET status = NULL WHERE agent_key = 'aaa-flags'")
            )
        engine.dispose()
        expected = services.list_agents(limit=1)
    finally:
        services.store.dispose()
    rows = first_agents(db_url, 1)
    assert rows == expected
    assert rows is not None and rows[0].flags == "MRVC" and rows[0].status == "active"
    assert isinstance(rows[0].id, uuid.UUID)


def test_a_schema_of_another_revision_gives_no_rows(db_url: str) -> None:
    _demo(db_url).store.dispose()
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0002_expansion'"))
        assert first_agents(db_url, 10) is None
        assert FirstPage(db_url, 10).start_early().rows() is None
    finally:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": HEAD_REVISION})
        engine.dispose()


def test_a_missing_sqlite_file_is_not_created(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path, "absent.db")
    assert first_agents(url, 10) is None
    assert FirstPage(url).start_early().rows() is None
    assert not (tmp_path / "absent.db").exists()


def test_an_empty_sqlite_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    assert first_agents(sqlite_url(tmp_path, "empty.db"), 10) is None
    assert path.read_bytes() == b""


def test_urls_left_to_the_engine(tmp_path: Path) -> None:
    build_schema(sqlite_url(tmp_path))
    assert sqlite_path("sqlite://") is None
    assert sqlite_path("sqlite:///:memory:") is None
    assert sqlite_path(f"{sqlite_url(tmp_path)}?timeout=3") is None
    assert first_agents(f"{sqlite_url(tmp_path)}?timeout=3", 10) is None
    assert (
        first_agents("postgresql+psycopg://postgres@127.0.0.1:5432/test?sslmode=disable", 10)
        is None
    )
    assert first_agents("mysql://somewhere/db", 10) is None
    assert sqlite_path(sqlite_url(tmp_path)) == tmp_path / "crewtui.db"


def test_a_database_that_does_not_answer_gives_no_rows() -> None:
    # nothing listens on port 9 of the loopback: the forked reader fails and says so
    url = "postgresql+psycopg://postgres@127.0.0.1:9/nothing"
    page = FirstPage(url).start_early()
    assert page.rows() is None
    assert first_agents(url, 5) is None


def test_the_forked_reader_is_reaped(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite reads in a thread")
    _demo(db_url).store.dispose()
    page = FirstPage(db_url, 5).start_early()
    assert page._child is not None
    pid = page._child[0]
    rows = page.rows()
    assert rows is not None and len(rows) == 5
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
