"""The crew builder driven through the real app, checked in the database afterwards."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import OptionList, Select, Static

from crewtui.db.models import AgentRow, CrewMemberRow, CrewRow
from crewtui.services import Services
from crewtui.ui.forms.record_form import RecordForm
from crewtui.ui.modals import ErrorModal, PickOne, SaveDiscardCancel
from crewtui.ui.screens.crews_builder import CrewBuilder
from crewtui.ui.screens.crews_lint import MANAGER_MISSING, TOOLS_MARK
from crewtui.ui.widgets.members import MemberList

from .conftest import settle, type_text

CREW = "venture-research"
ORDER = [
    "senior-market-analyst",
    "pain-point-researcher",
    "competitive-intelligence-lead",
    "strategic-fit-assessor",
    "executive-summarizer",
]


def stored_members(services: Services, crew: str = CREW) -> list[tuple[str, int, str | None]]:
    """(agent_key, sequence_order, role_in_crew) straight from crew_members."""
    with services.store.uow() as uow:
        rows = uow.session.execute(
            select(AgentRow.agent_key, CrewMemberRow.sequence_order, CrewMemberRow.role_in_crew)
            .join(CrewMemberRow, CrewMemberRow.agent_id == AgentRow.id)
            .join(CrewRow, CrewRow.id == CrewMemberRow.crew_id)
            .where(CrewRow.crew_name == crew)
            .order_by(CrewMemberRow.sequence_order)
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


async def open_builder(pilot: Pilot[Any], crew: str = CREW) -> CrewBuilder:
    await settle(pilot)
    pilot.app.goto("crews", crew)  # type: ignore[attr-defined]
    await settle(pilot)
    screen = pilot.app.screen
    if isinstance(screen, ErrorModal):  # say what went wrong rather than "no CrewBuilder"
        pytest.fail(f"error dialog: {screen._title}: {screen._message}\n{screen._details}")
    assert isinstance(screen, CrewBuilder), screen
    assert screen.crew is not None and screen.crew.crew_name == crew
    return screen


async def focus_members(pilot: Pilot[Any], screen: CrewBuilder, index: int = 0) -> MemberList:
    members = screen.query_one(MemberList)
    options = members.query_one(OptionList)
    options.focus()
    options.highlighted = index
    await pilot.pause()
    return members


async def test_reorder_members_with_keys_and_buttons_saves_sequence_order(
    app, services: Services
) -> None:
    assert [m[0] for m in stored_members(services)] == ORDER
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_builder(pilot)
        members = await focus_members(pilot, screen, 0)
        await pilot.press("shift+down", "shift+down")  # the lead goes to third place
        assert members.keys[:3] == [ORDER[1], ORDER[2], ORDER[0]]
        assert screen.has_unsaved_changes()
        assert "● modified" in str(screen.query_one("#crew-title").render())
        # the mouse works too: the last member moves up one with the ↑ button
        members.query_one(OptionList).highlighted = 4
        await pilot.click("#member-up")
        await pilot.pause()
        expected = [ORDER[1], ORDER[2], ORDER[0], ORDER[4], ORDER[3]]
        assert members.keys == expected
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not screen.has_unsaved_changes()
    stored = stored_members(services)
    assert [(key, order) for key, order, _ in stored] == [(k, i) for i, k in enumerate(expected, 1)]
    # roles travel with their members
    assert dict((k, r) for k, _, r in stored)["senior-market-analyst"] == "lead"


async def test_add_and_remove_members(app, services: Services) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_builder(pilot)
        members = await focus_members(pilot, screen, 1)
        await pilot.press("x")  # pain-point-researcher leaves
        assert "pain-point-researcher" not in members.keys
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PickOne)
        # the picker offers only agents that are not members yet
        offered = [label for label, _ in pilot.app.screen._items]
        assert not any(label.startswith("senior-market-analyst ") for label in offered)
        await type_text(pilot, "risk-officer")
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert members.keys[-1] == "risk-officer"
        await pilot.press("r")
        await type_text(pilot, "auditor")
        await pilot.press("enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not screen.has_unsaved_changes()
    stored = stored_members(services)
    assert [k for k, _, _ in stored] == [ORDER[0], *ORDER[2:], "risk-officer"]
    assert [o for _, o, _ in stored] == [1, 2, 3, 4, 5]
    assert stored[-1][2] == "auditor"


async def choose_process(pilot: Pilot[Any], screen: CrewBuilder, value: str) -> None:
    form = screen.query_one(RecordForm)
    form.focus_field("process_type")
    await pilot.pause()
    select = form.query_one("#field-process_type", Select)
    labels = [label for label, _ in screen_process_options(select)]
    assert "consensual (not runnable by crewai)" in labels
    await pilot.press("enter")
    await pilot.pause()
    target = [v for _, v in screen_process_options(select)].index(value)
    current = [v for _, v in screen_process_options(select)].index(select.value)
    key = "down" if target > current else "up"
    for _ in range(abs(target - current)):
        await pilot.press(key)
    await pilot.press("enter")
    await settle(pilot)
    assert select.value == value


def screen_process_options(select: Select[Any]) -> list[tuple[str, Any]]:
    return [(str(label), value) for label, value in select._options if value != Select.NULL]


async def test_hierarchical_needs_a_manager_before_it_saves(app, services: Services) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_builder(pilot)
        form = screen.query_one(RecordForm)
        assert not form.row("manager_agent_id").display
        await choose_process(pilot, screen, "hierarchical")
        assert form.row("manager_agent_id").display and form.row("manager_llm").display
        assert form.row("manager_agent_id").error == MANAGER_MISSING
        assert form.row("manager_llm").error == MANAGER_MISSING
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert services.get_crew(CREW).process_type == "sequential"  # refused
        assert screen.has_unsaved_changes()
        # the manager picker offers agents that are not members
        picker = form.query_one("#field-manager_agent_id", Select)
        offered = {
            str(label).split(" ·")[0] for label, value in picker._options if value != Select.NULL
        }
        assert offered and not offered & set(ORDER)
        form.focus_field("manager_llm")
        await type_text(pilot, "openai/gpt-4o")
        await settle(pilot)
        assert form.row("manager_agent_id").error is None
        assert form.row("manager_llm").error is None
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not screen.has_unsaved_changes()
    crew = services.get_crew(CREW)
    assert crew.process_type == "hierarchical"
    assert crew.manager_llm == "openai/gpt-4o"
    assert crew.manager_agent_id is None


async def test_leaving_with_unsaved_members_asks_and_discard_writes_nothing(
    app, services: Services
) -> None:
    before = services.get_crew(CREW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_builder(pilot)
        await focus_members(pilot, screen, 0)
        await pilot.press("shift+down")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SaveDiscardCancel)
        await pilot.press("d")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, CrewBuilder)
    after = services.get_crew(CREW)
    assert after.version == before.version
    assert [k for k, _, _ in stored_members(services)] == ORDER


async def test_lint_panel_shows_problems_of_the_saved_crew_and_l_checks_again(
    app, services: Services
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_builder(pilot)
        assert str(screen.query_one("#lint-text").render()).startswith("✓ 0 errors")
        # someone else, meanwhile, empties a task: lint reads the crew's tasks again
        task = services.list_tasks(CREW)[0].name
        services.update_task(CREW, task, {"description": None})
        await pilot.press("l")
        await settle(pilot)
        lint = str(screen.query_one("#lint-text").render())
        assert lint.startswith("✗")
        assert f"task '{task}'" in lint


async def test_new_crew_with_members(app, services: Services) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pilot.app.goto("crews", new=True)  # type: ignore[attr-defined]
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CrewBuilder) and screen.crew is None
        form = screen.query_one(RecordForm)
        form.focus_field("crew_name")
        await type_text(pilot, "launch-team")
        await focus_members(pilot, screen)
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "risk-officer")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.crew is not None and not screen.has_unsaved_changes()
    assert [(k, o) for k, o, _ in stored_members(services, "launch-team")] == [("risk-officer", 1)]


async def test_opening_a_crew_that_is_gone_leaves_the_builder(app, services: Services) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(CrewBuilder("no-such-crew"))
        await settle(pilot)
        assert not isinstance(pilot.app.screen, CrewBuilder)
    assert "no-such-crew" not in [c.crew_name for c in services.list_crews()]


async def test_lint_checks_the_crew_as_shown_unsaved(app, services: Services) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_builder(pilot)
        await settle(pilot)
        lint = screen.query_one("#lint-text", Static)
        assert MANAGER_MISSING not in str(lint.render())
        await choose_process(pilot, screen, "hierarchical")
        screen.query_one(MemberList).query_one(OptionList).focus()
        await pilot.press("l")
        await settle(pilot)
        assert MANAGER_MISSING in str(lint.render())  # lints what is on screen
        assert services.get_crew(CREW).process_type == "sequential"  # nothing was saved
        await choose_process(pilot, screen, "sequential")
        screen.query_one(MemberList).query_one(OptionList).focus()
        await pilot.press("l")
        await settle(pilot)
        assert "manager" not in str(lint.render())


async def test_the_manager_picker_marks_agents_with_tools(app, services: Services) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_builder(pilot)
        await choose_process(pilot, screen, "hierarchical")
        picker = screen.query_one(RecordForm).query_one("#field-manager_agent_id", Select)
        offered = {
            str(label).split(" ·")[0]: str(label)
            for label, value in picker._options
            if value != Select.NULL
        }
    assert offered
    for key, label in offered.items():
        assert (TOOLS_MARK in label) == bool(services.get_agent(key).tools), label
    assert any(TOOLS_MARK in label for label in offered.values())
