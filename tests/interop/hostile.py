"""Small crewai projects with one hostile part each, for the import and scan limit tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

AGENTS_YAML = """\
researcher:
  role: Researcher
  goal: Find facts
  backstory: Careful
"""
TASKS_YAML = """\
research:
  description: Research the topic
  expected_output: A list of facts
  agent: researcher
"""
CREW_PY = """\
from crewai import Agent, Crew, Process, Task
from crewai.project import CrewBase, agent, crew, task


@CrewBase
class Demo:
    agents_config = {agents_config!r}
    tasks_config = "config/tasks.yaml"

    @agent
    def researcher(self) -> Agent:
        return Agent(config=self.agents_config["researcher"]{agent_extra})

    @task
    def research(self) -> Task:
        return Task(config=self.tasks_config["research"])

    @crew
    def crew(self) -> Crew:
        return Crew(agents=self.agents, tasks=self.tasks, process=Process.sequential)
"""


def crew_py(agents_config: str = "config/agents.yaml", agent_extra: str = "") -> str:
    return CREW_PY.format(agents_config=agents_config, agent_extra=agent_extra)


def yaml_project(
    folder: Path,
    *,
    agents: str = AGENTS_YAML,
    tasks: str = TASKS_YAML,
    crew: str | None = None,
) -> Path:
    """``folder/config/{agents,tasks}.yaml`` and ``folder/crew.py``; returns ``folder``."""
    (folder / "config").mkdir(parents=True, exist_ok=True)
    (folder / "config" / "agents.yaml").write_text(agents, encoding="utf-8")
    (folder / "config" / "tasks.yaml").write_text(tasks, encoding="utf-8")
    (folder / "crew.py").write_text(crew if crew is not None else crew_py(), encoding="utf-8")
    return folder


def json_project(folder: Path, *, crew: str | None = None, agent: str | None = None) -> Path:
    """``folder/crew.jsonc`` and ``folder/agents/researcher.jsonc``."""
    (folder / "agents").mkdir(parents=True, exist_ok=True)
    (folder / "crew.jsonc").write_text(
        crew
        if crew is not None
        else '{\n  "name": "demo",\n  "agents": ["researcher"],\n  "tasks": [\n'
        '    {"name": "research", "description": "D", "expected_output": "E",'
        ' "agent": "researcher"}\n  ]\n}\n',
        encoding="utf-8",
    )
    (folder / "agents" / "researcher.jsonc").write_text(
        agent
        if agent is not None
        else '{\n  "role": "Researcher",\n  "goal": "Find facts",\n  "backstory": "Careful"\n}\n',
        encoding="utf-8",
    )
    return folder


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """YAML anchors ``l0``..``l{levels-1}``, each a list of ``width`` aliases of the one
    before: ``*l{levels-1}`` stands for width**levels strings (billion laughs)."""
    lines = [f"  l0: &l0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    return "x-anchors:\n" + "\n".join(lines) + "\n"


def bomb_agents(field: str) -> str:
    """agents.yaml whose researcher uses the alias bomb as ``field``."""
    use = {
        "role": "  role: *l8\n",
        "embedder": "  role: R\n  embedder:\n    provider: openai\n    config: *l8\n",
        "knowledge_sources": "  role: R\n  knowledge_sources: *l8\n",
    }[field]
    return alias_bomb() + "researcher:\n" + use + "  goal: G\n  backstory: B\n"


def deep_python(depth: int = 10_000) -> str:
    """A module whose one constant is an expression ``depth`` operators deep."""
    return "DEEP = " + "-" * depth + "1\n"


def scan_agent(name: str = "scout", role: str = "Scout") -> str:
    return textwrap.dedent(
        f"""\
        from crewai import Agent

        {name} = Agent(role={role!r}, goal="Look around", backstory="Curious")
        """
    )
