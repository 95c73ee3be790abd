"""Text to values by field kind (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crewtui.domain.agent import Agent
from crewtui.domain.catalog import Tool
from crewtui.domain.errors import ValidationFailed
from crewtui.domain.task import Task
from crewtui.services.values import format_value, parse_assignments


def test_values_are_parsed_by_kind() -> None:
    got = parse_assignments(
        Agent,
        [
            "max_iter=12",
            "temperature=0.25",
            "allow_delegation=no",
            "verbose=ON",
            "tools=web_search, file_read",
            'knowledge_sources=["handbook"]',
            'embedder_config={"provider": "openai"}',
            "department_id=research",
            "function_calling_llm=",
            "max_tokens=null",
            "name=Null Island",
            "backstory=  two  spaces ",
        ],
    )
    assert got == {
        "max_iter": 12,
        "temperature": Decimal("0.25"),
        "allow_delegation": False,
        "verbose": True,
        "tools": ["web_search", "file_read"],
        "knowledge_sources": ["handbook"],
        "embedder_config": {"provider": "openai"},
        "department_id": "research",
        "function_calling_llm": None,
        "max_tokens": None,
        "name": "Null Island",
        "backstory": "  two  spaces ",
    }
    assert parse_assignments(Agent, ['tools=["a,b", "c"]', "max-rpm=3"]) == {
        "tools": ["a,b", "c"],
        "max_rpm": 3,
    }
    assert parse_assignments(Tool, ["config={}"]) == {"config": {}}
    assert parse_assignments(Task, ["context_task_ids=gather,analyse"]) == {
        "context_task_ids": ["gather", "analyse"]
    }


def test_every_bad_value_is_reported_by_field() -> None:
    with pytest.raises(ValidationFailed) as exc:
        parse_assignments(
            Agent,
            [
                "max_iter=many",
                "temperature=warm",
                "verbose=maybe",
                "embedder_config={oops",
                "colour=red",
                "version=3",
                "novalue",
                "max_rpm=1",
                "max_rpm=2",
            ],
        )
    assert exc.value.by_field() == {
        "max_iter": "must be a whole number",
        "temperature": "must be a number",
        "verbose": "must be yes or no (true/false, on/off, 1/0)",
        "embedder_config": exc.value.by_field()["embedder_config"],
        "colour": "is not a field of this record",
        "version": "is read-only",
        "novalue": "must be written FIELD=VALUE",
        "max_rpm": "is given twice",
    }
    assert exc.value.by_field()["embedder_config"].startswith("is not valid JSON")


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (True, None, "yes"),
        (None, None, ""),
        (["a", "b"], "tags", "a, b"),
        (["a,b"], "tags", '["a,b"]'),
        (["x"], "json", '["x"]'),
        ({"k": 1}, "json", '{"k": 1}'),
        (Decimal("0.70"), None, "0.70"),
    ],
)
def test_format_value_round_trips(value: object, kind: str | None, text: str) -> None:
    assert format_value(value, kind) == text  # type: ignore[arg-type]
