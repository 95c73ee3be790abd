"""Export and import through the real app: files on disk and rows in the database afterwards."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, Input, RadioSet, Static

from crewtui.interop.export import render_project
from crewtui.interop.releases import resolve_target
from crewtui.services import Services
from crewtui.ui.app import CrewtuiApp
from crewtui.ui.modals import ConfirmModal
from crewtui.ui.screens.crews import CrewsSection
from crewtui.ui.screens.crews_builder import CrewBuilder
from crewtui.ui.screens.export_modal import ExportModal
from crewtui.ui.screens.import_modal import ImportModal
from crewtui.ui.widgets.members import MemberList

from .conftest import settle
from .crewai_project import AGENT_KEYS, CREW, TASK_NAMES, write_project

DEMO_CREW = "venture-research"


async def crews_list(pilot: Pilot[Any], highlight: str | None = None) -> CrewsSection:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    section = pilot.app.screen.query_one(CrewsSection)
    if highlight is not None:
        table = section.query_one("#crews-table")
        keys = [r.key for r in table.rows]  # type: ignore[attr-defined]
        for _ in range(keys.index(highlight)):
            await pilot.press("down")
        assert table.current.key == highlight  # type: ignore[attr-defined]
    return section


def text_of(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


async def open_export(pilot: Pilot[Any], crew: str = DEMO_CREW) -> ExportModal:
    await crews_list(pilot, crew)
    await pilot.press("e")
    await settle(pilot)
    modal = pilot.app.screen
    assert isinstance(modal, ExportModal), modal
    return modal


async def export_to(pilot: Pilot[Any], modal: ExportModal, out: Path) -> None:
    modal.query_one("#export-out", Input).value = str(out)
    modal.query_one("#export-out", Input).focus()
    await pilot.press("enter")
    await settle(pilot)


async def test_export_writes_the_rendered_project(
    app: CrewtuiApp, services: Services, tmp_path: Path
) -> None:
    out = tmp_path / "exported"
    async with app.run_test(size=(120, 40)) as pilot:
        modal = await open_export(pilot)
        lint = text_of(modal, "#export-lint")
        assert "0 errors" in lint and "warning" in lint
        assert modal.query_one("#export-out", Input).value == f"./{DEMO_CREW}-crewai"
        assert not modal.query_one("#export", Button).disabled
        await export_to(pilot, modal, out)
        assert modal.written == out
        # the app exports for the run-time environment's release, else the newest
        expected = render_project(
            services.load_bundle(DEMO_CREW), format="yaml", target=resolve_target()
        )
        written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
        assert written == sorted(expected)
        for name, text in expected.items():
            assert (out / name).read_text(encoding="utf-8") == text
        result = text_of(modal, "#export-lint")
        assert f"wrote {len(expected)} files to {out}" in result
        assert "crew.py" in result
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen.query_one(CrewsSection), CrewsSection)


async def test_export_from_the_builder_as_json(
    app: CrewtuiApp, services: Services, tmp_path: Path
) -> None:
    out = tmp_path / "json-project"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.goto("crews", DEMO_CREW)
        await settle(pilot)
        builder = app.screen
        assert isinstance(builder, CrewBuilder)
        builder.query_one(MemberList).query_one("#member-options").focus()
        await pilot.press("e")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ExportModal)
        modal.query_one("#export-format", RadioSet).focus()
        await pilot.press("right", "enter")
        assert modal.format == "json"
        await export_to(pilot, modal, out)
        expected = render_project(services.load_bundle(DEMO_CREW), format="json")
        assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == sorted(
            expected
        )


async def test_lint_errors_refuse_the_export(
    app: CrewtuiApp, services: Services, tmp_path: Path
) -> None:
    services.update_crew(DEMO_CREW, {"process_type": "consensual"})
    out = tmp_path / "refused"
    async with app.run_test(size=(120, 40)) as pilot:
        modal = await open_export(pilot)
        lint = text_of(modal, "#export-lint")
        assert "1 error" in lint and "consensual is not a crewai process" in lint
        assert "nothing will be written" in lint
        assert modal.query_one("#export", Button).disabled
        await export_to(pilot, modal, out)  # enter in the folder field: still refused
        assert app.screen is modal and modal.written is None
        assert not out.exists()


async def test_a_folder_in_use_is_replaced_only_when_confirmed(
    app: CrewtuiApp, services: Services, tmp_path: Path
) -> None:
    out = tmp_path / "in-use"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        modal = await open_export(pilot)
        await export_to(pilot, modal, out)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("enter")  # the danger dialog starts on Cancel
        await settle(pilot)
        assert app.screen is modal and modal.written is None
        assert [p.name for p in out.iterdir()] == ["notes.txt"]
        assert "Not exported" in text_of(modal, "#export-lint")

        await export_to(pilot, modal, out)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert modal.written == out
        assert not (out / "notes.txt").exists()
        assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == sorted(
            render_project(services.load_bundle(DEMO_CREW))
        )


async def open_import(pilot: Pilot[Any], path: Path | str) -> ImportModal:
    await crews_list(pilot)
    await pilot.press("i")
    await settle(pilot)
    modal = pilot.app.screen
    assert isinstance(modal, ImportModal), modal
    modal.query_one("#import-path", Input).value = str(path)
    await pilot.press("enter")
    await settle(pilot)
    return modal


def crew_names(services: Services) -> set[str]:
    return {c.crew_name for c in services.list_crews()}


async def test_import_dry_run_then_cancel_then_confirm(
    app: CrewtuiApp, services: Services, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "proj")
    agents_before = len(services.list_agents())
    async with app.run_test(size=(120, 40)) as pilot:
        modal = await open_import(pilot, project)
        plan = text_of(modal, "#import-plan-text")
        assert "5 to create · 0 to update · 0 unchanged" in plan
        for key in [*AGENT_KEYS, *TASK_NAMES, CREW]:
            assert (
                "create    "
                f"{'agent' if key in AGENT_KEYS else 'task' if key in TASK_NAMES else 'crew'} "
                f"{key}" in plan
            )
        assert "llm_model: openai/gpt-4o-mini" in plan
        assert not modal.query_one("#import", Button).disabled
        await pilot.press("escape")
        await settle(pilot)
        assert CREW not in crew_names(services)
        assert len(services.list_agents()) == agents_before

        modal = await open_import(pilot, project)
        assert app.screen.focused is modal.query_one("#import", Button)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)  # offers to open the imported crew
        section = app.get_screen_main().query_one(CrewsSection)  # type: ignore[union-attr]
        assert CREW in section.crews  # the list refreshed
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CrewBuilder) and app.screen.crew_name == CREW

    crew = services.get_crew(CREW)
    assert [m.agent_key for m in sorted(crew.members, key=lambda m: m.sequence_order)] == AGENT_KEYS
    tasks = services.list_tasks(CREW)
    assert [t.name for t in tasks] == TASK_NAMES
    assert tasks[1].context_task_ids == [tasks[0].id]
    assert services.get_agent("brief-writer").llm_model == "openai/gpt-4o-mini"
    assert len(services.list_agents()) == agents_before + 2


async def test_import_shows_updates_and_errors_with_their_line(
    app: CrewtuiApp, services: Services, tmp_path: Path
) -> None:
    from crewtui.services.importer import import_project

    project = write_project(tmp_path / "proj")
    import_project(services, project, dry_run=False)
    write_project(
        project,
        agents=(tmp_path / "proj/src/tiny_crew/config/agents.yaml")
        .read_text()
        .replace("Write a one-page brief", "Write a two-page brief"),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        modal = await open_import(pilot, project)
        plan = text_of(modal, "#import-plan-text")
        assert "0 to create · 1 to update · 4 unchanged" in plan
        assert "goal: Write a one-page brief → Write a two-page brief" in plan
        assert "unchanged agent trend-scout" in plan

        (project / "src/tiny_crew/config/tasks.yaml").write_text(
            "scan_task:\n  description: [unclosed\n", encoding="utf-8"
        )
        modal.query_one("#import-path", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        shown = text_of(modal, "#import-plan-text")
        assert "Cannot import the project" in shown
        assert re.search(r"src/tiny_crew/config/tasks\.yaml:\d+: ", shown), shown
        assert modal.query_one("#import", Button).disabled
    assert services.get_agent("brief-writer").goal == "Write a one-page brief"


async def test_palette_offers_export_and_import(app: CrewtuiApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"import crewai")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ImportModal)
        await pilot.press("escape")
        await settle(pilot)

        app.goto("crews", DEMO_CREW)
        await settle(pilot)
        assert isinstance(app.screen, CrewBuilder)
        await pilot.press("ctrl+p")
        await pilot.press(*"export crew")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportModal) and app.screen.crew_name == DEMO_CREW


FLOW = Path(__file__).parents[1] / "interop" / "corpus" / "flow_poems"


async def test_import_of_a_flow_offers_its_crews(app: CrewtuiApp, services: Services) -> None:
    """A project of several crews: all ticked at first; the dry run follows the choice."""
    from textual.widgets import SelectionList

    async with app.run_test(size=(120, 45)) as pilot:
        modal = await open_import(pilot, FLOW)
        crews = modal.query_one("#import-crews", SelectionList)
        assert crews.display
        assert list(crews.selected) == ["poem_crew", "review_crew"]
        plan = text_of(modal, "#import-plan-text")
        assert "crew 'poem_crew'" in plan and "crew 'review_crew'" in plan
        assert "imported as 'poet_review_crew'" in plan
        crews.deselect("poem_crew")
        await settle(pilot)
        plan = text_of(modal, "#import-plan-text")
        assert plan.startswith("crew 'review_crew': 5 to create")
        assert "crew 'poem_crew':" not in plan
        assert not modal.query_one("#import", Button).disabled
        modal.query_one("#import", Button).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")
        await settle(pilot)
    names = crew_names(services)
    assert "review_crew" in names and "poem_crew" not in names
    assert services.get_agent("poet-review-crew").role == "Poetry Critic"


async def test_run_form_offers_the_imported_inputs(app: CrewtuiApp, services: Services) -> None:
    """main.py's ``inputs = {...}`` become the crew's run inputs: the Run screen's form shows
    them, and today's year for the one only known when the code runs."""
    from datetime import datetime

    from crewtui.services.importer import import_project
    from crewtui.ui.screens.run import RunScreen

    corpus = Path(__file__).parents[1] / "interop" / "corpus"
    import_project(services, corpus / "create_crew", dry_run=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(RunScreen("create_crew"))
        await settle(pilot)
        screen = app.screen
        assert screen.query_one("#input-topic", Input).value == "AI LLMs"
        assert screen.query_one("#input-current_year", Input).value == str(datetime.now().year)
