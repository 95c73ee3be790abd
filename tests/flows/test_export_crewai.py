"""Every flow crewtui exports loads in the newest crewai release: its definition validates,
the runnable flow is built and every crew declaration it names loads (nothing is kicked off)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crewtui.services import Services, Store
from crewtui.services.demo import load_demo
from crewtui.services.flows_interop import FlowLintFailed, export_flow, render_flow

from .crewai_latest import build_python_flow, load_projects


@pytest.fixture
def services(sqlite_db_url: str) -> Services:
    s = Services(Store.open(sqlite_db_url))
    load_demo(s)
    return s


def test_demo_flow_renders_a_flow_project(services: Services) -> None:
    files, problems = render_flow(services, "venture-to-board")
    assert problems == []
    assert {
        "flow.yaml",
        "pyproject.toml",
        "crews/venture_research/crew.jsonc",
        "crews/board_briefing/crew.jsonc",
    } <= set(files)
    assert 'type = "flow"' in files["pyproject.toml"]
    assert 'definition = "flow.yaml"' in files["pyproject.toml"]
    text = files["flow.yaml"]
    assert "schema: crewai.flow/v1" in text and "from_declaration: crews/venture_research" in text


def test_a_flow_with_errors_is_not_written(services: Services, tmp_path: Path) -> None:
    services.update_flow(
        "venture-to-board",
        {
            "flow_definition": {
                "methods": [
                    {"name": "a", "listen": "nobody", "do": {"call": "expression", "expr": "1"}}
                ]
            }
        },
    )
    with pytest.raises(FlowLintFailed, match="no_start"):
        export_flow(services, "venture-to-board", tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.crewai
@pytest.mark.slow
def test_demo_flow_loads_in_crewai(services: Services, tmp_path: Path) -> None:
    out = tmp_path / "venture_to_board"
    export_flow(services, "venture-to-board", out)
    loaded = load_projects([out], tmp_path)[str(out)]
    assert loaded["name"] == "VentureToBoardFlow"
    assert loaded["state"] == "json_schema"
    assert loaded["methods"]["decide"]["router"] is True
    assert loaded["methods"]["decide"]["emit"] == ["to_board", "shelve"]
    assert loaded["methods"]["brief_board"]["listen"] == "to_board"
    research = loaded["crews"]["research"]
    assert research["inputs"] == {"topic": "${state.topic}"}
    assert len(research["tasks"]) == 5 and len(research["agents"]) >= 2
    assert "brief_board" in loaded["crews"]


@pytest.mark.crewai
@pytest.mark.slow
def test_demo_flow_as_a_python_flow_for_crewai_13(services: Services, tmp_path: Path) -> None:
    out = tmp_path / "pyflow"
    export_flow(services, "venture-to-board", out, python=True)
    main = (out / "src" / "venture_to_board" / "main.py").read_text()
    assert "@router('research')" in main and "len(self.outputs['research'].raw)" in main
    built = build_python_flow(out, "venture_to_board", tmp_path)
    assert built["class"] == "VentureToBoardFlow"
    assert built["starts"] == ["research"] and built["routers"] == ["decide"]
    assert set(built["listeners"]) == {"decide", "brief_board", "shelved"}
    assert {"min_brief_chars", "topic"} <= set(built["state"])
    assert set(built["crews"]) == {"VentureResearchCrew", "BoardBriefingCrew"}
    assert len(built["crews"]["VentureResearchCrew"]) == 5


def test_feedback_is_not_a_python_flow(services: Services, tmp_path: Path) -> None:
    flow = services.get_flow("venture-to-board")
    d = flow.flow_definition
    d["methods"][3]["do"] = {"call": "feedback", "message": "Shelve it?"}
    services.update_flow("venture-to-board", {"flow_definition": d})
    from crewtui.domain.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="human feedback"):
        export_flow(services, "venture-to-board", tmp_path / "o", python=True)
    assert not (tmp_path / "o").exists()


def _modelless_flow(services: Services) -> None:
    services.create_agent(
        {
            "agent_key": "plain",
            "name": "Plain",
            "role": "Plain",
            "goal": "g",
            "backstory": "b",
            "llm_model": None,  # as imported from a project that names none
            "max_tokens": None,
        }
    )
    definition = {
        "methods": [
            {
                "name": "ask",
                "start": True,
                "do": {"call": "agent", "agent": "plain", "input": "hi"},
            },
            {
                "name": "review",
                "listen": "ask",
                "do": {"call": "feedback", "message": "Good?", "emit": ["yes", "no"]},
            },
        ]
    }
    services.create_flow(
        {"flow_key": "modelless", "name": "Modelless", "flow_definition": definition}
    )


def test_no_model_is_invented_for_an_agent_or_a_feedback_step(services: Services) -> None:
    """As in a crew's export: an agent without a model and a feedback step without an llm get
    none, and crewai picks its own default when the flow runs."""
    import yaml

    _modelless_flow(services)
    files, problems = render_flow(services, "modelless")
    assert problems == []
    doc = yaml.safe_load(files["flow.yaml"])
    assert "llm" not in doc["methods"]["ask"]["do"]["with"]
    assert "llm" not in doc["methods"]["review"]["human_feedback"]


@pytest.mark.crewai
@pytest.mark.slow
def test_a_flow_without_models_loads_in_crewai(services: Services, tmp_path: Path) -> None:
    _modelless_flow(services)
    out = tmp_path / "modelless"
    export_flow(services, "modelless", out)
    loaded = load_projects([out], tmp_path)[str(out)]
    assert set(loaded["methods"]) == {"ask", "review"}
