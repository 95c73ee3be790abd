"""Importing corpus projects into the database (SQLite and PostgreSQL): rows, dry run,
idempotence, updates with field diffs, and nothing written on error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crewtui.db.models import AgentRow, CrewRow, MemoryConfigRow, TaskRow, ToolRow
from crewtui.interop.importer import ProjectInvalid, agent_key, read_project
from crewtui.services import Services
from crewtui.services.importer import import_project

CORPUS = Path(__file__).parent / "corpus"
PROJECTS = [
    "research_crew",
    "trip_planner",
    "support_desk",
    "market_scan",
    "content_factory",
    "newsletter",
    "podcast_prep",
    "create_crew",
    "script_crew",
    "flow_poems/src/flow_poems/crews/poem_crew",
    "flow_poems/src/flow_poems/crews/review_crew",
    "city_guide",
]


def row_counts(services: Services) -> dict[str, int]:
    with services.store.uow() as uow:
        return {
            row.__tablename__: uow.session.scalar(select(func.count()).select_from(row)) or 0
            for row in (AgentRow, CrewRow, TaskRow, ToolRow, MemoryConfigRow)
        }


@pytest.mark.parametrize("name", PROJECTS)
def test_corpus_project_imports_every_agent_and_task(services: Services, name: str) -> None:
    spec = read_project(CORPUS / name)
    report = import_project(services, CORPUS / name, dry_run=False)
    assert report.written
    crew_name = spec.crew.name
    crew = services.get_crew(crew_name)
    members = [agent_key(k) for k in spec.crew.members]
    assert [m.agent_key for m in sorted(crew.members, key=lambda m: m.sequence_order)] == members
    for key, agent_spec in spec.agents.items():
        agent = services.get_agent(agent_key(key))
        assert agent.role == agent_spec.values["role"]
        assert agent.name == agent_spec.values["role"][:200]
    keys = {a.id: a.agent_key for a in (services.get_agent(agent_key(k)) for k in spec.agents)}
    if spec.crew.manager:
        assert crew.manager_agent_id is not None and keys[crew.manager_agent_id] == agent_key(
            spec.crew.manager
        )
    tasks = services.list_tasks(crew_name)
    assert [t.name for t in tasks] == [t.key for t in spec.tasks]
    assert [t.sequence_order for t in tasks] == list(range(1, len(tasks) + 1))
    names = {t.id: t.name for t in tasks}
    for task, task_spec in zip(tasks, spec.tasks, strict=True):
        wanted_agent = task_spec.values.get("agent")
        assert (keys[task.assigned_agent_id] if task.assigned_agent_id else None) == (
            agent_key(wanted_agent) if wanted_agent else None
        )
        wanted_context = task_spec.values.get("context")
        assert (
            None if task.context_task_ids is None else [names[i] for i in task.context_task_ids]
        ) == wanted_context
    registry = {t.tool_key for t in services.list_tools()}
    for agent_spec in spec.agents.values():
        for tool in agent_spec.values.get("tools", []):
            assert tool in registry
    # importing the same project again changes nothing
    assert {
        c.action for c in import_project(services, CORPUS / name, dry_run=True).plan.changes
    } == {"unchanged"}


def test_rows_hold_mapped_values(services: Services) -> None:
    import_project(services, CORPUS / "trip_planner", dry_run=False)
    crew = services.get_crew("Trip Planner")
    assert (crew.process_type, crew.planning_enabled, crew.planning_llm, crew.max_rpm) == (
        "hierarchical",
        True,
        "openai/gpt-4o-mini",
        30,
    )
    assert crew.cache_enabled is True and crew.verbose is True
    city = services.get_agent("city-expert")
    assert (city.llm_model, str(city.temperature), city.max_tokens, city.max_iter) == (
        "openai/gpt-4o",
        "0.30",
        2000,
        15,
    )
    assert services.get_agent("budget-analyst").cache_enabled is False
    itinerary = services.get_task("Trip Planner", "itinerary")
    assert (itinerary.markdown_enabled, itinerary.output_file, itinerary.create_directory) == (
        True,
        "output/itinerary.md",
        True,
    )

    import_project(services, CORPUS / "content_factory", dry_run=False)
    research = services.get_task("content_factory", "research")
    assert research.output_json_schema is not None and research.output_json_schema["required"] == [
        "summary",
        "facts",
        "sources",
    ]
    edit = services.get_task("content_factory", "edit")
    assert (edit.output_pydantic_schema, edit.callback_url) == (
        "FinalPost",
        "https://hooks.example.com/content-factory/done",
    )
    tools = {t.tool_key: t for t in services.list_tools()}
    assert tools["serper_dev_tool"].config == {"n_results": 10}
    assert tools["keyword_density_tool"].tool_class == "KeywordDensityTool"
    assert services.get_agent("content-researcher").embedder_config == {
        "provider": "openai",
        "config": {"model_name": "text-embedding-3-small"},
    }


def test_dry_run_writes_nothing_and_shows_the_changes(services: Services) -> None:
    before = row_counts(services)
    report = import_project(services, CORPUS / "research_crew", dry_run=True)
    assert not report.written
    assert row_counts(services) == before
    counts = report.counts()
    assert counts["create"] == 7 and counts["update"] == 0
    agent = next(c for c in report.plan.agents if c.key == "reporting-analyst")
    assert {f.field: f.new for f in agent.fields}["llm_model"] == "openai/gpt-4o-mini"
    task = next(c for c in report.plan.tasks if c.key == "reporting_task")
    fields = {f.field: (f.old, f.new) for f in task.fields}
    assert fields["agent"] == (None, "reporting-analyst")
    assert fields["context"] == (None, ["research_task"])


def test_reimport_changes_nothing(services: Services) -> None:
    spec = read_project(CORPUS / "market_scan")
    import_project(services, CORPUS / "market_scan", dry_run=False)

    def versions() -> list[int]:
        agents = [services.get_agent(agent_key(k)).version for k in spec.agents]
        tasks = [t.version for t in services.list_tasks("market_scan")]
        return [*agents, *tasks, services.get_crew("market_scan").version]

    before, counts = versions(), row_counts(services)
    report = import_project(services, CORPUS / "market_scan", dry_run=False)
    assert not report.written
    assert {c.action for c in report.plan.changes} == {"unchanged"}
    assert row_counts(services) == counts
    assert versions() == before


def test_update_shows_old_and_new_and_removes_dropped_tasks(
    services: Services, tmp_path: Path
) -> None:
    project = tmp_path / "market_scan"
    shutil.copytree(CORPUS / "market_scan", project)
    import_project(services, project, dry_run=False)
    agents_yaml = project / "src/market_scan/config/agents.yaml"
    agents_yaml.write_text(
        agents_yaml.read_text().replace(
            "Ten years of market sizing", "Twelve years of market sizing"
        )
    )
    crew_py = project / "src/market_scan/crew.py"
    text = crew_py.read_text()
    # drop the recommendation task and put the strategist first among the agents
    text = text.replace(
        """    @task
    def recommendation(self) -> Task:
        return Task(config=self.tasks_config["recommendation"])
""",
        "",
    )
    text = text.replace(
        "agents=self.agents",
        "agents=[self.strategist(), self.market_researcher(), self.competitor_analyst(), "
        "self.customer_researcher()]",
    )
    crew_py.write_text(text)
    before = row_counts(services)
    dry = import_project(services, project, dry_run=True)
    assert row_counts(services) == before
    changes = {(c.kind, c.key): c for c in dry.plan.changes}
    backstory = {f.field: (f.old, f.new) for f in changes[("agent", "market-researcher")].fields}[
        "backstory"
    ]
    assert backstory == (
        "Ten years of market sizing for consumer hardware.",
        "Twelve years of market sizing for consumer hardware.",
    )
    assert changes[("task", "recommendation")].action == "delete"
    members = {f.field: (f.old, f.new) for f in changes[("crew", "market_scan")].fields}["members"]
    assert members[1] == [
        "strategist",
        "market-researcher",
        "competitor-analyst",
        "customer-researcher",
    ]
    assert changes[("agent", "strategist")].action == "unchanged"

    import_project(services, project, dry_run=False)
    assert services.get_agent("market-researcher").backstory.startswith("Twelve years")
    assert [t.name for t in services.list_tasks("market_scan")] == [
        "market_research",
        "competitor_research",
        "customer_research",
        "synthesis",
    ]
    crew = services.get_crew("market_scan")
    assert [m.agent_key for m in crew.members] == [
        "strategist",
        "market-researcher",
        "competitor-analyst",
        "customer-researcher",
    ]
    assert row_counts(services)["crewai_tasks"] == before["crewai_tasks"] - 1


@pytest.mark.parametrize(
    "broken", ["malformed_yaml", "unknown_agent", "unknown_context", "unknown_agent_python"]
)
def test_broken_project_writes_nothing(services: Services, broken: str) -> None:
    before = row_counts(services)
    with pytest.raises(ProjectInvalid):
        import_project(services, CORPUS / "broken" / broken, dry_run=False)
    assert row_counts(services) == before


def test_value_crewtui_refuses_names_the_line_and_writes_nothing(
    services: Services, tmp_path: Path
) -> None:
    project = tmp_path / "newsletter"
    shutil.copytree(CORPUS / "newsletter", project)
    agents_yaml = project / "config/agents.yaml"
    agents_yaml.write_text(
        agents_yaml.read_text().replace("max_retry_limit: 3", "max_retry_limit: -3")
    )
    before = row_counts(services)
    with pytest.raises(ProjectInvalid) as err:
        import_project(services, project, dry_run=False)
    [issue] = err.value.issues
    assert (issue.path, issue.line) == ("config/agents.yaml", 18)
    assert "agent 'writer': max_retry_limit" in issue.message
    assert row_counts(services) == before


def test_failure_while_writing_rolls_everything_back(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crewtui.services import importer

    real = importer.apply_plan

    def failing(w: object, plan: object) -> None:
        real(w, plan)  # type: ignore[arg-type]
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "apply_plan", failing)
    before = row_counts(services)
    with pytest.raises(RuntimeError):
        import_project(services, CORPUS / "content_factory", dry_run=False)
    assert row_counts(services) == before


def test_crew_name_option_and_existing_agents_are_updated_not_duplicated(
    services: Services,
) -> None:
    import_project(services, CORPUS / "newsletter", dry_run=False, crew_name="weekly")
    import_project(services, CORPUS / "newsletter", dry_run=False, crew_name="monthly")
    assert {c.crew_name for c in services.list_crews()} == {"weekly", "monthly"}
    assert row_counts(services)["crewai_agents"] == 2
    assert [t.name for t in services.list_tasks("monthly")] == ["curate", "write"]


def test_crew_embedder_is_kept_on_a_memory_configuration(
    services: Services, tmp_path: Path
) -> None:
    project = tmp_path / "support_desk"
    shutil.copytree(CORPUS / "support_desk", project)
    crew_py = project / "src/support_desk/crew.py"
    crew_py.write_text(
        crew_py.read_text().replace(
            "memory=True,",
            'memory=True,\n            embedder={"provider": "openai", "config": {"model_name": '
            '"text-embedding-3-large"}},',
        )
    )
    import_project(services, project, dry_run=False)
    [config] = services.list_memory_configs()
    assert (config.embedder_provider, config.embedder_model, config.embedder_dimensions) == (
        "openai",
        "text-embedding-3-large",
        3072,
    )
    assert services.get_agent("support-agent").memory_config_id == config.id
    assert {c.action for c in import_project(services, project, dry_run=False).plan.changes} == {
        "unchanged"
    }
