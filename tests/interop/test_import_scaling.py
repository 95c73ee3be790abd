"""Import grows linearly: the SQL statements it runs stay nearly flat as a project grows, and
each YAML file is parsed once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from crewtui.db.models import AgentRow, CrewMemberRow, CrewRow
from crewtui.services import Services
from crewtui.services.importer import import_project

from ..dbutil import statements_sent

MODELS = ("openai/gpt-4o", "openai/gpt-4o-mini", "anthropic/claude-3-5-sonnet")
TASKS = 5


def write_project(folder: Path, prefix: str, agents: int) -> Path:
    """A project shaped like a crewtui export: one @llm and one @agent method per agent."""
    names = [f"{prefix}_{i:05d}" for i in range(agents)]
    methods: list[str] = []
    agents_yaml: list[str] = []
    for i, name in enumerate(names):
        methods.append(
            f"    @llm\n    def {name}_llm(self) -> LLM:\n"
            f"        return LLM(model='{MODELS[i % len(MODELS)]}', temperature=0.5, "
            "max_tokens=2000)\n"
        )
        methods.append(
            f"    @agent\n    def {name}(self) -> Agent:\n"
            f"        return Agent(config=self.agents_config['{name}'])  # type: ignore[index]\n"
        )
        agents_yaml.append(
            f"{name}:\n  role: Analyst {i}\n  goal: Answer question {i}.\n"
            f"  backstory: Has answered {i} questions.\n"
            f"  llm: {name}_llm\n  max_iter: {10 + i % 5}\n"
            f"  allow_delegation: {'true' if i % 2 else 'false'}\n"
            f"  date_format: '%Y-%m-%d'\n"
        )
    tasks_yaml: list[str] = []
    for t in range(TASKS):
        methods.append(
            f"    @task\n    def step_{t}(self) -> Task:\n"
            f"        return Task(config=self.tasks_config['step_{t}'])  # type: ignore[index]\n"
        )
        context = f"\n  context: [step_{t - 1}]" if t else ""
        tasks_yaml.append(
            f"step_{t}:\n  description: Step {t}.\n  expected_output: A note.\n"
            f"  agent: {names[t % agents]}{context}\n"
        )
    members = "".join(f"                self.{name}(),\n" for name in names)
    crew_py = (
        "from crewai import LLM, Agent, Crew, Process, Task\n"
        "from crewai.project import CrewBase, agent, crew, llm, task\n\n\n"
        "@CrewBase\nclass ScaleCrew:\n"
        '    agents_config = "config/agents.yaml"\n    tasks_config = "config/tasks.yaml"\n\n'
        + "\n".join(methods)
        + "\n    @crew\n    def crew(self) -> Crew:\n        return Crew(\n"
        f"            name='{prefix}-crew',\n"
        f"            agents=[\n{members}            ],\n            tasks=self.tasks,\n"
        "            process=Process.sequential,\n        )\n"
    )
    (folder / "config").mkdir(parents=True)
    (folder / "crew.py").write_text(crew_py, encoding="utf-8")
    (folder / "config" / "agents.yaml").write_text("".join(agents_yaml), encoding="utf-8")
    (folder / "config" / "tasks.yaml").write_text("".join(tasks_yaml), encoding="utf-8")
    return folder


def test_statements_do_not_grow_with_the_number_of_agents(
    services: Services, tmp_path: Path
) -> None:
    small = write_project(tmp_path / "small", "small", 50)
    big = write_project(tmp_path / "big", "big", 500)
    store = services.store
    counts: dict[str, int] = {}
    for label, project in (("small", small), ("big", big)):
        with statements_sent(store.engine) as seen:
            report = import_project(store, project, dry_run=False)
        assert (
            report.written
            and report.counts()["create"] == (50 if label == "small" else 500) + TASKS + 1
        )
        counts[label] = len(seen)
        with statements_sent(store.engine) as seen:
            again = import_project(store, project, dry_run=False)
        assert not again.written and again.counts()["update"] == 0
        counts[label + " again"] = len(seen)
        agents_yaml = project / "config" / "agents.yaml"
        agents_yaml.write_text(
            agents_yaml.read_text(encoding="utf-8").replace(
                "role: Analyst 1\n", "role: Analyst one\n"
            ),
            encoding="utf-8",
        )
        with statements_sent(store.engine) as seen:
            one = import_project(store, project, dry_run=False)
        assert one.written and one.counts()["update"] == 1
        counts[label + " one changed"] = len(seen)
    assert counts["big"] < 3 * counts["small"], counts
    assert counts["big again"] < 3 * counts["small again"], counts
    assert counts["big one changed"] < 3 * counts["small one changed"], counts

    with store.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(AgentRow)) == 550
        big_id = conn.scalar(select(CrewRow.id).where(CrewRow.crew_name == "big-crew"))
        order = conn.execute(
            select(AgentRow.agent_key, CrewMemberRow.sequence_order)
            .join(CrewMemberRow, CrewMemberRow.agent_id == AgentRow.id)
            .where(CrewMemberRow.crew_id == big_id)
            .order_by(CrewMemberRow.sequence_order)
        ).all()
        assert [k for k, _ in order] == [f"big-{i:05d}" for i in range(500)]
        # what the project leaves out is NULL (not the column default, not JSON null)
        row = conn.execute(
            select(
                AgentRow.embedder_config,
                AgentRow.function_calling_llm,
                AgentRow.max_iter,
                AgentRow.allow_delegation,
                AgentRow.llm_model,
                AgentRow.temperature,
                AgentRow.version,
            ).where(AgentRow.agent_key == "big-00007")
        ).one()
        assert row.embedder_config is None and row.function_calling_llm is None
        assert (row.max_iter, row.allow_delegation, row.llm_model) == (
            12,
            True,
            "openai/gpt-4o-mini",
        )
        assert float(row.temperature) == 0.5 and row.version == 1
        nulls = conn.scalar(
            select(func.count()).select_from(AgentRow).where(AgentRow.embedder_config.is_(None))
        )
        assert nulls == 550


def test_dry_run_of_a_big_project_writes_nothing(services: Services, tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", "dry", 300)
    report = import_project(services.store, project, dry_run=True)
    assert report.counts()["create"] == 300 + TASKS + 1 and not report.written
    with services.store.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(AgentRow)) == 0


def test_each_yaml_file_is_parsed_once_by_libyaml_keeping_its_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crewtui.interop import yamlload
    from crewtui.interop.importer import read_project

    project = write_project(tmp_path / "p", "once", 20)
    parsed: Counter[str] = Counter()
    real = yamlload._LOADER

    class Spy(real):  # type: ignore[misc, valid-type]
        def __init__(self, text: str) -> None:
            parsed[text.split(":", 1)[0]] += 1
            super().__init__(text)

    monkeypatch.setattr(yamlload, "_LOADER", Spy)
    spec = read_project(project)
    assert len(spec.agents) == 20
    assert parsed == Counter({"once_00000": 1, "step_0": 1})  # agents.yaml, tasks.yaml
    assert real is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    assert spec.agents["once_00003"].origins["max_iter"].line == 3 * 8 + 6  # its sixth line
    assert [t.values.get("context") for t in spec.tasks][:3] == [None, ["step_0"], ["step_1"]]
    assert [t.origins["context"].line for t in spec.tasks[1:3]] == [9, 14]


def test_malformed_yaml_keeps_the_pure_python_message(tmp_path: Path) -> None:
    from crewtui.interop.importer import ProjectInvalid, read_project

    project = write_project(tmp_path / "p", "bad", 3)
    path = project / "config" / "agents.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "oops: [unclosed\n", encoding="utf-8")
    with pytest.raises(ProjectInvalid) as caught:
        read_project(project)
    try:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        assert exc.problem is not None and exc.problem in str(caught.value)
    else:
        pytest.fail("the pure-Python loader accepted the file")


def test_every_agent_changed_is_one_update_each_and_nothing_per_agent_besides(
    services: Services, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "p", "upd", 200)
    store = services.store
    assert import_project(store, project, dry_run=False).written
    agents_yaml = project / "config" / "agents.yaml"
    agents_yaml.write_text(
        agents_yaml.read_text(encoding="utf-8").replace("  goal: Answer", "  goal: Settle"),
        encoding="utf-8",
    )
    with statements_sent(store.engine) as seen:
        report = import_project(store, project, dry_run=False)
    assert report.written and report.counts()["update"] == 200
    updates = [s for s in seen if s.lstrip().upper().startswith("UPDATE")]
    # one UPDATE per changed agent (each checks and raises its version), a handful of others
    assert len(updates) <= 200 + 2, Counter(s.split()[0] for s in seen)
    assert len(seen) - len(updates) < 40, Counter(s.split()[0] for s in seen)
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(AgentRow.goal, AgentRow.version).where(AgentRow.agent_key.like("upd-%"))
        ).all()
    assert len(rows) == 200 and all(
        goal.startswith("Settle") and version == 2 for goal, version in rows
    )
