"""crewai settings without a column: validated by the domain, set and shown by the command
line on both databases, exported for the releases that have them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner, Result

from crewtui.cli import cli
from crewtui.domain.agent import Agent
from crewtui.domain.errors import ValidationFailed

AGENT = ("role=Analyst", "goal=Size markets", "backstory=Ten years.", "name=Analyst")


def run(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--db", db_url], catch_exceptions=False)


def show(db_url: str, kind: str, key: str) -> dict[str, Any]:
    result = run(db_url, kind, "show", key, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_domain_validates_each_setting() -> None:
    base: dict[str, Any] = {
        "agent_key": "a",
        "name": "A",
        "role": "r",
        "goal": "g",
        "backstory": "b",
    }
    ok = Agent.validated({**base, "crewai_settings": {"memory": True, "mcps": ["notion"]}})
    assert ok.crewai_settings == {"memory": True, "mcps": ["notion"]}
    with pytest.raises(ValidationFailed) as bad:
        Agent.validated({**base, "crewai_settings": {"planning_config": {"max_attempts": 0}}})
    assert "planning_config.max_attempts" in str(bad.value)
    with pytest.raises(ValidationFailed, match="memroy"):
        Agent.validated({**base, "crewai_settings": {"memroy": True}})


def test_cli_sets_and_shows_settings(db_url: str) -> None:
    assert run(db_url, "agents", "create", "analyst", *AGENT).exit_code == 0
    r = run(
        db_url,
        "agents",
        "set",
        "analyst",
        "crewai.memory=true",
        "crewai.planning_config.max_attempts=2",
        "crewai.tool_failure_policy=raise",
        'crewai.mcps=["https://mcp.example.com/sse"]',
        "crewai.llm.base_url=http://127.0.0.1:8000/v1",
    )
    assert r.exit_code == 0, r.output
    stored = show(db_url, "agents", "analyst")["crewai_settings"]
    assert stored == {
        "memory": True,
        "planning_config": {"max_attempts": 2},
        "tool_failure_policy": "raise",
        "mcps": ["https://mcp.example.com/sse"],
        "llm": {"base_url": "http://127.0.0.1:8000/v1"},
    }
    # a bad value names the setting and writes nothing
    bad = run(
        db_url, "agents", "set", "analyst", "crewai.tool_failure_policy=explode", "max_iter=3"
    )
    assert bad.exit_code != 0 and "tool_failure_policy" in bad.output
    assert show(db_url, "agents", "analyst")["max_iter"] == 25
    # an empty value removes the key
    assert run(db_url, "agents", "set", "analyst", "crewai.memory=").exit_code == 0
    assert "memory" not in show(db_url, "agents", "analyst")["crewai_settings"]


def test_cli_crew_and_task_settings(db_url: str) -> None:
    assert run(db_url, "agents", "create", "analyst", *AGENT).exit_code == 0
    assert run(db_url, "crews", "create", "research", "process_type=sequential").exit_code == 0
    r = run(db_url, "crews", "set", "research", "crewai.stream=true", "crewai.tracing=false")
    assert r.exit_code == 0, r.output
    assert show(db_url, "crews", "research")["crewai_settings"] == {
        "stream": True,
        "tracing": False,
    }
