"""The domain models refuse what a user would call wrong and name the field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crewtui.domain.agent import Agent
from crewtui.domain.catalog import MemoryConfig, Tool
from crewtui.domain.crew import Crew
from crewtui.domain.errors import ValidationFailed
from crewtui.domain.task import Task
from crewtui.domain.validators import check_strftime, to_strftime

BASE = {
    "agent_key": "senior-market-analyst",
    "name": "Senior",
    "role": "Analyst",
    "goal": "g",
    "backstory": "b",
}


def agent(**kw: object) -> Agent:
    return Agent.validated({**BASE, **kw})


def problems(exc: ValidationFailed) -> dict[str, str]:
    return exc.by_field()


def test_defaults_follow_the_specification() -> None:
    a = agent()
    assert a.llm_model == "gpt-4-turbo-preview"
    assert a.temperature == Decimal("0.7")
    assert (a.max_tokens, a.max_rpm, a.max_iter, a.max_execution_time, a.max_retry_limit) == (
        4000,
        0,
        25,
        0,
        2,
    )
    assert a.allow_delegation is True and a.allow_code_execution is False
    assert a.code_execution_mode == "safe" and a.date_format == "YYYY-MM-DD"
    assert a.knowledge_sources == [] and a.embedder_config is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_iter", 0),
        ("max_iter", -3),
        ("max_rpm", -1),
        ("temperature", Decimal("2.01")),
        ("temperature", Decimal("-0.1")),
        ("max_tokens", 0),
        ("max_execution_time", -1),
        ("max_retry_limit", -1),
        ("date_format", "%Q"),
        ("date_format", "100%"),
        ("agent_key", "Senior Analyst"),
        ("agent_key", "-x"),
        ("step_callback_url", "ftp://example.com/hook"),
        ("step_callback_url", "javascript:alert(1)"),
        ("code_execution_mode", "docker"),
        ("status", "gone"),
        ("tools", ["ok", "not ok"]),
        ("tools", ["dup", "dup"]),
        ("knowledge_sources", [{"type": "pdf"}]),
        ("knowledge_sources", [42]),
        ("embedder_config", {"model": "x"}),
        ("embedder_config", {"provider": "openai", "config": {"api_key": "sk-123"}}),
        ("name", ""),
    ],
)
def test_bad_values_are_refused_naming_the_field(field: str, value: object) -> None:
    with pytest.raises(ValidationFailed) as info:
        agent(**{field: value})
    assert field in problems(info.value), info.value.problems


def test_good_values_are_kept_exactly() -> None:
    a = agent(
        temperature=Decimal("1.25"),
        date_format="%d %B %Y",
        step_callback_url="https://hooks.example.com/step",
        knowledge_sources=[
            "Market note 0",
            {"type": "string", "content": "x"},
            {"type": "pdf", "file_paths": ["a.pdf"]},
        ],
        embedder_config={
            "provider": "openai",
            "config": {"model_name": "text-embedding-3-small", "api_key_env": "OPENAI_API_KEY"},
        },
    )
    assert a.temperature == Decimal("1.25")
    assert a.knowledge_sources[2] == {"type": "pdf", "file_paths": ["a.pdf"]}


def test_updated_refuses_read_only_and_unknown_fields() -> None:
    a = agent()
    with pytest.raises(ValidationFailed) as info:
        a.updated({"execution_count": 5, "colour": "red"})
    assert set(problems(info.value)) == {"execution_count", "colour"}


def test_updated_validates_the_merged_record() -> None:
    a = agent()
    b = a.updated({"max_iter": 7})
    assert b.max_iter == 7 and a.max_iter == 25
    with pytest.raises(ValidationFailed):
        a.updated({"max_iter": 0})


def test_strftime_and_token_formats() -> None:
    assert check_strftime("%Y-%m-%d") == "%Y-%m-%d"
    assert to_strftime("YYYY-MM-DD") == "%Y-%m-%d"
    assert to_strftime("%d %B %Y") == "%d %B %Y"
    with pytest.raises(ValueError):
        check_strftime("  ")


def test_crew_process_and_task_rules() -> None:
    crew = Crew.validated({"crew_name": "venture-research"})
    assert crew.process_type == "sequential" and crew.cache_enabled is True
    with pytest.raises(ValidationFailed) as info:
        Crew.validated({"crew_name": "x", "process_type": "parallel"})
    assert "process_type" in problems(info.value)
    assert not Crew.validated({"crew_name": "x", "process_type": "consensual"}).runnable

    with pytest.raises(ValidationFailed) as info:
        Task.validated({"name": "market sizing"})
    assert "name" in problems(info.value)
    with pytest.raises(ValidationFailed) as info:
        Task.validated({"name": "t", "output_json_schema": {"type": "object"}})
    assert "output_json_schema" in problems(info.value)
    ok = Task.validated(
        {
            "name": "t",
            "output_json_schema": {"type": "object", "properties": {"score": {"type": "number"}}},
        }
    )
    assert ok.output_json_schema is not None


def test_catalog_models_refuse_secrets_and_bad_choices() -> None:
    with pytest.raises(ValidationFailed) as info:
        Tool.validated({"tool_key": "web_search", "name": "Web", "config": {"api_key": "sk-live"}})
    assert "config" in problems(info.value)
    assert Tool.validated(
        {"tool_key": "web_search", "name": "Web", "config": {"api_key_env": "SERPER_API_KEY"}}
    )
    with pytest.raises(ValidationFailed) as info:
        MemoryConfig.validated({"name": "m", "storage_type": "mongodb"})
    assert "storage_type" in problems(info.value)
