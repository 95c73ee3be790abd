"""A project written for the newest crewai (JSON-first) imports without losing a setting, and
exports back for that release with the same settings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from crewtui.interop.export import render_project
from crewtui.interop.releases import NEWEST
from crewtui.services import Services, Store
from crewtui.services.importer import import_project

PROJECT = Path(__file__).parent / "corpus" / "launch_review"


def jsonc(text: str) -> Any:
    return json.loads("\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("//")))


@pytest.fixture
def services(db_url: str) -> Iterator[Services]:
    store = Store.open(db_url)
    try:
        yield Services(store)
    finally:
        store.dispose()


def test_newest_release_project_loses_nothing(services: Services) -> None:
    report = import_project(services, PROJECT, dry_run=False)
    messages = [str(w) for w in report.warnings]
    assert not [m for m in messages if "not a crewai setting" in m or "no place" in m], messages
    bundle = services.load_bundle("launch-review")
    analyst = next(a for a in bundle.members if a.agent_key == "launch-analyst")
    # the LLM object form
    assert analyst.llm_model == "openai/gpt-4o" and analyst.max_tokens == 1000
    assert analyst.temperature == Decimal("0.3")
    assert analyst.reasoning_enabled and analyst.max_reasoning_attempts == 2
    assert analyst.memory_enabled and analyst.max_iter == 15
    # top_p and seed are the model endpoint's own columns
    assert analyst.llm_top_p == Decimal("0.9") and analyst.llm_seed == 42
    assert analyst.crewai_settings == {
        "planning_config": {"reasoning_effort": "medium"},
        "tool_failure_policy": "raise",
    }
    reviewer = next(a for a in bundle.members if a.agent_key == "risk-reviewer")
    assert reviewer.llm_model == "openai/gpt-4.1-mini"
    assert reviewer.crewai_settings == {
        "guardrail": "Only name risks the plan actually creates.",
        "guardrail_max_retries": 2,
        "knowledge_config": {"results_limit": 4, "score_threshold": 0.4},
        "mcps": ["https://mcp.example.com/risk-register"],
        "apps": ["gmail/send_email"],
    }
    assert bundle.crew.crewai_settings == {
        "stream": True,
        "tracing": False,
        "checkpoint": True,
        "chat_llm": "openai/gpt-4o-mini",
    }
    tasks = {t.name: t for t in bundle.tasks}
    assert tasks["summarize_plan"].crewai_settings == {
        "input_files": {"plan": "docs/launch_plan.pdf"}
    }
    assert tasks["review_risks"].crewai_settings["guardrails"] == [
        "Every risk has a likelihood and an impact.",
        "No more than ten risks.",
    ]

    files = render_project(bundle, format="json", target=NEWEST)
    agent = jsonc(files["agents/launch_analyst.jsonc"])
    assert agent["settings"]["planning_config"] == {"max_attempts": 2, "reasoning_effort": "medium"}
    assert (
        agent["settings"]["tool_failure_policy"] == "raise" and agent["settings"]["memory"] is True
    )
    assert "top_p=0.9" in files["llms.py"] and "seed=42" in files["llms.py"]
    crew = jsonc(files["crew.jsonc"])
    assert crew["stream"] is True and crew["checkpoint"] is True
    assert crew["chat_llm"] == "openai/gpt-4o-mini"
    assert crew["tasks"][0]["input_files"] == {"plan": "docs/launch_plan.pdf"}
    assert len(crew["tasks"][1]["guardrails"]) == 2
