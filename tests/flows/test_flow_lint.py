"""The flow model and its lint: each problem crewai raises (or that fails at run time) is found."""

from __future__ import annotations

from typing import Any

import pytest

from crewtui.domain.errors import ValidationFailed
from crewtui.domain.flow import Flow
from crewtui.domain.flow_lint import Known, graph_of, lint_flow, reachable
from crewtui.domain.flow_spec import FlowSpec


def crew(name: str = "research", **inputs: str) -> dict[str, Any]:
    return {"call": "crew", "crew": name, "inputs": inputs}


def expr(e: str) -> dict[str, Any]:
    return {"call": "expression", "expr": e}


def spec(*methods: dict[str, Any], **state: Any) -> FlowSpec:
    return FlowSpec.model_validate(
        {
            "state": {
                "schema": {"type": "object", "properties": {k: {} for k in state}},
                "default": state,
            },
            "methods": list(methods),
        }
    )


def codes(s: FlowSpec, known: Known | None = None) -> list[str]:
    return [p.code for p in lint_flow(s, known)]


GOOD = spec(
    {"name": "research", "start": True, "do": crew(topic="${state.topic}")},
    {
        "name": "review",
        "listen": "research",
        "router": True,
        "emit": ["again", "done"],
        "do": expr("size(outputs.research.raw) > 10 ? 'done' : 'again'"),
    },
    {"name": "redo", "listen": "again", "do": crew(topic="${outputs.research.raw}")},
    {
        "name": "more",
        "listen": "redo",
        "router": True,
        "emit": ["again", "done"],
        "do": expr("'done'"),
    },
    {"name": "publish", "listen": {"or": ["done"]}, "do": expr("state.topic")},
    topic="AI",
)


def test_a_good_flow_has_no_problems() -> None:
    assert lint_flow(GOOD, Known(crews={"research"})) == []


def test_missing_start() -> None:
    s = spec(
        {"name": "a", "listen": "b", "do": expr("1")}, {"name": "b", "listen": "a", "do": expr("2")}
    )
    assert "no_start" in codes(s)


def test_unreachable_method() -> None:
    s = spec(
        {"name": "a", "start": True, "do": expr("1")},
        {"name": "b", "listen": "c", "do": expr("2")},
        {"name": "c", "listen": "b", "do": expr("3")},
    )
    found = lint_flow(s)
    assert {(p.code, p.method) for p in found} >= {("unreachable", "b"), ("unreachable", "c")}
    assert ("unreachable", "a") not in {(p.code, p.method) for p in found}


def test_and_join_needs_every_part() -> None:
    s = spec(
        {"name": "a", "start": True, "do": expr("1")},
        {"name": "lonely", "listen": "nothing_runs_me", "do": expr("1")},
        {"name": "join", "listen": {"and": ["a", "lonely"]}, "do": expr("2")},
    )
    assert reachable(s) == {"a"}
    ok = spec(
        {"name": "a", "start": True, "do": expr("1")},
        {"name": "b", "start": True, "do": expr("1")},
        {"name": "join", "listen": {"and": ["a", {"or": ["b", "a"]}]}, "do": expr("2")},
    )
    assert lint_flow(ok) == []


def test_listener_to_a_label_no_router_emits() -> None:
    s = spec(
        {"name": "a", "start": True, "router": True, "emit": ["yes"], "do": expr("'yes'")},
        {"name": "b", "listen": "no", "do": expr("1")},
    )
    assert "unknown_trigger" in codes(s)
    assert "unreachable" in codes(s)


def test_label_declared_by_a_non_router() -> None:
    s = spec(
        {"name": "a", "start": True, "emit": ["yes"], "do": expr("'yes'")},
        {"name": "b", "listen": "yes", "do": expr("1")},
    )
    found = {p.code: p for p in lint_flow(s)}
    assert "not a router" in found["unknown_trigger"].message
    assert found["emit_without_router"].severity == "warning"


def test_router_without_emit() -> None:
    s = spec({"name": "a", "start": True, "router": True, "do": expr("'x'")})
    assert codes(s) == ["router_without_emit"]


def test_cycle_without_router_and_router_loop() -> None:
    s = spec(
        {"name": "a", "start": True, "do": expr("1")},
        {"name": "b", "listen": {"or": ["a", "c"]}, "do": expr("1")},
        {"name": "c", "listen": "b", "do": expr("1")},
    )
    found = [p for p in lint_flow(s) if p.code == "cycle"]
    assert len(found) == 1 and "b -> c -> b" in found[0].message
    assert "cycle" not in codes(GOOD)  # review/redo/more loop through router labels


def test_self_listen() -> None:
    s = spec({"name": "a", "start": True, "listen": "a", "do": expr("1")})
    assert "self_listen" in codes(s)


def test_unknown_crew_agent_tool() -> None:
    s = spec(
        {"name": "a", "start": True, "do": crew("ghost")},
        {"name": "b", "listen": "a", "do": {"call": "agent", "agent": "nobody", "input": "hi"}},
        {"name": "c", "listen": "b", "do": {"call": "tool", "tool": "nope"}},
        {"name": "d", "listen": "c", "do": {"call": "tool", "tool": "crewai_tools:SerperDevTool"}},
    )
    assert codes(s, Known(crews={"research"}, agents={"writer"}, tools={"search"})) == [
        "unknown_crew",
        "unknown_agent",
        "unknown_tool",
    ]
    assert codes(s) == []  # nothing to check against


def test_state_fields_outputs_and_roots() -> None:
    s = spec(
        {"name": "a", "start": True, "do": crew(topic="${state.subject}")},
        {"name": "b", "listen": "a", "do": expr("outputs.zzz.raw")},
        {"name": "c", "listen": "b", "do": expr("outputs.d.raw")},
        {"name": "d", "listen": "c", "do": expr("env.HOME")},
        topic="x",
    )
    found = {p.code: p for p in lint_flow(s)}
    assert "subject" in found["unknown_state"].message
    assert "zzz" in found["unknown_output"].message
    assert found["output_not_ready"].severity == "warning"
    assert "'env'" in found["unknown_root"].message


def test_each_steps_see_item_and_earlier_steps() -> None:
    s = spec(
        {
            "name": "a",
            "start": True,
            "do": {
                "call": "each",
                "in": "state.items.filter(x, x != '')",
                "steps": [
                    {"name": "clean", "action": expr("item.trim()")},
                    {"name": "tag", "if": "outputs.clean != ''", "action": expr("outputs.clean")},
                ],
            },
        },
        items=[],
    )
    assert lint_flow(s) == []


def test_feedback_outcomes_route() -> None:
    s = spec(
        {"name": "draft", "start": True, "do": expr("state.topic")},
        {
            "name": "ask",
            "listen": "draft",
            "do": {
                "call": "feedback",
                "message": "OK?",
                "emit": ["approved", "revise"],
                "default_outcome": "approved",
            },
        },
        {"name": "redo", "listen": "revise", "do": expr("1")},
        {"name": "ship", "listen": "approved", "do": expr("1")},
        topic="t",
    )
    assert lint_flow(s) == []
    assert {e.label for e in graph_of(s).edges} == {"", "approved", "revise"}
    bad = spec(
        {
            "name": "ask",
            "start": True,
            "do": {"call": "feedback", "message": "OK?", "emit": ["a"], "default_outcome": "b"},
        }
    )
    assert codes(bad) == ["feedback_default"]


def test_bad_definition_names_the_place() -> None:
    with pytest.raises(ValidationFailed) as err:
        Flow.validated(
            {
                "flow_key": "f",
                "name": "F",
                "flow_definition": {
                    "methods": [{"name": "a", "start": True, "do": {"call": "crew"}}]
                },
            }
        )
    assert "methods.0.do.crew.crew" in str(err.value.problems[0])
    with pytest.raises(ValidationFailed, match="or"):
        Flow.validated(
            {
                "flow_key": "f",
                "name": "F",
                "flow_definition": {
                    "methods": [{"name": "a", "listen": {"xor": ["b"]}, "do": expr("1")}]
                },
            }
        )
    with pytest.raises(ValidationFailed, match="letters"):
        Flow.validated(
            {
                "flow_key": "f",
                "name": "F",
                "flow_definition": {"methods": [{"name": "1a", "start": True, "do": expr("1")}]},
            }
        )
