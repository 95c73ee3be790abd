"""Exported projects constructed by real crewai 1.3.0, offline, as ``crewai run`` would.

One subprocess per project (importing crewai takes about a second); the subprocess imports
the crew module, instantiates the ``@CrewBase`` class, calls its ``@crew`` method and prints
what it built (see construct_project.py). The test compares that with what is stored.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crewtui.domain.bundle import CrewBundle
from crewtui.interop import crewai_map as cm
from crewtui.interop.export import render_project, write_project
from crewtui.services import Services, Store

from .crewai_env import offline_env, require_crewai, require_latest_crewai

HERE = Path(__file__).parent


def construct(
    project: Path, tmp: Path, python: Path | None = None, *, cwd: Path | None = None
) -> dict[str, Any]:
    """What crewai built from ``project``, started in ``cwd`` (``crewai run`` starts in the
    project's folder; by default ``tmp``)."""
    python = python or require_crewai()
    proc = subprocess.run(
        [str(python), str(HERE / "construct_project.py"), str(project)],
        env=offline_env(tmp),
        cwd=cwd or tmp,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("CONSTRUCTED ")), None)
    assert proc.returncode == 0 and line, (
        f"construction failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}"
    )
    return json.loads(line[len("CONSTRUCTED ") :])


def expected(bundle: CrewBundle) -> dict[str, Any]:
    """What crewai must have built, from the stored records."""
    names = {t.id: t.name for t in bundle.tasks}
    roles = {a.id: a.role for a in bundle.agents.values()}

    def llm(agent: Any) -> dict[str, Any]:
        return {
            "model": cm.agent_model(agent),
            "temperature": float(agent.temperature) if agent.temperature is not None else None,
            "max_tokens": agent.max_tokens,
        }

    crew = bundle.crew
    return {
        "name": crew.crew_name,
        "process": crew.process_type,
        "agents": [a.role for a in bundle.members],
        "llms": [llm(a) for a in bundle.members],
        "manager": bundle.manager.role if bundle.manager else None,
        "tasks": [
            {
                "name": t.name,
                "agent": roles.get(t.assigned_agent_id) if t.assigned_agent_id else None,
                "context": None
                if t.context_task_ids is None
                else [names[c] for c in t.context_task_ids],
                "async_execution": t.async_execution,
            }
            for t in bundle.tasks
        ],
        "memory": cm.crew_memory_on(bundle),
        "planning": crew.planning_enabled,
        "cache": crew.cache_enabled,
    }


def built(description: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": description["name"],
        "process": description["process"],
        "agents": [a["role"] for a in description["agents"]],
        "llms": [a["llm"] for a in description["agents"]],
        "manager": description["manager"]["role"] if description["manager"] else None,
        "tasks": [
            {k: t[k] for k in ("name", "agent", "context", "async_execution")}
            for t in description["tasks"]
        ],
        "memory": description["memory"],
        "planning": description["planning"],
        "cache": description["cache"],
    }


@pytest.fixture
def demo_services(sqlite_db_url: str) -> Iterator[Services]:
    from crewtui.services.demo import load_demo

    store = Store.open(sqlite_db_url)
    try:
        services = Services(store)
        load_demo(services)
        yield services
    finally:
        store.dispose()


@pytest.mark.parametrize("crew", ["venture-research", "board-briefing"])
def test_demo_crew_constructs_as_stored(demo_services: Services, crew: str, tmp_path: Path) -> None:
    require_crewai()
    bundle = demo_services.load_bundle(crew)
    project = tmp_path / "project"
    write_project(render_project(bundle, format="yaml"), project)
    description = construct(project, tmp_path)
    assert built(description) == expected(bundle)
    if bundle.manager is not None:
        assert bundle.manager.role not in [a["role"] for a in description["agents"]]
    embedder = cm.crew_embedder(bundle)
    assert description["embedder"] == embedder


@pytest.mark.parametrize("crew", ["venture-research", "board-briefing"])
def test_demo_crew_for_the_newest_release_constructs_under_it(
    demo_services: Services, crew: str, tmp_path: Path
) -> None:
    from crewtui.interop.releases import NEWEST

    python = require_latest_crewai()
    bundle = demo_services.load_bundle(crew)
    project = tmp_path / "project"
    write_project(render_project(bundle, format="yaml", target=NEWEST), project)
    description = construct(project, tmp_path, python)
    assert built(description) == expected(bundle)


def test_hostile_and_rich_crew_constructs(tmp_path: Path) -> None:
    """Quotes, braces and Jinja syntax, stub tools, callbacks, guardrails, models, knowledge."""
    require_crewai()
    from tests.interop.test_export_render import HOSTILE, _rich_bundle

    bundle = _rich_bundle()
    # anthropic needs crewai[anthropic], which the test virtualenv does not have
    writer = next(a for a in bundle.members if a.agent_key == "writer")
    bundle.agents[writer.id] = writer.updated({"llm_model": "openai/gpt-4o"})
    project = tmp_path / "project"
    write_project(render_project(bundle, format="yaml"), project)
    description = construct(project, tmp_path)
    assert built(description) == expected(bundle)
    lead = description["agents"][0]
    assert lead["tools"] == ["SerperDevTool", "Crm"]
    assert lead["knowledge_sources"] == ["StringKnowledgeSource", "StringKnowledgeSource"]
    assert lead["step_callback"] is True and lead["date_format"] == "%d.%m.%Y"
    assert lead["function_calling_llm"]["model"] == "openai/gpt-4o-mini"
    tasks = {t["name"]: t for t in description["tasks"]}
    assert (
        tasks["research"]["output_json"] == "ResearchOutput"
        and tasks["research"]["guardrail"] == "function"
    )
    assert tasks["research"]["callback"] is True
    assert tasks["write"]["output_pydantic"] == "Report" and tasks["write"]["guardrail"] == "text"
    assert description["max_rpm"] == 10 and description["planning_llm"]["model"] == "openai/gpt-4o"
    assert description["backstories"][0] == HOSTILE


@pytest.mark.parametrize("release", ["1.3", "latest"])
def test_stored_crewai_settings_construct_under_each_release(release: str, tmp_path: Path) -> None:
    from crewtui.interop.releases import resolve_target
    from tests.compat.test_latest_release import settings_bundle

    target = resolve_target(release)
    python = require_crewai() if release == "1.3" else require_latest_crewai()
    bundle = settings_bundle()
    files = render_project(bundle, format="yaml", target=target)
    agents_yaml = files["src/test_crew/config/agents.yaml"]
    # settings the release lacks are left out; the ones it has are written
    assert ("tool_failure_policy" in agents_yaml) == (release == "latest")
    assert "knowledge_config" in agents_yaml
    project = tmp_path / "project"
    write_project(files, project)
    description = construct(project, tmp_path, python)
    assert built(description) == expected(bundle)


@pytest.mark.parametrize("release", ["1.3", "latest"])
def test_two_agents_with_one_role_construct_and_keep_their_tasks(
    release: str, tmp_path: Path
) -> None:
    """Lint only warns about a shared role: crewai builds the crew and each task keeps its agent."""
    from crewtui.interop.lint import lint_bundle
    from crewtui.interop.releases import resolve_target
    from tests.interop.bundles import agent, bundle, task

    target = resolve_target(release)
    first = agent("first").updated({"role": "Researcher"})
    second = agent("second").updated({"role": "Researcher", "goal": "Check the facts"})
    b = bundle([first, second], [task("find", first, 0), task("check", second, 1)])
    assert not [i for i in lint_bundle(b, target=target) if i.severity == "error"]
    python = require_crewai() if release == "1.3" else require_latest_crewai()
    project = tmp_path / "project"
    write_project(render_project(b, format="yaml", target=target), project)
    description = construct(project, tmp_path, python)
    assert [t["agent"] for t in description["tasks"]] == ["Researcher", "Researcher"]
