"""``agents show --json`` and ``crews list --json`` read with the bare driver print exactly
what the services and the models print, on both databases; decimals are JSON numbers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from crewtui.cli import cli
from crewtui.cli.records import record_json
from crewtui.db import compiled
from crewtui.db.compile import LAYOUTS, layout
from crewtui.db.engine import make_engine
from crewtui.db.revisions import HEAD_REVISION
from crewtui.services import Services, Store
from crewtui.services.demo import load_demo
from crewtui.services.quick import agent_json, crews_json


@pytest.fixture
def services(db_url: str) -> Iterator[Services]:
    store = Store.open(db_url)
    services = Services(store, user="tester")
    load_demo(services)
    yield services
    store.dispose()


def _edges(services: Services, db_url: str) -> None:
    """Agents and crews with the values that are easy to print wrongly."""
    services.create_agent(
        {
            "agent_key": "aaa-edges",
            "name": "Edges",
            "role": "R",
            "goal": "g",
            "backstory": "b",
            "temperature": Decimal("0.05"),
            "tools": ["web_search"],
            "knowledge_sources": ["a text", {"type": "string", "content": "inline"}],
            "embedder_config": {"provider": "openai", "config": {"model": "x"}},
        }
    )
    services.create_agent(
        {"agent_key": "zzz-bare", "name": "Bare", "role": "R", "goal": "g", "backstory": "b"}
    )
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE crewai_agents SET status = NULL, temperature = NULL, last_executed_at = :t"
                " WHERE agent_key = 'zzz-bare'"
            ),
            {"t": datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)},
        )
    engine.dispose()
    services.create_crew({"crew_name": "aaa-crew", "description": None})


def test_the_layouts_are_derived_from_the_models() -> None:
    """``python -m crewtui.db.compile`` rewrites them when a model or a column changes."""
    for name, repo in LAYOUTS.items():
        assert getattr(compiled, name) == layout(repo), name


def test_an_agent_reads_the_same_both_ways(services: Services, db_url: str) -> None:
    _edges(services, db_url)
    keys = [a.agent_key for a in services.list_agents()]
    assert "aaa-edges" in keys and "zzz-bare" in keys
    for key in keys:
        expected = record_json(services.get_agent(key))
        assert agent_json(db_url, key) == expected, key
    bare = agent_json(db_url, "zzz-bare")
    assert bare is not None
    assert bare["status"] == "active"  # NULL where the model needs a value: its default
    assert bare["temperature"] is None
    assert bare["last_executed_at"].startswith("2026-03-04T")


def test_crews_read_the_same_both_ways(services: Services, db_url: str) -> None:
    _edges(services, db_url)
    expected = [record_json(c) for c in services.list_crews()]
    assert crews_json(db_url) == expected
    assert expected[0]["crew_name"] == "aaa-crew"


def test_the_commands_print_what_the_services_say(services: Services, db_url: str) -> None:
    _edges(services, db_url)
    runner = CliRunner()
    shown = runner.invoke(cli, ["agents", "show", "aaa-edges", "--json", "--db", db_url])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data == record_json(services.get_agent("aaa-edges"))
    assert data["temperature"] == 0.05 and isinstance(data["temperature"], float)
    listed = runner.invoke(cli, ["crews", "list", "--json", "--db", db_url])
    assert json.loads(listed.stdout) == [record_json(c) for c in services.list_crews()]
    missing = runner.invoke(cli, ["agents", "show", "no-such-agent", "--json", "--db", db_url])
    assert missing.exit_code == 4 and "No agent 'no-such-agent'" in missing.stderr


def test_a_schema_of_another_revision_is_left_to_the_services(
    services: Services, db_url: str
) -> None:
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0002_expansion'"))
        assert agent_json(db_url, "senior-market-analyst") is None
        assert crews_json(db_url) is None
    finally:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": HEAD_REVISION})
        engine.dispose()


def test_decimals_are_json_numbers_in_every_json_output(services: Services, db_url: str) -> None:
    crew = services.list_crews()[0].crew_name
    task = services.list_tasks(crew)[0].name
    services.update_task(crew, task, {"confidence_score": Decimal("0.88")})
    runner = CliRunner()

    def run(*args: str) -> object:
        result = runner.invoke(cli, [*args, "--json", "--db", db_url])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    agent = run("agents", "show", "senior-market-analyst")
    assert isinstance(agent, dict) and type(agent["temperature"]) is float
    tasks = run("tasks", "list", crew)
    assert isinstance(tasks, list) and tasks[0]["confidence_score"] == 0.88
    shown = run("tasks", "show", f"{crew}/{task}")
    assert isinstance(shown, dict) and shown["confidence_score"] == 0.88
    crew_json = run("crews", "show", crew)
    assert isinstance(crew_json, dict) and crew_json["tasks"][0]["confidence_score"] == 0.88
