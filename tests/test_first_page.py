"""The agent list's first page read with the bare driver equals the service layer's, on both
databases; anything unexpected gives no rows (and changes nothing) instead of wrong ones."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from crewtui.db import first_page
from crewtui.db.engine import make_engine
from crewtui.db.peek import first_agents
from crewtui.db.revisions import HEAD_REVISION
from crewtui.db.url import driver_target
from crewtui.domain.views import AgentSummary
from crewtui.services import Services, Store
from crewtui.services.demo import load_demo
from crewtui.services.first_page import FirstPage

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
    assert driver_target("sqlite://") is None
    assert driver_target("sqlite:///:memory:") is None
    assert driver_target(f"{sqlite_url(tmp_path)}?timeout=3") is None
    assert first_agents(f"{sqlite_url(tmp_path)}?timeout=3", 10) is None
    assert (
        first_agents("postgresql+psycopg://postgres@127.0.0.1:5432/test?sslmode=disable", 10)
        is None
    )
    assert first_agents("mysql://somewhere/db", 10) is None
    target = driver_target(sqlite_url(tmp_path))
    assert target is not None and target.sqlite_path == tmp_path / "crewtui.db"


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


def test_the_forked_reader_runs_at_the_lowest_priority(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a busy machine the interface draws its first frame before the reader's imports."""
    if not hasattr(os, "fork") or os.nice(0) >= first_page.CHILD_NICE:
        pytest.skip("no fork, or this process already runs at the lowest priority")

    def priority(url: str, limit: int) -> list[AgentSummary]:
        # runs in the child: its nice value comes back as the key of the one row
        nice = str(os.nice(0))
        return [AgentSummary(uuid.UUID(int=1), nice, "n", "r", "active", None, None, None, "", "")]

    monkeypatch.setattr(first_page, "first_agents", priority)
    page = FirstPage("postgresql+psycopg://postgres@127.0.0.1:9/nothing").start_early()
    assert page._child is not None
    rows = page.rows()
    assert rows is not None and [r.agent_key for r in rows] == [str(first_page.CHILD_NICE)]
    assert os.nice(0) < first_page.CHILD_NICE  # the interface keeps its priority


def test_the_early_readers_run_the_repositories_queries() -> None:
    """The SQL text read before SQLAlchemy loads is the repositories' queries, compiled now,
    on both dialects (``python -m crewtui.db.compile`` rewrites it)."""
    from crewtui.db import compiled
    from crewtui.db.compile import QUERIES, compiled_text, dialects

    for name, make in QUERIES.items():
        for dialect_name, dialect in dialects().items():
            stored = getattr(compiled, name)[dialect_name]
            assert stored == compiled_text(make(), dialect), (name, dialect_name)


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////tmp/x/crewtui.db",
        "sqlite:///relative/data.db",
        "sqlite:////tmp/with%20space/a%25b.db",
        "postgres://u@h/db",
        "postgresql://u:p%40ss@h:5433/db",
        "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    ],
)
def test_the_early_readers_find_the_database_the_engine_opens(url: str) -> None:
    from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

    from crewtui.db.url import database_url, sqlite_file

    target = driver_target(url)
    parsed = database_url(url)
    assert target is not None
    if parsed.get_backend_name() == "sqlite":
        assert target.sqlite_path == sqlite_file(parsed)
        return
    import psycopg.conninfo

    assert target.conninfo is not None
    ours = psycopg.conninfo.conninfo_to_dict(target.conninfo)
    _, engine_args = PGDialect_psycopg().create_connect_args(parsed)
    assert ours == {k: str(v) for k, v in engine_args.items()}


@pytest.mark.parametrize(
    "url",
    [
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:///a.db?timeout=3",
        "postgresql+psycopg://%2Fvar%2Frun%2Fpostgresql/test",
        "mysql://h/db",
        "nonsense",
    ],
)
def test_urls_the_early_readers_leave_to_the_engine(url: str) -> None:
    assert driver_target(url) is None


def test_the_first_page_api_loads_neither_the_orm_nor_the_models() -> None:
    """The app starts the read before anything else: importing it must stay cheap."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from crewtui.services.first_page import FIRST_PAGE, FirstPage\n"
        "print(sorted(m for m in ('sqlalchemy', 'pydantic', 'psycopg') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
