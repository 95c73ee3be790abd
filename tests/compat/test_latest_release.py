"""Exports for the newest crewai release, checked by that release itself.

- ``crewai run``'s own dispatch sends a JSON-first export to crewai's JSON loader (not to
  ``uv run run_crew``), which builds the crew; one crew is kicked off through crewai's
  in-process runner against a stand-in server on 127.0.0.1 (see dispatch_json.py).
- Building the crew raises no deprecation warning beyond what crewai raises for a crew with
  nothing but role, goal, backstory and llm.
- The release field table agrees with the installed releases' ``model_fields``.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crewtui.interop.export import render_project, write_project
from crewtui.interop.releases import FIELDS, NEWEST, OLDEST, Release
from crewtui.services import Services, Store

from .crewai_env import offline_env, require_crewai, require_latest_crewai

pytestmark = [pytest.mark.crewai, pytest.mark.slow]

HERE = Path(__file__).parent
#: where crewai validates what a project sets (warnings from elsewhere are crewai's own imports)
SETTINGS_CODE = (
    "crewai/agent/",
    "crewai/crew.py",
    "crewai/task.py",
    "crewai/llm",
    "crewai/project/",
)


def dispatch(project: Path, tmp: Path, *, kickoff: bool = False) -> dict[str, Any]:
    python = require_latest_crewai()
    proc = subprocess.run(
        [str(python), str(HERE / "dispatch_json.py"), *(["--kickoff"] if kickoff else [])],
        env=offline_env(tmp),
        cwd=project,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("DISPATCH ")), None)
    assert proc.returncode == 0 and line, (
        f"dispatch failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}"
    )
    return json.loads(line[len("DISPATCH ") :])


def caused_by_export(report: dict[str, Any]) -> list[dict[str, str]]:
    baseline = {(d["message"], d["file"]) for d in report["baseline"]}
    return [
        d
        for d in report["deprecations"]
        if d["file"].startswith(SETTINGS_CODE) and (d["message"], d["file"]) not in baseline
    ]


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
def test_json_export_goes_through_crewais_run_dispatch(
    demo_services: Services, crew: str, tmp_path: Path
) -> None:
    bundle = demo_services.load_bundle(crew)
    project = tmp_path / "project"
    write_project(render_project(bundle, format="json", target=NEWEST), project)
    report = dispatch(project, tmp_path)
    assert report["dispatch"] == "json", report
    assert Path(report["definition"]) == project / "crew.jsonc"
    assert report["agents"] == [a.role for a in bundle.members]
    assert report["tasks"] == [t.name for t in bundle.tasks]
    # reasoning arrives as planning_config with the stored attempts
    assert report["planning_config"] == [
        (a.max_reasoning_attempts if a.reasoning_enabled else None) for a in bundle.members
    ]
    assert caused_by_export(report) == []


def test_json_export_kicks_off_through_crewais_runner(tmp_path: Path) -> None:
    from tests.interop.bundles import agent, bundle, task

    lead = agent("lead").updated(
        {"reasoning_enabled": False, "temperature": 0.2, "max_tokens": 300, "llm_model": "gpt-4o"}
    )
    writer = agent("writer")
    b = bundle([lead, writer], [task("research", lead, 0), task("write", writer, 1)])
    project = tmp_path / "project"
    write_project(render_project(b, format="json", target=NEWEST), project)
    report = dispatch(project, tmp_path, kickoff=True)
    assert report["dispatch"] == "json"
    assert "stand-in answer" in report["result"]
    assert caused_by_export(report) == []


def test_json_export_of_release_1_3_style_is_dispatched_as_classic(tmp_path: Path) -> None:
    """The guard itself: a project without the definition goes to ``uv run run_crew``."""
    from tests.interop.bundles import simple

    project = tmp_path / "project"
    write_project(render_project(simple(), format="yaml", target=NEWEST), project)
    assert dispatch(project, tmp_path)["dispatch"] == "classic"


def _model_fields(python: Path, tmp: Path) -> dict[str, set[str]]:
    script = (
        "import json\n"
        "from crewai import Agent, Crew, Task\n"
        "print('FIELDS ' + json.dumps({k.__name__.lower(): sorted(k.model_fields)"
        " for k in (Agent, Crew, Task)}))\n"
    )
    proc = subprocess.run(
        [str(python), "-c", script],
        env=offline_env(tmp),
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("FIELDS ")), None)
    assert line, proc.stderr[-3000:]
    return {k: set(v) for k, v in json.loads(line[len("FIELDS ") :]).items()}


@pytest.mark.parametrize("release", [OLDEST, NEWEST], ids=["1.3", "latest"])
def test_release_field_table_matches_installed_crewai(release: Release, tmp_path: Path) -> None:
    python = require_crewai() if release is OLDEST else require_latest_crewai()
    fields = _model_fields(python, tmp_path)
    wrong = [
        f"{life.kind}.{life.name}"
        for life in FIELDS.values()
        if life.kind != "llm" and life.exists_in(release) != (life.name in fields[life.kind])
    ]
    assert wrong == [], f"the table is wrong about {release.label}: {wrong}"


def settings_bundle() -> Any:
    """A crew using crewai settings that only the newest release has, and some both have."""
    from tests.interop.bundles import agent, bundle, task

    lead = agent("lead").updated(
        {
            "crewai_settings": {
                "memory": False,
                "planning_config": {"max_attempts": 2, "reasoning_effort": "low"},
                "tool_failure_policy": "raise",
                "knowledge_config": {"results_limit": 3},
                "guardrail_max_retries": 4,
                "llm": {"top_p": 0.9, "seed": 7, "timeout": 30},
            }
        }
    )
    t = task("research", lead, 0).updated(
        {"crewai_settings": {"guardrails": ["Cite at least one source."]}}
    )
    b = bundle([lead], [t])
    b.crew = b.crew.updated({"crewai_settings": {"stream": False, "tracing": False}})
    return b


def test_stored_settings_reach_the_newest_release(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write_project(render_project(settings_bundle(), format="json", target=NEWEST), project)
    report = dispatch(project, tmp_path)
    assert report["dispatch"] == "json" and report["planning_config"] == [2]
    assert caused_by_export(report) == []
