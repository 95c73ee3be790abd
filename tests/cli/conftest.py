"""Run ``crewtui`` in-process against the test database."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text

from crewtui.cli import cli
from crewtui.db.engine import make_engine

Run = Callable[..., Result]
Query = Callable[..., list[tuple[Any, ...]]]


@pytest.fixture
def run(db_url: str) -> Run:
    """``run("agents", "list")`` -> the click Result; ``--db`` is added for every command."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        result = runner.invoke(cli, [*args, "--db", db_url], input=input, catch_exceptions=False)
        return result

    return invoke


@pytest.fixture
def query(db_url: str) -> Query:
    def q(sql: str, **params: Any) -> list[tuple[Any, ...]]:
        engine = make_engine(db_url)
        try:
            with engine.connect() as conn:
                return [tuple(r) for r in conn.execute(text(sql), params)]
        finally:
            engine.dispose()

    return q


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)
