"""A crewai setting is declared once, on the model field: export, code generation, the importer,
the scanner and the release table all derive what they do with it from that declaration."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from crewtui.domain import fields
from crewtui.domain.agent import ADVANCED, BEHAVIOR, Agent
from crewtui.domain.crew import Crew
from crewtui.domain.crewai_settings import setting_names, setting_since
from crewtui.domain.crewai_values import CONVERTERS
from crewtui.domain.fields import field_map, fields_of, spec
from crewtui.domain.task import Task
from crewtui.interop import codegen
from crewtui.interop.crewai_map import agent_kwargs, llm_kwargs, needs_llm_object
from crewtui.interop.export import render_project
from crewtui.interop.importer import Existing, plan, read_project, spec_to_changes
from crewtui.interop.importer.fields import (
    CREW_COLUMNS,
    agent_columns,
    agent_fields,
    agent_omitted,
    crew_omitted,
    task_columns,
    task_omitted,
)
from crewtui.interop.releases import FIELDS, NEWEST, OLDEST, field_life, has_field, is_deprecated
from crewtui.interop.scanner import scan_source
from crewtui.interop.scanner.fields import columns, crewai_to_column

from .bundles import agent, bundle, task


class ProbeAgent(Agent):
    """An agent with one more crewai setting, declared like every other one."""

    patience: int = spec(
        5,
        group=BEHAVIOR,
        label="Patience",
        help="How long the agent waits; crewai default {crewai_default}.",
        ge=0,
        crewai="patience",
        crewai_default=0,
        convert="zero_is_none",
        since="1.15",
    )
    llm_patience: Decimal | None = spec(
        None,
        group=ADVANCED,
        label="Endpoint patience",
        help="An argument of the agent's LLM(...).",
        endpoint="patience",
        convert="decimal",
    )


@pytest.fixture
def probe(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every reader of the agent's declarations sees the probe field."""
    model: type[BaseModel] = Agent
    monkeypatch.setitem(fields._CACHE, model, fields_of(ProbeAgent))
    monkeypatch.setattr(plan, "Agent", ProbeAgent)


def probe_agent(key: str = "waiter", **values: Any) -> ProbeAgent:
    base = agent(key).model_dump()
    return ProbeAgent.model_validate({**base, **values})


def test_help_text_names_the_declared_default() -> None:
    assert field_map(ProbeAgent)["patience"].help.endswith("crewai default 0.")
    assert field_map(Agent)["max_iter"].help.endswith(
        f"crewai default {field_map(Agent)['max_iter'].crewai_default}."
    )


@pytest.mark.usefixtures("probe")
def test_release_table_and_export_pick_up_a_new_field(tmp_path: Path) -> None:
    assert not has_field(OLDEST, "agent", "patience") and has_field(NEWEST, "agent", "patience")
    a = probe_agent(patience=7)
    assert "patience" not in agent_kwargs(a, None, OLDEST)
    assert agent_kwargs(a, None, NEWEST)["patience"] == 7
    # the converter: 0 is stored for "none", which crewai spells None and the export leaves out
    assert "patience" not in agent_kwargs(probe_agent(patience=0), None, NEWEST)
    files = render_project(bundle([a], [task("wait", a, 0)]), format="yaml", target=NEWEST)
    agents_yaml = next(v for k, v in files.items() if k.endswith("config/agents.yaml"))
    assert yaml.safe_load(agents_yaml)["waiter"]["patience"] == 7


@pytest.mark.usefixtures("probe")
def test_code_generation_picks_up_a_new_field() -> None:
    a = probe_agent(patience=7)
    newest = codegen.generate_code(a, target=NEWEST)
    assert newest.passed
    assert "    patience = 7\n" in newest.code
    assert "patience=cls.patience or None," in newest.code
    assert "patience=" not in codegen.generate_code(a, target=OLDEST).code


@pytest.mark.usefixtures("probe")
def test_importer_picks_up_a_new_field(tmp_path: Path) -> None:
    assert agent_columns()["patience"] == "patience"
    assert agent_omitted()["patience"] == 0 and "patience" in agent_fields()
    a = probe_agent(patience=7)
    files = render_project(bundle([a], [task("wait", a, 0)]), format="yaml", target=NEWEST)
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    project = read_project(tmp_path)
    assert project.agents["waiter"].values["patience"] == 7
    assert not [w for w in project.warnings if "patience" in str(w)]
    [change] = spec_to_changes(project, Existing()).agents
    assert isinstance(change.record, ProbeAgent) and change.record.patience == 7
    # left out of the project: the column gets crewai's declared default
    del project.agents["waiter"].values["patience"]
    [change] = spec_to_changes(project, Existing()).agents
    assert isinstance(change.record, ProbeAgent) and change.record.patience == 0


@pytest.mark.usefixtures("probe")
def test_scanner_picks_up_a_new_field() -> None:
    assert crewai_to_column()["patience"] == "patience" and "patience" in columns()
    src = (
        "from crewai import Agent\n"
        "waiter = Agent(role='r', goal='g', backstory='b', patience=None)\n"
    )
    [found], problems = scan_source(src, "x.py")
    assert not problems
    assert found.values["patience"] == 0  # crewai's None is stored as 0 (the converter)


@pytest.mark.usefixtures("probe")
def test_a_new_model_endpoint_argument_is_exported_and_imported(tmp_path: Path) -> None:
    a = probe_agent(llm_patience=Decimal("0.5"))
    assert needs_llm_object(a) and llm_kwargs(a)["patience"] == 0.5  # converted to a float
    assert "patience" not in llm_kwargs(probe_agent())
    files = render_project(bundle([a], [task("wait", a, 0)]), format="yaml", target=OLDEST)
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    assert "patience=0.5" in files["src/test_crew/crew.py"]
    project = read_project(tmp_path)
    assert project.agents["waiter"].values["llm_patience"] == 0.5
    [change] = spec_to_changes(project, Existing()).agents
    assert isinstance(change.record, ProbeAgent)
    assert change.record.llm_patience == Decimal("0.5")


# ---------------------------------------------------------------- declared once


def test_importer_tables_are_the_declarations() -> None:
    decl = field_map(Agent)
    columns_ = agent_columns()
    for crewai_name, column in columns_.items():
        f = decl[column]
        assert crewai_name == (f.keyword or f.name)
        assert f.crewai or f.endpoint or column == "crewai_settings"
    assert set(columns_.values()) == {
        f.name for f in fields_of(Agent) if f.crewai or f.endpoint
    } | {"crewai_settings"}
    # every default the importer falls back to is the declaration's, nothing else
    assert agent_omitted() == {
        c: decl[c].crewai_default
        for c in columns_.values()
        if not Agent.model_fields[c].is_required()  # role, goal, backstory: no default
    }
    assert "role" not in agent_omitted()
    assert agent_omitted()["max_iter"] == decl["max_iter"].default  # declared once: 25
    assert agent_omitted()["allow_delegation"] is False is not decl["allow_delegation"].default


def test_task_and_crew_defaults_are_the_declarations() -> None:
    tasks = field_map(Task)
    columns_ = task_columns()
    assert columns_["agent"] == "agent" and columns_["context"] == "context"  # references
    assert "name" not in columns_  # the task's key, not a setting
    assert task_omitted() == {c: tasks[c].crewai_default for c in columns_.values() if c in tasks}
    assert task_omitted()["create_directory"] is True is not tasks["create_directory"].default
    crews = field_map(Crew)
    assert crew_omitted() == {c: crews[c].crewai_default for c in CREW_COLUMNS.values()}


def test_scanner_tables_are_the_declarations() -> None:
    keywords = {
        f.crewai: f.name
        for f in fields_of(Agent)
        if f.keyword and CONVERTERS[f.convert].kind != "code"
    }
    mapping = crewai_to_column()
    assert {k: v for k, v in mapping.items() if k in keywords} == keywords
    assert set(mapping) - set(keywords) == {"max_tokens", "memory"}
    assert "step_callback" not in mapping  # code, noted and never stored
    assert {f.name for f in fields_of(Agent) if f.crewai} <= columns()


def test_release_table_is_the_declarations() -> None:
    for f in fields_of(Agent):
        if not f.keyword:
            continue
        life = field_life("agent", f.keyword)
        assert life is not None and FIELDS[("agent", f.keyword)] == life
        assert (life.since, life.deprecated, life.replacement, life.dropped) == (
            f.since,
            f.deprecated,
            f.replacement,
            f.dropped,
        )
        assert is_deprecated(NEWEST, "agent", f.keyword) == (f.deprecated == "1.15")
    for name in setting_names("agent"):
        life = field_life("agent", name)
        assert life is not None and life.since == setting_since("agent", name)
    assert not has_field(OLDEST, "agent", "planning_config")


def test_every_converter_named_is_known() -> None:
    for f in fields_of(Agent):
        assert f.convert in CONVERTERS, f.name


def test_export_and_code_generation_write_the_declared_keywords() -> None:
    a = agent("plain")
    written = set(agent_kwargs(a, None, OLDEST))
    plain = {
        str(f.crewai)
        for f in fields_of(Agent)
        if f.keyword and CONVERTERS[f.convert].kind == "value"
    }
    # the keywords a default agent leaves out are the ones whose stored value crewai spells
    # None or that hold crewai's declared default; every other one is written
    left_out = plain - written
    for f in fields_of(Agent):
        if f.keyword not in plain:
            continue
        c = CONVERTERS[f.convert]
        value = c.to_crewai(getattr(a, f.name))
        default = value is None or value == c.to_crewai(f.crewai_default)
        assert (f.keyword in left_out) == default, f.name
    assert {"max_iter", "cache"} <= left_out  # 25 and on: crewai's own
    assert written >= {"role", "goal", "backstory", "llm", "allow_delegation"}  # crewtui: on
    code = codegen.generate_code(a, target=OLDEST).code
    for f in fields_of(Agent):
        if f.keyword and getattr(a, f.name) not in (None, [], 0, ""):
            assert f"{f.keyword}=" in code, f.name
