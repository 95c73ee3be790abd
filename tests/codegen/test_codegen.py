"""Generated modules: exact literals, one fixed shape whatever the stored text, a clean scan."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crewtui.domain.agent import Agent
from crewtui.domain.errors import ValidationFailed
from crewtui.domain.validators import to_strftime
from crewtui.interop.codegen import (
    ToolRef,
    builtin_template,
    class_name_for,
    generate_code,
    tool_expression,
    user_template,
)
from crewtui.interop.pyliteral import py_literal, py_str
from crewtui.interop.scanner import scan_source
from crewtui.interop.security import scan_code
from crewtui.services import Services, Store
from crewtui.services.demo import load_demo
from crewtui.services.deployments import Deployments

from .conftest import HOSTILE, basic_values, hostile_values


def _class(code: str) -> ast.ClassDef:
    tree = ast.parse(code)
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    assert len(classes) == 1
    return classes[0]


def _attributes(code: str) -> dict[str, Any]:
    out = {}
    for stmt in _class(code).body:
        if isinstance(stmt, ast.Assign):
            out[stmt.targets[0].id] = ast.literal_eval(stmt.value)  # type: ignore[attr-defined]
    return out


def _shape(code: str) -> list[str]:
    """Top-level statements and class members, by kind and name: what the code *does*."""
    tree = ast.parse(code)
    shape = []
    for n in tree.body:
        shape.append(f"{type(n).__name__}:{getattr(n, 'name', '')}")
        if isinstance(n, ast.ClassDef):
            shape += [f"  {type(m).__name__}:{getattr(m, 'name', '')}" for m in n.body]
    return shape


def test_hostile_strings_stay_exact_literals() -> None:
    agent = Agent.validated(hostile_values())
    result = generate_code(agent)
    assert result.passed, (result.ast_errors, result.security_issues)
    attrs = _attributes(result.code)
    for field, text in HOSTILE.items():
        assert attrs[field] == text
    assert attrs["name"] == agent.name
    # the hostile agent's module has exactly the statements of a plain agent's module
    plain = generate_code(
        Agent.validated(basic_values("hostile-agent", llm_model="openai/gpt-4o-mini"))
    )
    assert _shape(result.code) == _shape(plain.code)


def test_every_field_reaches_the_class_and_the_agent_call() -> None:
    agent = Agent.validated(
        basic_values(
            "full-agent",
            tools=["SerperDevTool", "portfolio_db"],
            temperature=Decimal("0.25"),
            max_tokens=1234,
            max_rpm=7,
            max_execution_time=60,
            function_calling_llm="openai/gpt-4o",
            date_format="DD/MM/YYYY",
            inject_date=True,
            knowledge_sources=[{"type": "string", "content": "k"}, "handbook"],
            embedder_config={
                "provider": "openai",
                "config": {"model_name": "text-embedding-3-small"},
            },
            step_callback_url="https://hooks.example.com/steps",
            cache_enabled=False,
        )
    )
    result = generate_code(agent, knowledge={"handbook": "The handbook text."})
    assert result.passed
    attrs = _attributes(result.code)
    assert attrs["temperature"] == 0.25 and attrs["max_tokens"] == 1234
    assert attrs["date_format"] == "%d/%m/%Y"
    assert attrs["custom_tools"] == ("portfolio_db",)
    assert attrs["knowledge_sources"][1] == {"type": "string", "content": "The handbook text."}
    build = next(
        n for n in _class(result.code).body if isinstance(n, ast.FunctionDef) and n.name == "build"
    )
    call = next(
        n
        for n in ast.walk(build)
        if isinstance(n, ast.Call) and ast.unparse(n.func) == "crewai.Agent"
    )
    kwargs = {k.arg for k in call.keywords}
    assert {
        "llm",
        "cache",
        "reasoning",
        "multimodal",
        "embedder",
        "step_callback",
        "knowledge_sources",
        "function_calling_llm",
        "date_format",
        "tools",
    } <= kwargs
    assert (
        "temperature" not in kwargs and "memory" not in kwargs
    )  # LLM(...) only; memory is crew-level
    assert "def step_callback(payload: Any)" in result.code
    assert "crewai_tools.SerperDevTool()" in result.code


def test_generated_code_is_found_by_the_scanner_with_the_stored_values() -> None:
    agent = Agent.validated(
        {
            **hostile_values("round-trip-9"),
            "max_iter": 9,
            "reasoning_enabled": True,
            "tools": ["ScrapeWebsiteTool"],
            "temperature": Decimal("1.5"),
        }
    )
    code = generate_code(agent).code
    agents, problems = scan_source(code, "generated.py")
    assert problems == []
    [found] = agents
    assert found.agent_key == "round-trip-9"  # the agent_key attribute, not the class name
    assert found.unresolved == {}
    stored = {**agent.model_dump(), "date_format": to_strftime(agent.date_format or "")}
    assert set(found.values) >= {
        "role",
        "goal",
        "backstory",
        "tools",
        "llm_model",
        "temperature",
        "max_iter",
    }
    for field, value in found.values.items():
        assert value == stored[field], field


def test_unknown_knowledge_reference_is_refused() -> None:
    agent = Agent.validated(basic_values("k-agent", knowledge_sources=["missing"]))
    with pytest.raises(ValidationFailed, match="knowledge_sources"):
        generate_code(agent)


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("senior-market-analyst", "SeniorMarketAnalyst"),
        ("3d-artist", "Agent3dArtist"),
        ("none", "NoneAgent"),
        ("any", "AnyAgent"),
        ("x", "X"),
    ],
)
def test_class_names(key: str, name: str) -> None:
    assert class_name_for(key) == name


def test_tool_expressions() -> None:
    assert (
        tool_expression(
            "web_search", ToolRef("SerperDevTool", {"n_results": 5, "api_key_env": "X"})
        )
        == "crewai_tools.SerperDevTool(n_results=5)"
    )
    assert tool_expression("SerperDevTool", None) == "crewai_tools.SerperDevTool()"
    assert tool_expression("market_data", ToolRef("venture_tools.market.MarketDataTool")) is None
    assert tool_expression("MadeUpTool", None) is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_one_exact_literal(text: str) -> None:
    for indent in (0, 4, 8):
        literal = py_str(text, indent)
        tree = ast.parse(f"x = {literal}\n")
        assert len(tree.body) == 1
        assert ast.literal_eval(literal) == text


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
        max_leaves=20,
    )
)
def test_any_json_value_is_one_exact_literal(value: Any) -> None:
    literal = py_literal(value, 4)
    assert len(ast.parse(f"x = {literal}\n").body) == 1
    assert ast.literal_eval(literal) == value


def test_template_version_is_recorded(tmp_path: Path) -> None:
    agent = Agent.validated(basic_values("versioned"))
    assert generate_code(agent).template_version == "v1.0.0"
    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "agent.py.j2").write_text(builtin_template().source())
    (custom / "VERSION").write_text("team-2\n")
    result = generate_code(agent, template=user_template(custom))
    assert result.template_version == "team-2" and result.passed


def test_every_demo_agent_generates_clean_code_the_scanner_reads_back(sqlite_store: Store) -> None:
    services = Services(sqlite_store)
    load_demo(services)
    deployments = Deployments(sqlite_store)
    keys = [a.agent_key for a in services.list_agents()]
    assert len(keys) == 30
    for key in keys:
        dep = deployments.generate(key, "alice")
        assert dep.deployment_status == "review_required", (key, dep.security_issues)
        assert scan_code(dep.generated_code) == []
        [found], problems = scan_source(dep.generated_code, f"{key}.py")
        assert problems == [] and found.agent_key == key and found.unresolved == {}
        agent = services.get_agent(key)
        assert (found.values["role"], found.values["goal"], found.values["backstory"]) == (
            agent.role,
            agent.goal,
            agent.backstory,
        )
        assert found.values["tools"] == agent.tools


def test_an_agent_without_a_model_gets_no_llm() -> None:
    """crewai then builds its own default model; the scanner reads back no model."""
    plain = Agent.validated(
        basic_values("plain-agent", llm_model=None, temperature=None, max_tokens=None)
    )
    code = generate_code(plain).code
    assert "llm=" not in code.split("def build(")[1] and "def llm(" not in code
    assert "    llm_model = None\n" in code
    [found], problems = scan_source(code, "generated.py")
    assert problems == [] and found.values.get("llm_model") is None
    # LLM(...) settings without a model: the LLM needs one, crewai's default model
    warm = Agent.validated(basic_values("warm-agent", llm_model=None, max_tokens=None))
    code = generate_code(warm).code
    assert "model='openai/gpt-4.1-mini'," in code and "llm=cls.llm()," in code
