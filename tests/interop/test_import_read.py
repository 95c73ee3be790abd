"""Reading crewai projects statically: structure, references, tools, errors with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from crewtui.interop.importer import ProjectInvalid, read_project
from crewtui.interop.importer.jsonc import strip_comments

CORPUS = Path(__file__).parent / "corpus"
BROKEN = CORPUS / "broken"


def issues_of(path: Path) -> list[str]:
    with pytest.raises(ProjectInvalid) as err:
        read_project(path)
    return [str(i) for i in err.value.issues]


# ---- structure of every corpus project

EXPECTED = {
    "research_crew": (
        ["researcher", "reporting_analyst"],
        None,
        ["research_task", "reporting_task"],
    ),
    "trip_planner": (
        ["city_expert", "logistics_planner", "budget_analyst"],
        "travel_manager",
        ["city_selection", "logistics", "budget_check", "itinerary"],
    ),
    "support_desk": (
        ["support_agent", "support_quality_assurance_agent"],
        None,
        ["inquiry_resolution", "quality_assurance_review"],
    ),
    "market_scan": (
        ["market_researcher", "competitor_analyst", "customer_researcher", "strategist"],
        None,
        [
            "market_research",
            "competitor_research",
            "customer_research",
            "synthesis",
            "recommendation",
        ],
    ),
    "content_factory": (
        ["content_researcher", "seo_writer", "editor"],
        None,
        ["research", "draft", "edit"],
    ),
    "newsletter": (["curator", "writer"], None, ["curate", "write"]),
    "podcast_prep": (
        ["guest_researcher", "question_writer", "producer"],
        None,
        ["guest_profile", "questions", "running_order"],
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_agent_and_task_is_read(name: str) -> None:
    members, manager, tasks = EXPECTED[name]
    spec = read_project(CORPUS / name)
    assert spec.crew.members == members
    assert spec.crew.manager == manager
    assert [t.key for t in spec.tasks] == tasks
    assert sorted(spec.agents) == sorted(members + ([manager] if manager else []))
    for agent in spec.agents.values():
        assert agent.values["role"] and agent.values["goal"] and agent.values["backstory"]
    for task in spec.tasks:
        assert task.values["description"] and task.values["expected_output"]


def test_agents_set_only_in_crew_py_arrive() -> None:
    spec = read_project(CORPUS / "research_crew")
    assert {t.key: t.values["agent"] for t in spec.tasks} == {
        "research_task": "researcher",
        "reporting_task": "reporting_analyst",
    }
    report = spec.task("reporting_task")
    assert report is not None
    assert report.values["context"] == ["research_task"]
    assert report.values["output_file"] == "report.md"
    # folded YAML text loses its layout newline, keeps its words
    assert spec.agents["researcher"].values["role"] == "{topic} Senior Data Researcher"
    assert spec.agents["researcher"].values["tools"] == ["serper_dev_tool", "scrape_website_tool"]
    assert spec.agents["researcher"].values["verbose"] is True
    assert spec.crew.values == {"process": "sequential", "verbose": True}
    assert spec.inputs["topic"] == "AI LLMs"


def test_project_root_package_folder_and_crew_py_read_alike() -> None:
    root = read_project(CORPUS / "research_crew")
    package = read_project(CORPUS / "research_crew" / "src" / "research_crew")
    module = read_project(CORPUS / "research_crew" / "src" / "research_crew" / "crew.py")
    for other in (package, module):
        assert [t.values for t in other.tasks] == [t.values for t in root.tasks]
        assert {k: a.values for k, a in other.agents.items()} == {
            k: a.values for k, a in root.agents.items()
        }


def test_hierarchical_crew_with_manager_agent() -> None:
    spec = read_project(CORPUS / "trip_planner")
    assert spec.crew.name == "Trip Planner"
    assert spec.crew.values["process"] == "hierarchical"
    assert spec.crew.values["planning"] is True
    assert spec.crew.values["planning_llm"] == "openai/gpt-4o-mini"
    assert spec.crew.values["max_rpm"] == 30
    city = spec.agents["city_expert"].values
    assert (city["llm"], city["temperature"], city["max_tokens"]) == ("openai/gpt-4o", 0.3, 2000)
    assert spec.agents["logistics_planner"].values["allow_delegation"] is False
    assert spec.agents["budget_analyst"].values["cache"] is False
    assert spec.agents["travel_manager"].values["verbose"] is True
    assert all("agent" not in t.values for t in spec.tasks)
    itinerary = spec.task("itinerary")
    assert itinerary is not None
    assert itinerary.values["context"] == [
        "city_selection",
        "logistics",
        "budget_check",
    ]


def test_hierarchical_crew_with_manager_llm_and_yaml_tools() -> None:
    spec = read_project(CORPUS / "support_desk")
    assert spec.crew.manager is None
    assert spec.crew.values["manager_llm"] == "openai/gpt-4o"
    assert spec.crew.values["memory"] is True
    assert spec.agents["support_agent"].values["tools"] == ["docs_scraper"]
    tool = spec.tools["docs_scraper"]
    assert (tool.tool_class, tool.config) == (
        "ScrapeWebsiteTool",
        {"website_url": "https://docs.crewai.com/introduction"},
    )
    qa = spec.agents["support_quality_assurance_agent"].values
    assert (qa["reasoning"], qa["max_reasoning_attempts"]) == (True, 2)


def test_async_tasks_and_context_chain() -> None:
    spec = read_project(CORPUS / "market_scan")
    asyncs = [t.key for t in spec.tasks if t.values.get("async_execution")]
    assert asyncs == ["market_research", "competitor_research", "customer_research"]
    assert spec.task("synthesis").values["context"] == asyncs  # type: ignore[union-attr]
    assert spec.task("recommendation").values["context"] == ["synthesis"]  # type: ignore[union-attr]
    strategist = spec.agents["strategist"].values
    assert (strategist["llm"], strategist["temperature"]) == (
        "openai/gpt-4o",
        0.2,
    )  # from the @llm method
    assert strategist["date_format"] == "%d %B %Y"
    assert spec.tools["search"].config == {"n_results": 5}
    assert not spec.warnings


def test_custom_tools_models_callbacks() -> None:
    spec = read_project(CORPUS / "content_factory")
    researcher = spec.agents["content_researcher"].values
    assert researcher["tools"] == ["serper_dev_tool", "scrape_website_tool", "file_read_tool"]
    assert researcher["embedder"] == {
        "provider": "openai",
        "config": {"model_name": "text-embedding-3-small"},
    }
    assert spec.tools["file_read_tool"].config == {"file_path": "knowledge/brand_guide.md"}
    assert spec.tools["serper_dev_tool"].config == {"n_results": 10}
    custom = spec.tools["keyword_density_tool"]
    assert (custom.tool_class, custom.name) == ("KeywordDensityTool", "Keyword density")
    assert custom.description and custom.description.startswith("Counts how often")
    func = spec.tools["word_counter"]
    assert (func.name, func.tool_class, func.description) == (
        "Word counter",
        None,
        "Counts the words of a text.",
    )
    assert spec.agents["seo_writer"].values["tools"] == ["keyword_density_tool", "word_counter"]
    research, _draft, edit = spec.tasks
    schema = research.values["output_json"]
    assert schema["required"] == ["summary", "facts", "sources"]
    assert schema["properties"]["summary"] == {
        "type": "string",
        "description": "Three sentences on the topic.",
    }
    assert schema["properties"]["sources"]["items"]["properties"] == {
        "title": {"type": "string"},
        "url": {"type": "string"},
    }
    assert schema["properties"]["confidence"] == {"type": "number"}
    assert edit.values["output_pydantic"] == "FinalPost"
    assert edit.values["callback"] == "https://hooks.example.com/content-factory/done"
    assert edit.values["guardrail"].startswith("The post must stay under 1,200 words")


def test_package_level_project() -> None:
    spec = read_project(CORPUS / "newsletter")
    assert spec.crew.name == "newsletter"
    curator = spec.agents["curator"].values
    assert (curator["llm"], curator["function_calling_llm"], curator["max_iter"]) == (
        "openai/gpt-4o-mini",
        "openai/gpt-4o-mini",
        10,
    )
    assert spec.task("curate").values["tools"] == ["rss_reader"]  # type: ignore[union-attr]
    assert spec.task("write").values["output_file"] == "issues/{topic}.md"  # type: ignore[union-attr]


def test_json_first_project() -> None:
    spec = read_project(CORPUS / "podcast_prep")
    assert spec.layout == "json"
    assert spec.crew.name == "podcast-prep"
    assert spec.crew.values["max_rpm"] == 20
    writer = spec.agents["question_writer"].values
    assert (writer["llm"], writer["temperature"], writer["max_tokens"]) == (
        "openai/gpt-4o",
        0.9,
        1500,
    )
    assert (
        spec.agents["producer"].values["step_callback"] == "https://hooks.example.com/podcast/steps"
    )
    profile, questions, order = spec.tasks
    # comment markers inside strings are text, not comments
    assert "https://example.org///" in profile.values["description"]
    assert "/* not a comment */" in questions.values["description"]
    assert profile.values["tools"] == ["guest_search", "scrape_website_tool"]
    assert spec.tools["guest_search"].config == {
        "n_results": 20,
        "search_type": "news",
        "api_key_env": "SERPER_API_KEY",
    }
    assert (
        questions.values["output_json"]["properties"]["questions"]["description"]
        == "Twelve questions."
    )
    assert questions.values["output_json"]["required"] == ["questions"]
    assert order.values["callback"] == "https://hooks.example.com/podcast/running-order"
    assert order.values["context"] == ["guest_profile", "questions"]


# ---- errors name the file and the line


def test_malformed_yaml_names_file_and_line() -> None:
    [problem] = issues_of(BROKEN / "malformed_yaml")
    assert problem.startswith("config/tasks.yaml:10: malformed YAML")
    assert "from line 7" in problem


def test_unknown_agent_in_tasks_yaml() -> None:
    assert issues_of(BROKEN / "unknown_agent") == [
        (
            "config/tasks.yaml:9: task 'summary': unknown agent 'summary_writer' (no @agent method "
            "of that name)"
        )
    ]


def test_unknown_agent_in_crew_py() -> None:
    assert issues_of(BROKEN / "unknown_agent_python") == [
        "crew.py:17: task 'summary': unknown agent 'self.editor()'"
    ]


def test_unknown_context_task() -> None:
    [problem] = issues_of(BROKEN / "unknown_context")
    assert problem.startswith("config/tasks.yaml:10:")
    assert "unknown context task 'fact_check'" in problem


def test_not_a_project(tmp_path: Path) -> None:
    [problem] = issues_of(tmp_path)
    assert "is not a crewai project" in problem


# ---- static reading only


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


AGENTS = "writer:\n  role: Writer\n  goal: Write\n  backstory: Writes.\n"
TASKS = "draft:\n  description: Draft it.\n  expected_output: A draft.\n  agent: writer\n"


def test_project_code_is_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    crew_py = f"""
from pathlib import Path
Path({str(marker)!r}).write_text("ran")
raise SystemExit("project code must not run")
from crewai import Agent, Crew, Task
from crewai.project import CrewBase, agent, crew, task

@CrewBase
class C:
    @agent
    def writer(self) -> Agent:
        return Agent(config=self.agents_config["writer"])

    @task
    def draft(self) -> Task:
        return Task(config=self.tasks_config["draft"])

    @crew
    def crew(self) -> Crew:
        return Crew(agents=self.agents, tasks=self.tasks)
"""
    project = _write(
        tmp_path / "p",
        {"config/agents.yaml": AGENTS, "config/tasks.yaml": TASKS, "crew.py": crew_py},
    )
    spec = read_project(project)
    assert [t.key for t in spec.tasks] == ["draft"]
    assert not marker.exists()


def test_values_known_only_at_run_time_are_reported_not_guessed(tmp_path: Path) -> None:
    crew_py = """
import os
from crewai import Agent, Crew, Task
from crewai.project import CrewBase, agent, crew, task

@CrewBase
class C:
    @agent
    def writer(self) -> Agent:
        return Agent(config=self.agents_config["writer"], llm=os.environ["WRITER_MODEL"], \
max_iter=int("5"))

    @task
    def draft(self) -> Task:
        return Task(config=self.tasks_config["draft"])

    @crew
    def crew(self) -> Crew:
        return Crew(agents=self.agents, tasks=self.tasks)
"""
    project = _write(
        tmp_path / "p",
        {
            "config/agents.yaml": AGENTS + "  temprature: 0.2\n",
            "config/tasks.yaml": TASKS,
            "crew.py": crew_py,
        },
    )
    spec = read_project(project)
    values = spec.agents["writer"].values
    assert "llm" not in values and "max_iter" not in values
    text = "\n".join(str(w) for w in spec.warnings)
    assert (
        "crew.py:10: agent 'writer' llm: 'os.environ['WRITER_MODEL']' cannot be read without "
        "running the code" in text
    )
    assert "int('5')" in text or "not a literal value" in text
    assert (
        "config/agents.yaml:5: agent 'writer': 'temprature' is not a crewai setting; crewai "
        "ignores it" in text
    )


def test_tasks_yaml_only_tasks_and_order_of_methods(tmp_path: Path) -> None:
    crew_py = """
from crewai import Agent, Crew, Task
from crewai.project import CrewBase, agent, crew, task

@CrewBase
class C:
    @agent
    def writer(self) -> Agent:
        return Agent(config=self.agents_config["writer"])

    @task
    def review(self) -> Task:
        return Task(config=self.tasks_config["review"])

    @task
    def draft(self) -> Task:
        return Task(config=self.tasks_config["draft"])

    @crew
    def crew(self) -> Crew:
        return Crew(agents=self.agents, tasks=self.tasks)
"""
    tasks = (
        TASKS + "review:\n  description: Review.\n  expected_output: Notes.\n  agent: writer\n"
        "orphan:\n  description: Never run.\n  expected_output: Nothing.\n"
    )
    spec = read_project(
        _write(
            tmp_path / "p",
            {"config/agents.yaml": AGENTS, "config/tasks.yaml": tasks, "crew.py": crew_py},
        )
    )
    # crewai runs the @task methods in the order they are defined
    assert [t.key for t in spec.tasks] == ["review", "draft"]
    text = "\n".join(str(w) for w in spec.warnings)
    assert (
        "task 'orphan' has no @task method in crew.py; crewai never runs it, not imported" in text
    )
    assert "tasks run in the order of the @task methods (review, draft)" in text


def test_jsonc_comments_outside_strings_only() -> None:
    text = (
        '{\n  // a comment\n  "url": "http://x.org//y", /* block\n'
        ' comment */ "glob": "/* kept */",\n  "list": [1, 2,],\n}\n'
    )
    stripped = strip_comments(text)
    import json

    assert json.loads(stripped) == {"url": "http://x.org//y", "glob": "/* kept */", "list": [1, 2]}
    assert stripped.count("\n") == text.count("\n")


def test_malformed_jsonc_names_file_and_line(tmp_path: Path) -> None:
    project = _write(
        tmp_path / "p", {"crew.jsonc": '// crew\n{\n  "name": "x",\n  "agents": [\n}\n'}
    )
    [problem] = issues_of(project)
    assert problem.startswith("crew.jsonc:5: malformed JSON")


def test_explicit_crew_lists_decide_order_and_membership(tmp_path: Path) -> None:
    crew_py = """
from crewai import Agent, Crew, Process, Task
from crewai.project import CrewBase, agent, crew, task

@CrewBase
class C:
    @agent
    def writer(self) -> Agent:
        return Agent(config=self.agents_config["writer"])

    @agent
    def spare(self) -> Agent:
        return Agent(role="Spare", goal="Wait", backstory="Unused.")

    @task
    def draft(self) -> Task:
        return Task(config=self.tasks_config["draft"])

    @task
    def outline(self) -> Task:
        return Task(description="Outline it.", expected_output="An outline.", agent=self.writer())

    @crew
    def crew(self) -> Crew:
        return Crew(agents=[self.writer()], tasks=[self.outline(), self.draft()], \
process=Process.sequential)
"""
    spec = read_project(
        _write(
            tmp_path / "p",
            {"config/agents.yaml": AGENTS, "config/tasks.yaml": TASKS, "crew.py": crew_py},
        )
    )
    assert [t.key for t in spec.tasks] == ["outline", "draft"]
    assert spec.crew.members == ["writer"]
    outline = spec.task("outline")
    assert outline is not None
    assert outline.values == {
        "description": "Outline it.",
        "expected_output": "An outline.",
        "agent": "writer",
    }
    assert "@agent 'spare' is not in Crew(agents=[...]); crewai does not use it" in "\n".join(
        map(str, spec.warnings)
    )


def test_json_first_unknown_references(tmp_path: Path) -> None:
    crew = """{
  "name": "x",
  "agents": ["writer"],
  "tasks": [
    {"name": "draft", "description": "d", "expected_output": "e", "agent": "editor"},
    {"name": "final", "description": "d", "expected_output": "e", "agent": "writer", "context": \
["review"]}
  ]
}
"""
    writer = '{"role": "Writer", "goal": "Write", "backstory": "Writes."}'
    problems = issues_of(
        _write(tmp_path / "p", {"crew.jsonc": crew, "agents/writer.jsonc": writer})
    )
    assert problems == [
        "crew.jsonc:5: task 'draft': unknown agent 'editor'",
        "crew.jsonc:6: task 'final': unknown context task 'review'",
    ]


def test_tool_aliases_and_module_constants(tmp_path: Path) -> None:
    crew_py = """
import crewai_tools
from crewai import Agent, Crew, Task
from crewai.project import CrewBase, agent, crew, task
from crewai_tools import SerperDevTool as Search

docs = crewai_tools.ScrapeWebsiteTool(website_url="https://docs.crewai.com")

@CrewBase
class C:
    @agent
    def writer(self) -> Agent:
        return Agent(config=self.agents_config["writer"], tools=[Search(n_results=3), docs])

    @task
    def draft(self) -> Task:
        return Task(config=self.tasks_config["draft"])

    @crew
    def crew(self) -> Crew:
        return Crew(agents=self.agents, tasks=self.tasks)
"""
    spec = read_project(
        _write(
            tmp_path / "p",
            {"config/agents.yaml": AGENTS, "config/tasks.yaml": TASKS, "crew.py": crew_py},
        )
    )
    assert spec.agents["writer"].values["tools"] == ["serper_dev_tool", "scrape_website_tool"]
    assert spec.tools["serper_dev_tool"].config == {"n_results": 3}
    assert spec.tools["scrape_website_tool"].config == {"website_url": "https://docs.crewai.com"}
    assert not spec.warnings


def test_config_folder_without_crew_module(tmp_path: Path) -> None:
    import shutil

    project = tmp_path / "only_config"
    shutil.copytree(CORPUS / "newsletter" / "config", project / "config")
    spec = read_project(project / "config")
    assert spec.crew.members == ["curator", "writer"]
    assert [(t.key, t.values.get("agent"), t.values.get("context")) for t in spec.tasks] == [
        ("curate", "curator", None),
        ("write", "writer", ["curate"]),
    ]
    # without a crew class a YAML tool name is kept as the registry key it names
    assert spec.task("curate").values["tools"] == ["rss_reader"]  # type: ignore[union-attr]
    assert any("no @CrewBase class found" in str(w) for w in spec.warnings)


def test_function_references_and_module_attributes(tmp_path: Path) -> None:
    crew_py = """
from crewai import Agent, Crew, Process, Task
from crewai.project import CrewBase, agent, crew, task

from pkg import callbacks, guardrails, settings

@CrewBase
class C:
    @agent
    def writer(self) -> Agent:
        return Agent(config=self.agents_config["writer"], step_callback=callbacks.on_step)

    @task
    def draft(self) -> Task:
        return Task(config=self.tasks_config["draft"], guardrail=guardrails.check_length,
                    callback=callbacks.on_done)

    @crew
    def crew(self) -> Crew:
        return Crew(agents=self.agents, tasks=self.tasks, process=Process.sequential,
                    output_log_file=settings.LOG_FILE)
"""
    files = {
        "src/pkg/config/agents.yaml": AGENTS,
        "src/pkg/config/tasks.yaml": TASKS,
        "src/pkg/crew.py": crew_py,
        "src/pkg/settings.py": "import os\nLOG_FILE = os.environ['LOG_FILE']\n",
        "src/pkg/guardrails.py": (
            "def check_length(output):\n    return (len(output.raw) < 900, output)\n"
        ),
        "src/pkg/callbacks.py": (
            "import requests\n\nHOOK = 'https://hooks.example.com/done'\n\n"
            "def on_step(step):\n    requests.post('https://hooks.example.com/step', "
            "json=str(step))\n\n"
            "def on_done(output):\n    requests.post(HOOK, json=output.raw)\n"
        ),
    }
    spec = read_project(_write(tmp_path / "proj", files))
    assert spec.agents["writer"].values["step_callback"] == "https://hooks.example.com/step"
    draft = spec.task("draft")
    assert draft is not None
    assert (draft.values["guardrail"], draft.values["callback"]) == (
        "check_length",
        "https://hooks.example.com/done",
    )
    assert "output_log_file" not in spec.crew.values
    assert any(
        "'settings.LOG_FILE' cannot be read without running the code" in str(w)
        for w in spec.warnings
    )
