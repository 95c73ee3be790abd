"""Export -> import -> export gives the same files; imported corpus projects re-export to
projects crewai 1.3.0 constructs with the same crew."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crewtui.interop.export import render_project
from crewtui.interop.importer import read_project
from crewtui.services import Services, Store
from crewtui.services.importer import import_project
from tests.compat.crewai_env import offline_env, require_crewai
from tests.conftest import build_schema
from tests.dbutil import scratch_postgres, sqlite_url

CORPUS = Path(__file__).parent / "corpus"
CONSTRUCT = Path(__file__).parents[1] / "compat" / "construct_project.py"


@pytest.fixture
def second(db_url: str, tmp_path: Path) -> Iterator[Services]:
    """Another empty database on the same backend as ``db_url``."""
    if db_url.startswith("postgresql"):
        with scratch_postgres("import") as url:
            build_schema(url)
            store = Store.open(url)
            try:
                yield Services(store)
            finally:
                store.dispose()
        return
    url = sqlite_url(tmp_path, "second.db")
    build_schema(url)
    store = Store.open(url)
    try:
        yield Services(store)
    finally:
        store.dispose()


def write(files: dict[str, str], folder: Path) -> Path:
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_demo_export_import_export_is_identical(
    demo: Services, second: Services, tmp_path: Path, fmt: str
) -> None:
    for crew in ("venture-research", "board-briefing"):
        files = render_project(demo.load_bundle(crew), format=fmt)  # type: ignore[arg-type]
        project = write(files, tmp_path / fmt / crew)
        report = import_project(second, project, dry_run=False)
        assert report.plan.crew_name == crew
        again = render_project(second.load_bundle(crew), format=fmt)  # type: ignore[arg-type]
        assert sorted(again) == sorted(files)
        for path, text in files.items():
            assert again[path] == text, path
        # importing the export back into the database it came from changes nothing
        assert {c.action for c in import_project(demo, project, dry_run=True).plan.changes} == {
            "unchanged"
        }


def construct(project: Path, tmp: Path) -> dict[str, Any]:
    python = require_crewai()
    done = subprocess.run(
        [str(python), str(CONSTRUCT), str(project)],
        capture_output=True,
        text=True,
        timeout=300,
        env=offline_env(tmp),
        cwd=project,
    )
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("CONSTRUCTED ")), None)
    assert line is not None, done.stderr[-3000:]
    return json.loads(line[len("CONSTRUCTED ") :])


def shape(crew: dict[str, Any]) -> dict[str, Any]:
    """What must survive the trip: process, manager, agents, tasks with agent, context and flags."""

    def agent(a: dict[str, Any] | None) -> Any:
        if a is None:
            return None
        return {
            k: a[k]
            for k in ("role", "llm", "tools", "max_iter", "allow_delegation", "cache", "reasoning")
        }

    return {
        "process": crew["process"],
        "manager": agent(crew["manager"]),
        "manager_llm": crew["manager_llm"],
        "agents": sorted((agent(a) for a in crew["agents"]), key=lambda a: a["role"]),
        "tasks": [
            {
                k: t[k]
                for k in (
                    "name",
                    "agent",
                    "context",
                    "async_execution",
                    "markdown",
                    "output_file",
                    "callback",
                )
            }
            for t in crew["tasks"]
        ],
        "planning": crew["planning"],
        "memory": crew["memory"],
    }


ORIGINALS = ["research_crew", "trip_planner", "support_desk", "market_scan", "content_factory"]


@pytest.mark.crewai
@pytest.mark.slow
@pytest.mark.parametrize("name", [*ORIGINALS, "newsletter", "podcast_prep"])
def test_imported_corpus_project_reexports_to_a_crew_crewai_constructs(
    sqlite_db_url: str, tmp_path: Path, name: str
) -> None:
    require_crewai()
    store = Store.open(sqlite_db_url)
    try:
        services = Services(store)
        report = import_project(services, CORPUS / name, dry_run=False)
        exported = write(
            render_project(services.load_bundle(report.plan.crew_name)), tmp_path / "export"
        )
    finally:
        store.dispose()
    built = construct(exported, tmp_path)
    spec = read_project(CORPUS / name)
    assert [t["name"] for t in built["tasks"]] == [t.key for t in spec.tasks]
    roles = {a.values["role"] for k, a in spec.agents.items() if k != spec.crew.manager}
    assert {a["role"] for a in built["agents"]} == roles
    if name in ORIGINALS:
        original = construct(CORPUS / name, tmp_path)
        want, got = shape(original), shape(built)
        # crewai keeps the YAML text of a folded role with its newline; crewtui stores the words
        for crew in (want, got):
            for a in [*crew["agents"], crew["manager"]]:
                if a:
                    a["role"] = a["role"].strip()
            for t in crew["tasks"]:
                t["agent"] = t["agent"].strip() if t["agent"] else None
        # an agent without an llm gets crewai's default model (the export writes none
        # either): compare the models the project chose
        chosen = {a.values["role"] for a in spec.agents.values() if "llm" in a.values}
        for crew in (want, got):
            for a in [*crew["agents"], crew["manager"]]:
                if a and a["llm"] is not None:
                    a["llm"] = (
                        {"model": a["llm"]["model"].removeprefix("openai/")}
                        if a["role"] in chosen
                        else "default"
                    )
        # tools come back as the classes the export builds (custom tools become stubs)
        if name == "content_factory":
            for crew in (want, got):
                for a in crew["agents"]:
                    a["tools"] = len(a["tools"])
        assert got == want
