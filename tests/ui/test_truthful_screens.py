"""Screens show what is stored, and what lint and the export will say."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from textual.widgets import OptionList

from crewtui.cli import cli
from crewtui.db.engine import make_engine
from crewtui.domain.taskgraph import TaskIssue
from crewtui.services import Services, Store
from crewtui.services.interop import lint_crew
from crewtui.ui.forms.record_form import REQUIRED, RecordForm
from crewtui.ui.main_screen import MainScreen
from crewtui.ui.modals import ErrorModal
from crewtui.ui.screens.agent_editor import AgentWizardScreen
from crewtui.ui.screens.agent_preview import preview_markup
from crewtui.ui.screens.agents import AgentsSection
from crewtui.ui.screens.crews_builder import CrewBuilder
from crewtui.ui.screens.tasks_editor import TaskEditor
from crewtui.ui.widgets.depgraph_render import summary
from crewtui.ui.widgets.members import MemberList

from ..conftest import build_demo
from .conftest import app_for, settle, type_text
from .test_tasks_flows import CREW, open_tasks


async def test_the_agent_preview_shows_the_stored_crew_position(app, services: Services) -> None:
    crew = services.get_crew(CREW)
    first = min(crew.members, key=lambda m: m.sequence_order)
    usage = services.agent_usage(first.agent_key)
    role = next(c for c in usage.crews if c.crew_name == CREW)
    summ = next(s for s in services.list_agents(first.agent_key) if s.agent_key == first.agent_key)
    text = preview_markup(summ, usage)
    assert f"{CREW} ({role.role_in_crew or 'member'}, #{first.sequence_order})" in text
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        section = pilot.app.screen.query_one(AgentsSection)
        section.table.cursor = section.table.rows.index_of(first.agent_key)  # type: ignore[union-attr]
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        shown = str(section.query_one("#agents-preview").render())
        assert f"#{first.sequence_order})" in shown


async def test_the_dependency_view_shows_the_lint_result(app, services: Services) -> None:
    name = services.list_tasks(CREW)[0].name
    services.update_task(CREW, name, {"description": None})
    stored = lint_crew(services, CREW)
    assert any(i.object_name == name and i.severity == "error" for i in stored)
    async with app.run_test(size=(120, 40)) as pilot:
        section = await open_tasks(pilot)
        shown = {(i.task, i.rule) for i in section.issues if i.task}
        assert shown == {(i.object_name, i.rule) for i in stored if i.object_kind == "task"}
        assert len(section.issues) == len(stored)
        assert str(summary(section.issues)) != "✓ no problems"


async def test_the_new_task_form_shows_the_crew_and_position_it_is_stored_with(
    app, services: Services
) -> None:
    crew = services.get_crew(CREW)
    count = len(services.list_tasks(CREW))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tasks(pilot)
        await pilot.press("n")
        await settle(pilot)
        editor = pilot.app.screen
        assert isinstance(editor, TaskEditor)
        form = editor.query_one(RecordForm)
        assert form.editor("crew_id").read() == crew.id
        assert form.editor("sequence_order").read() == count + 1
        assert not editor.has_unsaved_changes()
        form.focus_field("name")
        await type_text(pilot, "follow_up")
        await pilot.press("ctrl+s")
        await settle(pilot)
    stored = services.get_task(CREW, "follow_up")
    assert (stored.crew_id, stored.sequence_order) == (crew.id, count + 1)


def test_the_tool_stub_lint_names_a_file_the_export_writes(services: Services) -> None:
    from crewtui.interop.export import render_project

    named = 0
    for crew in services.list_crews():
        bundle = services.load_bundle(crew.crew_name)
        files = {f: set(render_project(bundle, format=f)) for f in ("yaml", "json")}
        for issue in lint_crew(services, crew.crew_name):
            if issue.rule != "tool-stub":
                continue
            paths = re.findall(r"[\w/.-]+\.py", issue.message)
            assert paths, issue.message
            # every path named is written, and each format writes one of them
            for path in paths:
                assert any(path in written for written in files.values()), (path, files)
            for fmt, written in files.items():
                assert any(path in written for path in paths), (fmt, issue.message)
            named += 1
    assert named  # the demo has tools crewai_tools does not provide


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_db(request: pytest.FixtureRequest) -> str:
    """The demo crews on SQLite (a private copy) and on a PostgreSQL database of its own."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("demo_url"))
    return build_demo(str(request.getfixturevalue("pg_url")))


def _set_revision(url: str, revision: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})
    finally:
        engine.dispose()


async def test_closing_the_schema_dialog_recovers_once_the_database_is_upgraded(
    demo_db: str,
) -> None:
    engine = make_engine(demo_db)
    with engine.connect() as conn:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    engine.dispose()
    _set_revision(demo_db, "9999_newer")
    app = app_for(demo_db)
    app.recover_interval = 0.2
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, ErrorModal), modal
        await pilot.click("#close")
        await settle(pilot)
        await pilot.pause(0.5)
        assert isinstance(pilot.app.screen, MainScreen)  # no dialog again and again
        # the database is brought up to date elsewhere
        _set_revision(demo_db, revision)
        for _ in range(50):
            await pilot.pause(0.1)
            section = pilot.app.screen.query_one(AgentsSection)
            if section.table.rows:
                break
        await settle(pilot)
        assert isinstance(pilot.app.screen, MainScreen)
        assert len(section.table.rows) > 0


async def test_an_empty_required_field_says_it_is_required(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        wizard = pilot.app.screen
        assert isinstance(wizard, AgentWizardScreen)
        await pilot.press("alt+down")  # next: refused, every problem of the step shown
        await settle(pilot)
        form = wizard.form
        assert form is not None
        for name in ("agent_key", "name", "role", "goal", "backstory"):
            assert form.row(name).error == REQUIRED, (name, form.row(name).error)
        form.focus_field("agent_key")
        await type_text(pilot, "Not Kebab")
        await settle(pilot)
        error = form.row("agent_key").error
        assert error and error != REQUIRED


async def test_the_flag_column_has_a_legend(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        section = pilot.app.screen.query_one(AgentsSection)
        shown = str(section.query_one("#agents-preview").render())
        for words in ("M memory", "R reasoning", "V multimodal", "C code execution"):
            assert words in shown, shown


def _about(kind: str, name: str) -> str:
    """What an issue is about, as the screens name it: ``crew`` or ``task 'brief'``."""
    return kind if kind == "crew" else f"{kind} '{name}'"


def _view_issue(issue: TaskIssue) -> tuple[str, str, str]:
    """(about, rule, message) of an issue of the dependency view (the crew's, agents' and
    tools' issues carry what they are about in their message)."""
    if issue.task:
        return (f"task '{issue.task}'", issue.rule, issue.message)
    about, message = issue.message.split(": ", 1)
    return (about, issue.rule, message)


async def test_the_task_view_the_builder_and_the_cli_report_the_same_lint(demo_db: str) -> None:
    store = Store.open(demo_db)
    try:
        Services(store, user="someone-else").update_task(CREW, "pain_points", {"description": ""})
    finally:
        store.dispose()
    # the command line: (about, rule, message) of every issue
    result = CliRunner().invoke(cli, ["lint", CREW, "--json", "--db", demo_db])
    assert result.exit_code == 1, result.output  # an error: crewai needs a description
    cli_issues = {
        (_about(i["object_kind"], i["object_name"]), i["rule"], i["message"])
        for i in json.loads(result.stdout)["crews"][CREW]
    }
    assert ("task 'pain_points'", "required", "crewai requires it") in cli_issues
    app = app_for(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        # the dependency view: task issues beside their task, the others under the view
        section = await open_tasks(pilot)
        view_issues = {_view_issue(i) for i in section.issues}
        # the crew builder's lint panel, after l
        pilot.app.goto("crews", CREW)  # type: ignore[attr-defined]
        await settle(pilot)
        builder = pilot.app.screen
        assert isinstance(builder, CrewBuilder)
        builder.query_one(MemberList).query_one(OptionList).focus()
        await pilot.press("l")
        await settle(pilot)
        panel = str(builder.query_one("#lint-text").render())
        assert panel.startswith("✗ 1 error")
        shown = {
            (m.group(1), m.group(2))
            for m in re.finditer(r"^[✗!] (crew|\w+ '[^']+'): (.*)$", panel, re.MULTILINE)
        }
    assert view_issues == cli_issues
    assert shown == {(about, message) for about, _, message in cli_issues}, panel
    tasks = {(about, rule) for about, rule, _ in cli_issues if about.startswith("task ")}
    assert tasks == {("task 'pain_points'", "required")}
