"""The corpus of hand-written projects (tests/interop/corpus): import -> export -> construct,
under crewai 1.3.0 and the newest release.

For each project and release: the project is imported into SQLite, exported as a YAML project
for the release (and, for the newest release, as a JSON-first project too), and built by that
release: the YAML project as ``crewai run`` builds it (construct_project.py), the JSON-first
project through ``crewai run``'s own dispatch and JSON loader (dispatch_json.py). The built crew
must have the stored agents and tasks in order.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crewtui.interop.export import render_project, write_project
from crewtui.interop.releases import resolve_target
from crewtui.services import Services, Store
from crewtui.services.importer import import_project

from .crewai_env import require_crewai, require_latest_crewai
from .test_construct_exports import construct
from .test_latest_release import caused_by_export, dispatch

pytestmark = [pytest.mark.crewai, pytest.mark.slow]

CORPUS = Path(__file__).parents[1] / "interop" / "corpus"
PROJECTS = [
    "research_crew",
    "trip_planner",
    "support_desk",
    "market_scan",
    "content_factory",
    "newsletter",
    "podcast_prep",
    "legacy_blog",
    "launch_review",
    "create_crew",
    "script_crew",
    "flow_poems/src/flow_poems/crews/poem_crew",
    "flow_poems/src/flow_poems/crews/review_crew",
]


@pytest.mark.parametrize("release", ["1.3", "latest"])
@pytest.mark.parametrize("name", PROJECTS)
def test_corpus_project_round_trips_into_crewai(name: str, release: str, tmp_path: Path) -> None:
    target = resolve_target(release)
    python = require_crewai() if release == "1.3" else require_latest_crewai()
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    try:
        services = Services(store)
        report = import_project(services, CORPUS / name, dry_run=False)
        bundle = services.load_bundle(report.plan.crew_name)
    finally:
        store.dispose()
    roles = [a.role for a in bundle.members]
    tasks = [t.name for t in bundle.tasks]

    project = tmp_path / "yaml"
    write_project(render_project(bundle, format="yaml", target=target), project)
    built = construct(project, tmp_path, python)
    assert [a["role"] for a in built["agents"]] == roles
    assert [t["name"] for t in built["tasks"]] == tasks

    if target.json_first:
        project = tmp_path / "json"
        write_project(render_project(bundle, format="json", target=target), project)
        report_json = dispatch(project, tmp_path)
        assert report_json["dispatch"] == "json"
        assert report_json["agents"] == roles and report_json["tasks"] == tasks
        assert caused_by_export(report_json) == []


@pytest.mark.parametrize("release", ["1.3", "latest"])
def test_every_crew_of_a_flow_round_trips_into_crewai(release: str, tmp_path: Path) -> None:
    """The crews of a flow imported together (an agent they share by key with other settings
    gets its own key) each build under crewai with their own agents and tasks."""
    from crewtui.services.importer import import_crews

    target = resolve_target(release)
    python = require_crewai() if release == "1.3" else require_latest_crewai()
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    try:
        services = Services(store)
        reports = import_crews(services, CORPUS / "flow_poems", dry_run=False)
        bundles = [services.load_bundle(r.plan.crew_name) for r in reports]
    finally:
        store.dispose()
    assert [b.crew.crew_name for b in bundles] == ["poem_crew", "review_crew"]
    for bundle in bundles:
        out = tmp_path / bundle.crew.crew_name
        write_project(render_project(bundle, format="yaml", target=target), out / "project")
        built = construct(out / "project", out, python)
        assert [a["role"] for a in built["agents"]] == [a.role for a in bundle.members]
        assert [t["name"] for t in built["tasks"]] == [t.name for t in bundle.tasks]
