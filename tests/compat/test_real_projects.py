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
