"""Shared fixtures.

``db_url`` runs a test once on SQLite and once on PostgreSQL, against a schema built by the
real migrations. With ``CI=true`` a PostgreSQL that cannot be reached fails the run instead of
skipping; locally those tests skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from crewtui.db.engine import make_engine

from .dbutil import in_ci, postgres_problem, scratch_postgres, sqlite_url

os.environ.setdefault("CREWTUI_USER", "tester")

_PG_PROBLEM: str | bool | None = False  # False = not checked yet


def require_postgres() -> None:
    """Skip (locally) or fail (CI) when PostgreSQL is not reachable."""
    global _PG_PROBLEM
    if _PG_PROBLEM is False:
        _PG_PROBLEM = postgres_problem()
    if _PG_PROBLEM:
        msg = f"PostgreSQL is not reachable ({_PG_PROBLEM})"
        if in_ci():
            pytest.fail(msg + "; under CI=true this is a failure", pytrace=False)
        pytest.skip(msg)


def pytest_sessionstart(session: pytest.Session) -> None:
    if in_ci() and postgres_problem():
        raise pytest.UsageError(f"CI=true but PostgreSQL is not reachable: {postgres_problem()}")


def build_schema(url: str) -> None:
    """Bring an empty database to the current schema through the shipped migrations."""
    from crewtui.db.migrate import upgrade_to_head

    upgrade_to_head(url)


def build_demo(url: str) -> str:
    """An up-to-date database at ``url`` with the demo crews in it (``url`` back)."""
    from crewtui.services import Services, Store
    from crewtui.services.demo import load_demo

    build_schema(url)
    store = Store.open(url)
    try:
        load_demo(Services(store, user="tester"))
    finally:
        store.dispose()  # on SQLite this folds the WAL into the file: a plain copy is complete
    return url


def run_bench(script: str, *args: str, cwd: Path) -> None:
    """Run ``bench/SCRIPT`` with ``args`` in a fresh interpreter; fail with its output's end
    if it fails (the smoke tests' way to prove a benchmark still runs)."""
    import subprocess
    import sys

    bench = Path(__file__).resolve().parent.parent / "bench"
    proc = subprocess.run(
        [sys.executable, str(bench / script), *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=cwd,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


def wipe(engine: Engine) -> None:
    """Delete every row (children first) so the next test starts from an empty schema."""
    import crewtui.db.models  # noqa: F401  (every table on Base.metadata)
    from crewtui.db.base import Base

    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT 1"))


@pytest.fixture(scope="session")
def _sqlite_schema_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = sqlite_url(tmp_path_factory.mktemp("sqlite"))
    build_schema(url)
    return url


@pytest.fixture(scope="session")
def _pg_schema_url() -> Iterator[str]:
    require_postgres()
    with scratch_postgres("schema") as url:
        build_schema(url)
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated, empty database URL; the test runs once per backend."""
    if request.param == "postgresql":
        require_postgres()
        url = request.getfixturevalue("_pg_schema_url")
    else:
        url = request.getfixturevalue("_sqlite_schema_url")
    engine = make_engine(url)
    wipe(engine)
    engine.dispose()
    yield url


@pytest.fixture
def sqlite_db_url(_sqlite_schema_url: str) -> Iterator[str]:
    engine = make_engine(_sqlite_schema_url)
    wipe(engine)
    engine.dispose()
    yield _sqlite_schema_url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty (unmigrated) PostgreSQL database."""
    require_postgres()
    with scratch_postgres("empty") as url:
        yield url


@pytest.fixture
def empty_sqlite_url(tmp_path: Path) -> str:
    return sqlite_url(tmp_path, "empty.db")
