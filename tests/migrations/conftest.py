"""pytest-alembic wiring: the built-in tests run against SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_alembic.config import Config
from sqlalchemy import Engine, event

from crewtui.db.engine import make_engine
from crewtui.db.migrate import alembic_config as make_alembic_config

from ..conftest import require_postgres
from ..dbutil import scratch_postgres, sqlite_url
from .legacy_fixture import create_legacy


def _foreign_keys_off(dbapi_conn: Any, _record: Any) -> None:
    # As `crewtui db upgrade` does: SQLite table rebuilds must not cascade.
    dbapi_conn.execute("PRAGMA foreign_keys=OFF")


@pytest.fixture(params=["sqlite", "postgresql"])
def alembic_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(sqlite_url(tmp_path, "alembic.db"))
        event.listen(engine, "connect", _foreign_keys_off)
        yield engine
        engine.dispose()
        return
    require_postgres()
    with scratch_postgres("alembic") as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture
def alembic_config() -> Config:
    return Config(alembic_config=make_alembic_config(""))


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database (nothing created), once per backend."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path, "legacy.db")
        return
    require_postgres()
    with scratch_postgres("legacy") as url:
        yield url


@pytest.fixture
def legacy_url(backend_url: str) -> str:
    """A seeded legacy database without migration history, once per backend."""
    create_legacy(backend_url)
    return backend_url


@pytest.fixture
def fresh_legacy_url(backend_url: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty-of-rows legacy database on the same backend as ``backend_url``."""
    if backend_url.startswith("sqlite"):
        url = sqlite_url(tmp_path, "fresh-legacy.db")
        create_legacy(url, seed=False)
        yield url
        return
    with scratch_postgres("fresh") as url:
        create_legacy(url, seed=False)
        yield url
