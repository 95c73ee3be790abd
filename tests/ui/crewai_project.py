"""A small crewai YAML project (2 agents, 2 tasks) written for import tests."""

from __future__ import annotations

from pathlib import Path

AGENTS = """\
trend_scout:
  role: Trend Scout
  goal: Spot the trends that matter for {topic}
  backstory: You read everything published about {topic}.
brief_writer:
  role: Brief Writer
  goal: Write a one-page brief
  backstory: You write short, clear briefs.
  llm: openai/gpt-4o-mini
"""

TASKS = """\
scan_task:
  description: List five trends in {topic}.
  expected_output: Five bullet points.
  agent: trend_scout
brief_task:
  description: Turn the trends into a brief.
  expected_output: A one-page brief in markdown.
  agent: brief_writer
  context:
    - scan_task
"""

CREW_PY = '''\
from crewai import Agent, Crew, Process, Task
from crewai.project import CrewBase, agent, crew, task


@CrewBase
class TinyCrew:
    """Two agents, two tasks."""

    @agent
    def trend_scout(self) -> Agent:
        return Agent(config=self.agents_config["trend_scout"])

    @agent
    def brief_writer(self) -> Agent:
        return Agent(config=self.agents_config["brief_writer"])

    @task
    def scan_task(self) -> Task:
        return Task(config=self.tasks_config["scan_task"])

    @task
    def brief_task(self) -> Task:
        return Task(config=self.tasks_config["brief_task"])

    @crew
    def crew(self) -> Crew:
        return Crew(agents=self.agents, tasks=self.tasks, process=Process.sequential)
'''

#: the crew name the import gives it (the package folder's name)
CREW = "tiny_crew"
AGENT_KEYS = ["trend-scout", "brief-writer"]
TASK_NAMES = ["scan_task", "brief_task"]


def write_project(root: Path, *, agents: str = AGENTS, tasks: str = TASKS) -> Path:
    package = root / "src" / CREW
    (package / "config").mkdir(parents=True, exist_ok=True)
    (package / "config" / "agents.yaml").write_text(agents, encoding="utf-8")
    (package / "config" / "tasks.yaml").write_text(tasks, encoding="utf-8")
    (package / "crew.py").write_text(CREW_PY, encoding="utf-8")
    return root
