"""Field metadata is declared once on the models and covers every column."""

from __future__ import annotations

from crewtui.db.models import DATABASE_MAINTAINED, AgentRow, CrewRow, TaskRow
from crewtui.domain.agent import AGENT_GROUPS, Agent
from crewtui.domain.crew import Crew
from crewtui.domain.fields import editable_fields, field_map, fields_of, groups_of
from crewtui.domain.task import Task


def test_every_agent_column_has_metadata() -> None:
    columns = {c.name for c in AgentRow.__table__.columns} - DATABASE_MAINTAINED
    assert columns == {f.name for f in fields_of(Agent)}
    # 42 specified columns + version + six model-endpoint columns + crewai_settings
    assert len(columns) == 50


def test_every_crew_and_task_column_has_metadata() -> None:
    crew_cols = {c.name for c in CrewRow.__table__.columns} - DATABASE_MAINTAINED
    assert crew_cols == {f.name for f in fields_of(Crew)}
    # 22 specified + version + model endpoint URL and key variable + crewai_settings + run_inputs
    assert len(crew_cols) == 27
    task_cols = {c.name for c in TaskRow.__table__.columns} - DATABASE_MAINTAINED
    assert task_cols == {f.name for f in fields_of(Task)}
    assert len(task_cols) == 32  # 28 specified + name + sequence_order + version + crewai_settings


def test_agent_groups_are_the_wizard_steps_in_order() -> None:
    groups = [g for g in groups_of(Agent) if g in AGENT_GROUPS]
    assert tuple(groups) == AGENT_GROUPS
    assert groups_of(Agent)[-1] == "Metadata"


def test_runtime_figures_are_read_only() -> None:
    fm = field_map(Agent)
    for name in ("execution_count", "avg_execution_time_ms", "last_executed_at", "id", "version"):
        assert fm[name].readonly
    assert "execution_count" not in {f.name for f in editable_fields(Agent)}


def test_kinds_bounds_and_choices_come_from_the_model() -> None:
    fm = field_map(Agent)
    assert fm["allow_delegation"].kind == "bool"
    assert fm["code_execution_mode"].kind == "choice" and fm["code_execution_mode"].choices == (
        "safe",
        "unsafe",
    )
    assert fm["department_id"].kind == "ref" and fm["department_id"].ref == "department"
    assert fm["max_iter"].minimum == 1
    assert (fm["temperature"].minimum, fm["temperature"].maximum) == (0, 2)
    assert fm["backstory"].kind == "text" and fm["tools"].kind == "tags"
    assert fm["embedder_config"].kind == "json"
    assert fm["cache_enabled"].crewai == "cache"
    assert all(f.help for f in fields_of(Agent))
