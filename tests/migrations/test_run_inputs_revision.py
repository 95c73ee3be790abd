"""The 0011_run_inputs revision on both databases: the column comes with ``{}`` for the crews
already there, holds what the import stores, and goes on downgrade with the rows kept."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import create_engine, text

from crewtui.db import migrate

from ..conftest import require_postgres
from ..dbutil import scratch_postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'inputs.db'}"
        return
    require_postgres()
    with scratch_postgres("run_inputs") as url:
        yield url


def _has_column(url: str) -> bool:
    engine = create_engine(url)
    try:
        return "run_inputs" in {c["name"] for c in sa.inspect(engine).get_columns("crewai_crews")}
    finally:
        engine.dispose()


def test_the_revision_adds_and_removes_run_inputs(empty_url: str) -> None:
    config = migrate.alembic_config(empty_url)
    command.upgrade(config, "0010_ownership")
    assert not _has_column(empty_url)
    engine = create_engine(empty_url)
    crew_id = uuid.uuid4()
    key = crew_id.hex if empty_url.startswith("sqlite") else crew_id
    try:
        with engine.begin() as conn:
            conn.execute(
                text("INSERT INTO crewai_crews (id, crew_name) VALUES (:id, 'before')"),
                {"id": key},
            )
        command.upgrade(config, "0011_run_inputs")
        assert _has_column(empty_url)
        with engine.connect() as conn:
            value: object = conn.execute(text("SELECT run_inputs FROM crewai_crews")).scalar_one()
        assert value in ({}, "{}")  # JSONB decoded on PostgreSQL, text on SQLite
        command.downgrade(config, "0010_ownership")
        assert not _has_column(empty_url)
        with engine.connect() as conn:
            names: list[str] = list(
                conn.execute(text("SELECT crew_name FROM crewai_crews")).scalars().all()
            )
        assert names == ["before"]
    finally:
        engine.dispose()
