"""Keys typed without a pause, on a slow database, land where the user aimed them.

Every test presses a long sequence of keys in one go while screens, sections and forms are
still loading (each statement on the database waits a little), then checks what was stored.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event

from crewtui.services import Services, Store
from crewtui.ui.app import CrewtuiApp
from crewtui.ui.main_screen import MainScreen
from crewtui.ui.screens.agent_editor import AgentEditorScreen
from crewtui.ui.screens.crews_builder import CrewBuilder

from .conftest import app_for, settle

#: seconds each statement waits: screens take a noticeable time to get their data
DELAY = 0.15


def _slow(store: Store) -> None:
    def wait(*_args: Any) -> None:
        time.sleep(DELAY)

    event.listen(store.engine, "before_cursor_execute", wait)


@pytest.fixture
def slow_app(demo_url: str) -> Iterator[CrewtuiApp]:
    app = app_for(demo_url)
    store = Store.open(demo_url)
    _slow(store)
    app._services = Services(store, user="tester")
    yield app
    store.dispose()


def chars(text: str) -> list[str]:
    return list(text)


async def test_the_wizard_gets_every_field_typed_ahead(slow_app, services: Services) -> None:
    keys = [
        "n",
        *chars("ux-three"),
        "tab",
        *chars("Name3"),
        "tab",
        *chars("Role3"),
        "tab",
        *chars("Goal3"),
        "tab",
        *chars("Back3"),
        "ctrl+s",
    ]
    async with slow_app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*keys)
        await settle(pilot)
        await pilot.pause(0.5)
        await settle(pilot)
    agent = services.get_agent("ux-three")
    assert (agent.name, agent.role, agent.goal, agent.backstory) == (
        "Name3",
        "Role3",
        "Goal3",
        "Back3",
    )


async def test_a_section_key_then_navigation_opens_the_crew(slow_app, services: Services) -> None:
    crews = sorted(c.crew_name for c in services.list_crews())
    async with slow_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "down", "enter")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CrewBuilder), screen
        assert screen.crew_name == crews[1]


async def test_keys_after_opening_an_agent_go_to_its_first_field(
    slow_app, services: Services
) -> None:
    first = sorted(a.agent_key for a in services.list_agents())[0]
    before = services.get_agent(first)
    async with slow_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "tab", "end", *chars(" II"), "ctrl+s", "escape")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert isinstance(pilot.app.screen, MainScreen)
    assert services.get_agent(first).name == before.name + " II"


async def test_editor_section_switches_typed_ahead(slow_app, services: Services) -> None:
    first = sorted(a.agent_key for a in services.list_agents())[0]
    # LLM is the second section: its first field is the model name
    keys = ["enter", "alt+down", "ctrl+a", "ctrl+k", *chars("openai/gpt-4o-mini")]
    keys += ["alt+down", "alt+up", "alt+up", "tab", "end", *chars(" X"), "ctrl+s"]
    async with slow_app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*keys)
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert isinstance(pilot.app.screen, AgentEditorScreen)
    agent = services.get_agent(first)
    assert agent.llm_model == "openai/gpt-4o-mini"
    assert agent.name.endswith(" X")


async def test_a_palette_jump_then_typing_edits_the_record_jumped_to(
    slow_app, services: Services
) -> None:
    before = services.get_agent("data-scientist")
    keys = [
        "ctrl+p",
        *chars("data-scientist"),
        "down",
        "enter",
        "tab",
        "end",
        *chars(" J"),
        "ctrl+s",
    ]
    async with slow_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, AgentEditorScreen), (
            screen,
            [(w.name, w.state, w.node) for w in pilot.app.workers],
            screen.query_one("Input").value,
        )
    assert services.get_agent("data-scientist").name == before.name + " J"


async def test_keys_queued_together_after_the_filter_open_the_match(app: CrewtuiApp) -> None:
    """The filter's Enter moves the focus before the next key is taken: "enter enter"
    arriving in one read of the terminal opens the best match (the second Enter used to go
    to the filter again and was lost)."""
    from textual import events

    from crewtui.ui.screens.agents import AgentsSection

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"account-str")
        await settle(pilot)
        section = pilot.app.screen.query_one(AgentsSection)
        assert section.table.current is not None
        for _ in range(2):  # both queued before the app handles the first
            pilot.app.post_message(events.Key("enter", "\r"))
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, AgentEditorScreen), screen
        assert screen.record is not None and screen.record.agent_key == "account-strategist"
