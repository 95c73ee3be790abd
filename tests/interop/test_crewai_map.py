"""The shared mapping helpers (export, import and code generation use them)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crewtui.interop import crewai_map as cm
from crewtui.interop.export.pymodels import model_source

from .bundles import agent, bundle, simple, task


@pytest.mark.parametrize(
    ("key", "snake"),
    [
        ("senior-market-analyst", "senior_market_analyst"),
        ("a", "a"),
        ("3d-modeler", "n_3d_modeler"),
        ("Board Briefing.v2", "board_briefing_v2"),
    ],
)
def test_snake_key(key: str, snake: str) -> None:
    assert cm.snake_key(key) == snake


def test_names() -> None:
    assert cm.package_name("venture-research") == "venture_research"
    assert cm.crew_class_name("venture-research") == "VentureResearchCrew"
    assert cm.pascal("market_sizing") == "MarketSizing"


def test_model_strings_and_extras() -> None:
    assert cm.llm_model_string("gpt-4o") == "openai/gpt-4o"
    assert (
        cm.llm_model_string("anthropic/claude-3-5-haiku-20241022")
        == "anthropic/claude-3-5-haiku-20241022"
    )
    assert cm.provider_extra("gpt-4o") is None
    assert cm.provider_extra("claude/x") == "anthropic"
    assert cm.provider_extra("azure/gpt-4o") == "azure-ai-inference"
    assert cm.provider_extra("groq/llama") == "litellm"
    assert cm.agent_model(agent("a", llm_model=None)) == "openai/gpt-4.1-mini"


def test_llm_object_only_when_needed() -> None:
    a = agent("a", temperature=Decimal("0.30"), max_tokens=None)
    assert cm.needs_llm_object(a) and cm.llm_kwargs(a) == {
        "model": "openai/gpt-4o-mini",
        "temperature": 0.3,
    }
    assert not cm.needs_llm_object(agent("b", temperature=None, max_tokens=None))


def test_agent_kwargs_are_crewai_parameters() -> None:
    a = agent(
        "a",
        cache_enabled=False,
        reasoning_enabled=True,
        multimodal_enabled=True,
        date_format="YYYY/MM/DD",
        max_rpm=30,
        max_execution_time=120,
        embedder_config={"provider": "openai", "config": {"model_name": "m"}},
    )
    kw = cm.agent_kwargs(a)
    assert kw["cache"] is False and kw["reasoning"] is True and kw["multimodal"] is True
    assert (
        kw["date_format"] == "%Y/%m/%d" and kw["max_rpm"] == 30 and kw["max_execution_time"] == 120
    )
    assert kw["embedder"] == {"config": {"model_name": "m"}, "provider": "openai"}
    assert list(kw)[:4] == ["role", "goal", "backstory", "llm"]


def test_crew_memory_comes_from_members() -> None:
    b = simple()
    assert not cm.crew_memory_on(b) and cm.crew_embedder(b) is None
    a = agent("m", memory_enabled=True)
    assert cm.crew_memory_on(bundle([a], [task("t", a, 0)]))


def test_placeholders_follow_crewai() -> None:
    assert cm.placeholders_in("{topic} {current-year} {{x}} { no } {1bad} {ok_2}") == [
        "topic",
        "current-year",
        "x",
        "ok_2",
    ]


def test_pydantic_model_source() -> None:
    src = model_source(
        "Out", {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    )
    assert "class Out(BaseModel):\n    n: int\n" in src
