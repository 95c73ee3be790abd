"""Tasks of a crew and the dependency view, driven through the real app and checked in the
database afterwards."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Select, SelectionList

from crewtui.services import Services
from crewtui.ui.forms.record_form import RecordForm
from crewtui.ui.modals import ErrorModal
from crewtui.ui.screens.tasks import TasksSection
from crewtui.ui.screens.tasks_context import ContextPicker
from crewtui.ui.screens.tasks_editor import TaskEditor
from crewtui.ui.widgets.depgraph import DepGraph

from .conftest import settle, type_text

CREW = "venture-research"
ORDER = ["market_sizing", "pain_points", "competitor_scan", "strategic_fit", "investment_brief"]


async def open_tasks(pilot: Pilot[Any], crew: str = CREW) -> TasksSection:
    await settle(pilot)
    pilot.app.goto("tasks", crew)  # type: ignore[attr-defined]
    await settle(pilot)
    screen = pilot.app.screen
    if isinstance(screen, ErrorModal):  # say what went wrong rather than "no TasksSection"
        pytest.fail(
            f"error dialog instead of the tasks: {screen._title}: {screen._message}\n"
            f"{screen._details}"
        )
    section = screen.query_one(TasksSection)
    assert section.crew is not None and section.crew.crew_name == crew
    section.query_one(DepGraph).focus()
    await pilot.pause()
    return section


async def open_task_editor(pilot: Pilot[Any], cursor: int | None = None) -> TaskEditor:
    """The task editor on the crew's task at ``cursor`` (the view's own cursor when None)."""
    section = await open_tasks(pilot)
    if cursor is not None:
        section.query_one(DepGraph).cursor = cursor
    await pilot.press("enter")
    await settle(pilot)
    editor = pilot.app.screen
    assert isinstance(editor, TaskEditor), editor
    return editor


def rules_of(section: TasksSection, task: str) -> set[str]:
    return {i.rule for i in section.issues if i.task == task}


def lines_of(section: TasksSection, index: int) -> list[str]:
    return [line.text.plain for line in section.query_one(DepGraph).lines if line.task == index]


async def test_tasks_are_listed_in_execution_order_with_their_edges(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        section = await open_tasks(pilot)
        assert [t.name for t in section.tasks] == ORDER
        # the demo crew lints without errors (its warnings are the crew's, not a task's)
        assert [i for i in section.issues if i.task or i.severity == "error"] == []
        fit = lines_of(section, 3)
        assert fit[0].split()[:2] == ["4", "strategic_fit"]
        assert "◀ context: 1, 2, 3" in " ".join(fit)
        assert lines_of(section, 1)[0].rstrip().endswith("⇢ async  → 4")
        assert "✗" not in str(section.query_one("#tasks-summary").render())


async def test_forward_context_is_marked_and_moving_the_task_fixes_it(
    app, services: Services
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        section = await open_tasks(pilot)
        graph = section.query_one(DepGraph)
        await pilot.press("down")  # pain_points
        await pilot.press("c")
        await pilot.pause()
        picker = pilot.app.screen
        assert isinstance(picker, ContextPicker)
        choices = picker.query_one(SelectionList)
        # only the crew's other tasks are offered, in execution order
        assert [choices.get_option_at_index(i).value for i in range(choices.option_count)] == [
            n for n in ORDER if n != "pain_points"
        ]
        assert choices.selected == ["market_sizing"]
        # untick market_sizing, tick strategic_fit (which runs later than pain_points)
        await pilot.press("space", "down", "down", "space")
        await pilot.pause()
        assert choices.selected == ["strategic_fit"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is not picker
        stored = services.get_task(CREW, "pain_points")
        fit = services.get_task(CREW, "strategic_fit")
        assert stored.context_task_ids == [fit.id]
        assert "context-future" in rules_of(section, "pain_points")
        marked = lines_of(section, 1)
        assert any("✗ context names 'strategic_fit', which runs later" in line for line in marked)
        assert "✗" in str(section.query_one("#tasks-summary").render())

        # strategic_fit reads pain_points: that is a cycle now; moving pain_points after it
        # leaves only the other direction, which is a forward reference the other way round
        assert "context-cycle" in rules_of(section, "pain_points")
        services.update_task(
            CREW, "strategic_fit", {"context": ["market_sizing", "competitor_scan"]}
        )
        section.refresh_data()
        await settle(pilot)
        graph.focus()
        graph.cursor = 1
        await pilot.pause()
        assert rules_of(section, "pain_points") == {"context-future"}

        await pilot.press("shift+down", "shift+down")
        await pilot.pause()
        # re-checked at once, before anything is saved
        assert [t.name for t in section.tasks][2:4] == ["strategic_fit", "pain_points"]
        assert rules_of(section, "pain_points") == set()
        assert not any("✗" in line for line in lines_of(section, 3))
        assert graph.current is not None and graph.current.name == "pain_points"
        await settle(pilot)
    stored_order = [t.name for t in services.list_tasks(CREW)]
    assert stored_order == [
        "market_sizing",
        "competitor_scan",
        "strategic_fit",
        "pain_points",
        "investment_brief",
    ]
    assert [t.sequence_order for t in services.list_tasks(CREW)] == [1, 2, 3, 4, 5]


async def test_moving_a_task_before_its_context_is_marked_at_once(app, services: Services) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        section = await open_tasks(pilot)
        await pilot.press("end")  # investment_brief reads strategic_fit
        await pilot.press("shift+up")
        await pilot.pause()
        assert "context-future" in rules_of(section, "investment_brief")
        await settle(pilot)
    assert [t.name for t in services.list_tasks(CREW)][3:] == ["investment_brief", "strategic_fit"]


async def test_edit_a_task_field_and_save(app, services: Services) -> None:
    before = services.get_task(CREW, "competitor_scan")
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await open_task_editor(pilot, cursor=2)
        form = editor.query_one(RecordForm)
        # the agent picker offers the crew's members only
        agents = form.query_one("#field-assigned_agent_id", Select)
        keys = {
            str(label).split(" ·")[0] for label, value in agents._options if value != Select.NULL
        }
        assert keys == {m.agent_key for m in services.get_crew(CREW).members}
        # the context picker offers the crew's other tasks (its section is built when shown)
        form.focus_field("context_task_ids")
        await settle(pilot)
        context = form.query_one("#field-context_task_ids", SelectionList)
        assert context.option_count == len(ORDER) - 1

        form.focus_field("task_type")
        await pilot.press("end")
        await type_text(pilot, "_v2")
        form.focus_field("output_json_schema")
        await pilot.press("f7", "backspace")  # f7 selects all in a text area
        await type_text(pilot, '{"type": "object", "properties": ')
        await settle(pilot)
        assert form.row("output_json_schema").error is not None
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert editor.has_unsaved_changes()  # refused while the schema is not JSON
        assert services.get_task(CREW, "competitor_scan").version == before.version
        await type_text(pilot, '{"n": {"type": "integer"}}}')
        await settle(pilot)
        assert form.row("output_json_schema").error is None
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not editor.has_unsaved_changes()
    after = services.get_task(CREW, "competitor_scan")
    assert after.task_type == "competitive_v2"
    assert after.output_json_schema == {"type": "object", "properties": {"n": {"type": "integer"}}}
    assert after.version == before.version + 1
    assert after.description == before.description


async def test_new_task_is_appended(app, services: Services) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await open_tasks(pilot)
        await pilot.press("n")
        await settle(pilot)
        editor = pilot.app.screen
        assert isinstance(editor, TaskEditor)
        form = editor.query_one(RecordForm)
        form.focus_field("name")
        await type_text(pilot, "follow_up")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert editor.record is not None
    tasks = services.list_tasks(CREW)
    assert [t.name for t in tasks][-1] == "follow_up"
    assert tasks[-1].sequence_order == len(ORDER) + 1


async def test_jumping_to_a_task_opens_its_editor(app) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pilot.app.goto("tasks", "board-briefing/risk_register")  # type: ignore[attr-defined]
        await settle(pilot)
        editor = pilot.app.screen
        assert isinstance(editor, TaskEditor)
        assert editor.crew.crew_name == "board-briefing"
        assert editor.record is not None and editor.record.name == "risk_register"


async def test_all_earlier_leaves_the_context_unset(app, services: Services) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        section = await open_tasks(pilot)
        await pilot.press("end", "c")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ContextPicker)
        await pilot.click("#unset")
        await settle(pilot)
        assert not any("◀" in line for line in lines_of(section, 4))
    assert services.get_task(CREW, "investment_brief").context_task_ids is None
