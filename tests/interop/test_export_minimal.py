"""The export writes only what differs from crewai's defaults, and export -> import -> export
is a fixed point that changes no stored value (no model is invented for an agent without one)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from crewtui.domain.agent import Agent
from crewtui.domain.crew import Crew
from crewtui.domain.fields import fields_of
from crewtui.domain.task import Task
from crewtui.interop.export import render_project
from crewtui.interop.releases import NEWEST, OLDEST, Release
from crewtui.services import Services, Store
from crewtui.services.importer import import_project
from tests.conftest import build_schema
from tests.dbutil import sqlite_url

from .bundles import agent, bundle, task
from .test_export_render import jsonc

CORPUS = Path(__file__).parent / "corpus"

#: (format, target): the YAML project for both releases and the JSON-first one
TARGETS = [("yaml", OLDEST), ("yaml", NEWEST), ("json", NEWEST)]
IDS = ["yaml-1.3", "yaml-latest", "json-latest"]


def _open(url: str) -> Iterator[Services]:
    store = Store.open(url)
    try:
        yield Services(store)
    finally:
        store.dispose()


@pytest.fixture
def first(sqlite_db_url: str) -> Iterator[Services]:
    yield from _open(sqlite_db_url)


@pytest.fixture
def second(tmp_path: Path) -> Iterator[Services]:
    url = sqlite_url(tmp_path, "second.db")
    build_schema(url)
    yield from _open(url)


def write(files: dict[str, str], folder: Path) -> Path:
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def stored(services: Services, crew: str) -> dict[str, Any]:
    """Every crewai setting the crew, its agents and tasks store."""

    def settings(record: Any, model: type[Any]) -> dict[str, Any]:
        names = [f.name for f in fields_of(model) if f.crewai or f.endpoint]
        return {n: getattr(record, n) for n in [*names, "crewai_settings"]}

    b = services.load_bundle(crew)
    agents = [*b.members, *([b.manager] if b.manager else [])]
    return {
        "crew": {
            k: v
            for k, v in settings(b.crew, Crew).items()
            if k not in ("manager_agent_id", "step_callback_url", "task_callback_url")
        },
        "agents": {a.agent_key: settings(a, Agent) for a in agents},
        "tasks": {
            t.name: {
                k: v
                for k, v in settings(t, Task).items()
                if k not in ("assigned_agent_id", "context_task_ids")
            }
            for t in b.tasks
        },
    }


def round_trip(
    first: Services, second: Services, crew: str, fmt: str, target: Release, tmp: Path
) -> dict[str, str]:
    """Export from ``first``, import into ``second``, export again: the files are the same,
    and importing the export back into ``first`` changes nothing stored there."""
    files = render_project(first.load_bundle(crew), format=fmt, target=target)  # type: ignore[arg-type]
    project = write(files, tmp / f"{fmt}-{target.name}" / crew)
    import_project(second, project, dry_run=False)
    again = render_project(second.load_bundle(crew), format=fmt, target=target)  # type: ignore[arg-type]
    assert sorted(again) == sorted(files)
    for path, text in files.items():
        assert again[path] == text, path
    actions = {c.action for c in import_project(first, project, dry_run=True).plan.changes}
    assert actions == {"unchanged"}
    return files


def _agents_of(files: dict[str, str], fmt: str) -> dict[str, dict[str, Any]]:
    if fmt == "json":
        return {
            path.split("/")[-1].removesuffix(".jsonc"): jsonc(text)
            for path, text in files.items()
            if path.startswith("agents/")
        }
    [path] = [p for p in files if p.endswith("config/agents.yaml")]
    return dict(yaml.safe_load(files[path]))


@pytest.mark.parametrize(("fmt", "target"), TARGETS, ids=IDS)
def test_create_crew_project_round_trips_without_an_invented_llm(
    first: Services, second: Services, tmp_path: Path, fmt: str, target: Release
) -> None:
    report = import_project(first, CORPUS / "create_crew", dry_run=False)
    crew = report.plan.crew_name
    before = stored(first, crew)
    assert all(a["llm_model"] is None for a in before["agents"].values())
    files = round_trip(first, second, crew, fmt, target, tmp_path)
    assert stored(second, crew) == before
    # the agents keep no model: crewai picks its own; besides their texts only what the
    # project set (verbose=True in crew.py) is written
    for key, data in _agents_of(files, fmt).items():
        assert "llm" not in data, key
        settings = data.pop("settings", {})
        values = {**data, **settings}
        assert values.pop("verbose") is True, key
        assert set(values) == {"role", "goal", "backstory"}, key
    assert stored(first, crew) == before
    if fmt == "yaml":
        crew_py = next(t for p, t in files.items() if p.endswith("/crew.py"))
        call = crew_py.split("return Crew(")[1]
        assert "verbose=True" in call
        for default in ("planning=", "memory=", "share_crew=", "LLM("):
            assert default not in call, default
        # crewai 1.15 caches nothing unless told: the stored "on" is written for it only
        assert ("cache=True" in call) == (target is NEWEST)
        tasks = next(t for p, t in files.items() if p.endswith("config/tasks.yaml"))
        for default in ("async_execution", "human_input", "markdown", "create_directory"):
            assert f"{default}:" not in tasks, default


@pytest.mark.parametrize(("fmt", "target"), TARGETS, ids=IDS)
def test_demo_crews_round_trip_for_every_target(
    demo: Services, second: Services, tmp_path: Path, fmt: str, target: Release
) -> None:
    for crew in ("venture-research", "board-briefing"):
        round_trip(demo, second, crew, fmt, target, tmp_path)


@pytest.mark.parametrize("cache", [True, False])
def test_crew_cache_survives_a_json_project(
    first: Services, second: Services, tmp_path: Path, cache: bool
) -> None:
    """crewai's default for the crew's cache changed in 1.15: a JSON-first project says it."""
    import_project(first, CORPUS / "create_crew", dry_run=False)
    first.update_crew("create_crew", {"cache_enabled": cache})
    files = round_trip(first, second, "create_crew", "json", NEWEST, tmp_path)
    assert jsonc(files["crew.jsonc"])["cache"] is cache
    assert second.load_bundle("create_crew").crew.cache_enabled is cache


def test_stored_values_off_crewais_default_are_written() -> None:
    """crewtui's own defaults that are not crewai's are written; crewai's are not."""
    plain = {"llm_model": None, "temperature": None, "max_tokens": None}
    a = agent("writer", allow_delegation=True, max_iter=25, **plain)
    b = agent("reader", allow_delegation=False, max_iter=30, **plain)
    t = task("draft", a, 0, output_file="out.md", create_directory=False, human_input=True)
    files = render_project(bundle([a, b], [t]), format="yaml", target=OLDEST)
    agents = _agents_of(files, "yaml")
    assert agents["writer"]["allow_delegation"] is True and "max_iter" not in agents["writer"]
    assert "allow_delegation" not in agents["reader"] and agents["reader"]["max_iter"] == 30
    assert "llm" not in agents["writer"] and "llm" not in agents["reader"]
    tasks = yaml.safe_load(files["src/test_crew/config/tasks.yaml"])
    assert tasks["draft"]["create_directory"] is False and tasks["draft"]["human_input"] is True
    assert "markdown" not in tasks["draft"] and "async_execution" not in tasks["draft"]


def test_an_llm_object_without_a_model_names_crewais_default_model() -> None:
    """LLM(...) needs a model: an agent with a temperature but no model gets crewai's."""
    a = agent("writer", llm_model=None, temperature="0.2", max_tokens=None)
    files = render_project(bundle([a], [task("draft", a, 0)]), format="yaml", target=OLDEST)
    assert _agents_of(files, "yaml")["writer"]["llm"] == "writer_llm"
    assert "LLM(model='openai/gpt-4.1-mini', temperature=0.2)" in files["src/test_crew/crew.py"]
