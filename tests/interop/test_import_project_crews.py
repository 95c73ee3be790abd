"""Projects as people write them: a flow's several crews, a script building its crew at module
level, a ``crewai create crew`` project whose main.py gives the run inputs (SQLite and
PostgreSQL)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crewtui.db.models import AgentRow, CrewRow, TaskRow
from crewtui.interop.export import render_project
from crewtui.interop.importer import (
    ProjectInvalid,
    SeveralCrews,
    find_crews,
    read_crews,
    read_project,
)
from crewtui.services import Services
from crewtui.services.importer import import_crews, import_project
from crewtui.services.interop import export_crew, lint_crew
from crewtui.services.runs import RunServices

CORPUS = Path(__file__).parent / "corpus"
FLOW = CORPUS / "flow_poems"


def rows(services: Services) -> tuple[int, int, int]:
    with services.store.uow() as uow:
        return tuple(  # type: ignore[return-value]
            uow.session.scalar(select(func.count()).select_from(r)) or 0
            for r in (AgentRow, CrewRow, TaskRow)
        )


def member_keys(services: Services, crew: str) -> list[str]:
    bundle = services.load_bundle(crew)
    return [a.agent_key for a in bundle.members]


# ---------------------------------------------------------------- several crews


def test_a_flow_lists_its_crews_and_refuses_to_guess() -> None:
    names = [s.name for s in find_crews(FLOW)]
    assert names == ["poem_crew", "review_crew"]
    with pytest.raises(SeveralCrews) as caught:
        read_project(FLOW)
    message = str(caught.value.issues[0])
    assert "holds 2 crews" in message
    assert "poem_crew (PoemCrew in src/flow_poems/crews/poem_crew/poem_crew.py)" in message
    assert "review_crew (ReviewCrew in" in message
    with pytest.raises(SeveralCrews) as unknown:
        read_project(FLOW, "limerick_crew")
    assert unknown.value.title == "No such crew in the project"
    assert "has no crew 'limerick_crew'" in str(unknown.value.issues[0])


def test_a_crew_is_chosen_by_its_name_or_class() -> None:
    assert read_project(FLOW, "ReviewCrew").crew.name == "review_crew"
    spec = read_project(FLOW, "poem_crew")
    assert [t.key for t in spec.tasks] == ["write_poem", "polish_poem"]
    # a crew package of the flow is a project of its own too
    alone = read_project(FLOW / "src/flow_poems/crews/poem_crew")
    assert [t.key for t in alone.tasks] == ["write_poem", "polish_poem"]


def test_shared_agents_one_when_identical_suffixed_when_not() -> None:
    poems, review = read_crews(FLOW)
    assert list(poems.agents) == ["poet", "proofreader"]
    assert list(review.agents) == ["proofreader", "poet_review_crew"]
    assert [t.values["agent"] for t in review.tasks] == ["poet_review_crew"] * 2
    said = [str(w) for w in review.warnings]
    assert any(
        "agent 'poet' of crew 'review_crew' differs" in w and "imported as 'poet_review_crew'" in w
        for w in said
    ), said
    # a missing tasks.yaml key: the rest imports, the key is reported
    assert any("has no 'rate_poem'" in w and "not imported" in w for w in said), said
    # the keys do not depend on which crews are chosen
    (only,) = read_crews(FLOW, ["review_crew"])
    assert list(only.agents) == ["proofreader", "poet_review_crew"]
    assert list(read_project(FLOW, "review_crew").agents) == list(only.agents)


def test_importing_every_crew_writes_shared_agents_once(services: Services) -> None:
    dry = import_crews(services, FLOW, dry_run=True)
    assert rows(services) == (0, 0, 0)
    assert [r.plan.crew_name for r in dry] == ["poem_crew", "review_crew"]
    shared = next(c for c in dry[1].plan.agents if c.key == "proofreader")
    assert shared.action == "unchanged"  # planned after the first crew, as written
    reports = import_crews(services, FLOW, dry_run=False)
    assert all(r.written for r in reports)
    assert rows(services) == (3, 2, 4)
    assert member_keys(services, "poem_crew") == ["poet", "proofreader"]
    assert member_keys(services, "review_crew") == ["proofreader", "poet-review-crew"]
    assert services.get_agent("poet").role == "Morning Poet"
    assert services.get_agent("poet-review-crew").role == "Poetry Critic"
    # the inputs the flow kicks each crew off with, known only when the flow runs
    assert services.load_bundle("poem_crew").crew.run_inputs == {"sentence_count": ""}
    assert services.load_bundle("review_crew").crew.run_inputs == {"poem": ""}
    said = [str(w) for w in reports[0].warnings]
    assert any(
        "src/flow_poems/main.py:29" in w and "'self.state.sentence_count'" in w for w in said
    ), said
    again = import_crews(services, FLOW, dry_run=False)
    assert not any(r.plan.has_changes for r in again)
    assert rows(services) == (3, 2, 4)


def test_one_crew_of_a_flow_then_the_other(services: Services) -> None:
    import_project(services, FLOW, dry_run=False, crew="review_crew")
    assert rows(services) == (2, 1, 2)
    assert services.get_agent("poet-review-crew").role == "Poetry Critic"
    import_project(services, FLOW, dry_run=False, crew="poem_crew")
    # the critic was not overwritten by the poet of the other crew
    assert services.get_agent("poet-review-crew").role == "Poetry Critic"
    assert services.get_agent("poet").role == "Morning Poet"


def test_crews_in_one_transaction_nothing_written_on_error(
    services: Services, tmp_path: Path
) -> None:
    project = tmp_path / "flow_poems"
    shutil.copytree(FLOW, project)
    review = project / "src/flow_poems/crews/review_crew/config/agents.yaml"
    # read fine, refused when planned: after the first crew went into the transaction
    review.write_text(review.read_text() + "  max_retry_limit: -3\n")
    with pytest.raises(ProjectInvalid) as err:
        import_crews(services, project, dry_run=False)
    assert "max_retry_limit" in err.value.issues[0].message
    assert rows(services) == (0, 0, 0)


# ---------------------------------------------------------------- a script


def test_a_script_crew_gets_exactly_the_tasks_passed_to_crew(services: Services) -> None:
    report = import_project(services, CORPUS / "script_crew", dry_run=False)
    said = [str(w) for w in report.warnings]
    assert any("task 'headline' is not in Crew(tasks=[...])" in w for w in said), said
    assert any("task 'translation' is not in Crew(tasks=[...])" in w for w in said), said
    assert any("verbose: 2" in w and "stored as true" in w for w in said), said
    bundle = services.load_bundle("market_brief")
    assert [t.name for t in bundle.tasks] == ["research", "check", "brief"]
    keys = {a.id: a.agent_key for a in bundle.members}
    assert [keys[t.assigned_agent_id] for t in bundle.tasks if t.assigned_agent_id] == [
        "analyst",
        "second-analyst",
        "writer",
    ]
    names = {t.id: t.name for t in bundle.tasks}
    assert [names[i] for i in bundle.tasks[2].context_task_ids or []] == ["research", "check"]
    assert bundle.crew.verbose is True
    analyst = services.get_agent("analyst")
    assert analyst.goal == (
        "Find the three facts that matter most about home battery storage in Northern Europe"
    )
    assert analyst.llm_model == "gpt-4o-mini" and float(analyst.temperature or 0) == 0.2
    # no llm is made up for an agent that has none
    assert services.get_agent("writer").llm_model is None
    assert bundle.crew.run_inputs == {"audience": "the board", "year": "2026"}


def test_two_agents_with_one_role_warn_and_export(services: Services, tmp_path: Path) -> None:
    import_project(services, CORPUS / "script_crew", dry_run=False)
    issues = lint_crew(services, "market_brief")
    dup = [i for i in issues if i.rule == "duplicate-role"]
    assert [(i.severity, i.object_name) for i in dup] == [("warning", "second-analyst")]
    assert not [i for i in issues if i.severity == "error"]
    # {audience} has the value the script kicks off with: no input is missing
    assert not [i for i in issues if i.rule == "input-missing"]
    export_crew(services, "market_brief", tmp_path / "out")
    assert (tmp_path / "out/src/market_brief/config/agents.yaml").is_file()


# ---------------------------------------------------------------- main.py inputs


def test_main_py_inputs_become_the_crews_run_inputs(services: Services) -> None:
    report = import_project(services, CORPUS / "create_crew", dry_run=False)
    said = [str(w) for w in report.warnings]
    assert any(
        "src/create_crew/main.py:17" in w and "'current_year'" in w and "empty default" in w
        for w in said
    ), said
    bundle = services.load_bundle("create_crew")
    assert bundle.crew.run_inputs == {"topic": "AI LLMs", "current_year": ""}
    offered = services.run_inputs("create_crew")
    assert offered == {"topic": "AI LLMs", "current_year": str(datetime.now().year)}
    assert RunServices._inputs(bundle, {"topic": "robots"}) == {
        "topic": "robots",
        "current_year": str(datetime.now().year),
    }
    # a re-import changes nothing; a project without inputs leaves them alone
    assert not import_project(services, CORPUS / "create_crew", dry_run=False).plan.has_changes


def test_run_inputs_survive_export_and_reimport(services: Services, tmp_path: Path) -> None:
    import_project(services, CORPUS / "create_crew", dry_run=False)
    files = render_project(services.load_bundle("create_crew"), format="yaml")
    main = files["src/create_crew/main.py"]
    assert "'topic': 'AI LLMs'" in main or '"topic": "AI LLMs"' in main
    assert "str(datetime.now().year)" in main
    out = tmp_path / "exported"
    for name, text in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text)
    again = import_project(services, out, dry_run=True)
    assert again.plan.inputs == {"current_year": "", "topic": "AI LLMs"}
    assert again.plan.crew is not None and again.plan.crew.action == "unchanged"
    assert all(c.action == "unchanged" for c in again.plan.tasks)


def test_export_keeps_a_dependency_range(services: Services) -> None:
    import_project(services, CORPUS / "create_crew", dry_run=False)
    files = render_project(services.load_bundle("create_crew"), format="yaml")
    dep = next(line for line in files["pyproject.toml"].splitlines() if '"crewai[' in line)
    assert ">=" in dep and "<" in dep.split(">=", 1)[1], dep


SCRIPT_IN_MAIN = """
from crewai import Agent, Crew, Task

LANG = "French"


def main():
    teacher = Agent(role="Teacher", goal=f"Teach {LANG}", backstory="Patient.")
    critic = Agent(role="Critic", goal="Judge lessons", backstory="Strict.")
    lesson = Task(description="Write a lesson on {subject}.", expected_output="A lesson.",
                  agent=teacher)
    review = Task(description="Review the lesson.", expected_output="Notes.", agent=critic,
                  context=[lesson])
    teaching = Crew(agents=[teacher], tasks=[lesson])
    reviewing = Crew(agents=[critic], tasks=[lesson, review])
    lesson.execute_sync()
    teaching.kickoff(inputs={"subject": "verbs"})
    reviewing.kickoff()


if __name__ == "__main__":
    main()
"""


def test_a_script_with_two_crews_inside_a_function(tmp_path: Path) -> None:
    (tmp_path / "lessons.py").write_text(SCRIPT_IN_MAIN)
    assert [(s.name, s.kind) for s in find_crews(tmp_path)] == [
        ("teaching", "script"),
        ("reviewing", "script"),
    ]
    teaching, reviewing = read_crews(tmp_path)
    assert teaching.agents["teacher"].values["goal"] == "Teach French"
    assert [t.key for t in teaching.tasks] == ["lesson"]
    assert teaching.inputs == {"subject": "verbs"}
    # the crew's tasks bring their agents: the teacher joins the reviewing crew
    assert [t.key for t in reviewing.tasks] == ["lesson", "review"]
    assert reviewing.crew.members == ["critic", "teacher"]
    assert reviewing.tasks[1].values["context"] == ["lesson"]
    assert any("'teacher' is not in Crew(agents=[...])" in str(w) for w in reviewing.warnings)
    # one file path reads the same crews
    assert [s.name for s in find_crews(tmp_path / "lessons.py")] == ["teaching", "reviewing"]


def test_a_crew_file_is_read_within_its_own_folder() -> None:
    """Given one crew's file, nothing above its folder is read (the flow's main.py neither)."""
    spec = read_project(FLOW / "src/flow_poems/crews/poem_crew/poem_crew.py")
    assert spec.crew.name == "poem_crew"
    assert [t.key for t in spec.tasks] == ["write_poem", "polish_poem"]
    assert spec.inputs == {}
    assert not [w for w in spec.warnings if "main.py" in str(w)], spec.warnings


def test_helper_classes_of_the_older_examples(services: Services) -> None:
    """``agents = GuideAgents(); expert = agents.city_expert()``; the tasks of a helper class
    given the agent and values only known at run time, which become crewai inputs."""
    report = import_project(services, CORPUS / "city_guide", dry_run=False)
    said = [str(w) for w in report.warnings]
    assert any(
        "main.py:19" in w and "'self.city' given for 'city'" in w and "input {city}" in w
        for w in said
    ), said
    bundle = services.load_bundle("city_guide")
    assert [a.agent_key for a in bundle.members] == ["expert", "planner"]
    assert services.get_agent("planner").goal == "Plan a slow visit day by day"
    expert = services.get_agent("expert")
    assert expert.backstory is not None and expert.backstory.startswith("A knowledgeable local")
    tasks = bundle.tasks
    assert [t.name for t in tasks] == ["gather", "plan"]
    gather = tasks[0].description or ""
    assert gather.startswith("Compile an in-depth guide to {city} for a traveller")
    assert "{interests}" in gather
    assert tasks[1].description == "Turn the guide into a plan of 3 days in {city}."
    assert sorted(services.run_inputs("city_guide")) == ["city", "interests"]


def test_run_inputs_go_into_crew_jsonc_and_back(services: Services, tmp_path: Path) -> None:
    """crewai kicks a JSON-first crew off with crew.jsonc's ``inputs``: the stored values
    that have one are written there, and a re-import keeps the crew's inputs as they were."""
    import json

    from crewtui.interop.releases import NEWEST

    import_project(services, CORPUS / "create_crew", dry_run=False)
    files = render_project(services.load_bundle("create_crew"), format="json", target=NEWEST)
    crew_file = next(text for name, text in files.items() if name.endswith("crew.jsonc"))
    body = "\n".join(ln for ln in crew_file.splitlines() if not ln.lstrip().startswith("//"))
    assert json.loads(body)["inputs"] == {"topic": "AI LLMs"}
    out = tmp_path / "json"
    for name, text in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text)
    again = import_project(services, out, dry_run=True)
    assert again.plan.inputs == {"topic": "AI LLMs"}
    assert again.plan.crew is not None and again.plan.crew.action == "unchanged"
