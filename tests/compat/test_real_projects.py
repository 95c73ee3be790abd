"""The corpus of hand-written projects (tests/interop/corpus) and the demo crews: import ->
export -> construct -> kickoff, under crewai 1.3.0 and the newest release.

For each project and release: the project is imported into SQLite (the demo crews: the demo
is loaded), exported as a YAML project for the release (and, for the newest release, as a
JSON-first project too), built by that release and kicked off with a value for each of its
``{placeholders}``: the YAML project as ``crewai run`` builds it (construct_project.py), the
JSON-first project through ``crewai run``'s own dispatch and in-process runner
(dispatch_json.py). The built crew must have the stored agents and tasks in order; the
kickoff must give every task an output, raise nothing, and raise no deprecation warning the
exported content causes.

Every model call goes to one stand-in server on 127.0.0.1 (tests/standin) for the module;
it is also the proxy for every other host, and refuses what a project's own content tries to
reach (``REACHES``). With ``$CREWTUI_KICKOFF_TABLE`` set, the table of steps, results and
seconds is written there as markdown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from crewtui.domain.bundle import CrewBundle
from crewtui.interop.export import render_project, write_project
from crewtui.interop.releases import resolve_target
from crewtui.services import Services, Store
from crewtui.services.importer import import_project

from ..standin.server import StandIn
from .crewai_env import require_crewai, require_latest_crewai
from .kickoff import (
    Row,
    Table,
    kick_off_json,
    kick_off_yaml,
    kickoff_env,
    reached,
    record,
    sample_inputs,
    traffic,
    write_table,
)
from .test_construct_exports import construct

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
    "city_guide",
]
DEMO_CREWS = ["venture-research", "board-briefing"]

#: hosts beyond the model server a project's own content reaches when kicked off; they are
#: refused (a refused callback post is logged by the callback, not raised)
REACHES: dict[str, set[str]] = {
    # the edit task's callback posts the post to a webhook
    "content_factory": {"hooks.example.com"},
    # the running-order task's callback posts to a webhook
    "podcast_prep": {"hooks.example.com"},
}
#: the same, for the newest release only (1.3.0 has no such field)
REACHES_NEWEST: dict[str, set[str]] = {
    # the launch analyst's MCP server (agent mcps)
    "launch_review": {"mcp.example.com"},
}
#: hosts crewai itself may try, whatever the project: crewai 1.3.0 starts a trace batch on
#: app.crewai.com at every kickoff, CREWAI_TRACING_ENABLED=false or not
CREWAI_REACHES = {"1.3": {"app.crewai.com"}, "latest": set[str]()}


@pytest.fixture(scope="module")
def server() -> Iterator[StandIn]:
    standin = StandIn().start()
    try:
        yield standin
    finally:
        standin.stop()


@pytest.fixture(scope="module")
def table() -> Iterator[Table]:
    found = Table()
    yield found
    write_table(found)


def _import_corpus(name: str, tmp: Path) -> CrewBundle:
    store = Store.open(f"sqlite:///{tmp / 'db.sqlite'}")
    try:
        services = Services(store)
        report = import_project(services, CORPUS / name, dry_run=False)
        return services.load_bundle(report.plan.crew_name)
    finally:
        store.dispose()


def _load_demo(crew: str, tmp: Path) -> CrewBundle:
    from crewtui.services.demo import load_demo

    store = Store.open(f"sqlite:///{tmp / 'db.sqlite'}")
    try:
        services = Services(store)
        load_demo(services)
        return services.load_bundle(crew)
    finally:
        store.dispose()


def _round_trip(
    name: str,
    release: str,
    load: Callable[[], CrewBundle],
    tmp: Path,
    server: StandIn,
    table: Table,
) -> None:
    target = resolve_target(release)
    python = require_crewai() if release == "1.3" else require_latest_crewai()
    label = "1.3.0" if release == "1.3" else "latest"
    rows: list[Row] = [table.row(name, f"{label} yaml")]
    with table.step(rows[0], "import"):
        bundle = load()
    roles = [a.role for a in bundle.members]
    tasks = [t.name for t in bundle.tasks]
    inputs = sample_inputs(bundle)
    env = kickoff_env(tmp, server)
    expected_reach = REACHES.get(name, set()) | (
        REACHES_NEWEST.get(name, set()) if target.json_first else set()
    )

    problems: list[str] = []
    formats = ["yaml", "json"] if target.json_first else ["yaml"]
    for fmt in formats:
        if fmt == "json":
            rows.append(table.row(name, f"{label} json"))
            rows[-1].cells["import"] = rows[0].cells["import"]
        row = rows[-1]
        project = tmp / fmt
        with table.step(row, "export"):
            write_project(render_project(bundle, format=fmt, target=target), project)
        marks = (len(server.requests), len(server.refused))
        if fmt == "yaml":
            outcome = kick_off_yaml(project, tmp, python, inputs, env)
            built_roles = [a["role"] for a in (outcome.built or {}).get("agents", [])]
            built_tasks = [t["name"] for t in (outcome.built or {}).get("tasks", [])]
        else:
            outcome = kick_off_json(project, python, inputs, env)
            built_roles = roles  # the JSON runner does not report its agents
            built_tasks = (outcome.built or {}).get("tasks", [])
        found = record(row, outcome, tasks)
        hosts = reached(server, marks[1], env)
        row.reached = traffic(server, marks[0], hosts)
        if outcome.built is not None and (built_roles, built_tasks) != (roles, tasks):
            row.cells["construct"] = (False, row.cells["construct"][1])
            found.append(f"built {built_roles} / {built_tasks}, stored {roles} / {tasks}")
        unexpected = hosts - expected_reach - CREWAI_REACHES[release]
        if unexpected or (outcome.report is not None and not expected_reach <= hosts):
            row.cells["kickoff"] = (False, row.cells.get("kickoff", (False, None))[1])
            found.append(f"tried {sorted(hosts)} beyond the stand-in, expected {expected_reach}")
        problems += [f"{fmt}: {p}" for p in found]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("release", ["1.3", "latest"])
@pytest.mark.parametrize("name", PROJECTS)
def test_corpus_project_kicks_off_in_crewai(
    name: str, release: str, tmp_path: Path, server: StandIn, table: Table
) -> None:
    _round_trip(name, release, lambda: _import_corpus(name, tmp_path), tmp_path, server, table)


@pytest.mark.parametrize("release", ["1.3", "latest"])
@pytest.mark.parametrize("crew", DEMO_CREWS)
def test_demo_crew_kicks_off_in_crewai(
    crew: str, release: str, tmp_path: Path, server: StandIn, table: Table
) -> None:
    _round_trip(
        f"demo {crew}", release, lambda: _load_demo(crew, tmp_path), tmp_path, server, table
    )


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
