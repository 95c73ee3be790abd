"""The frame around the sections: title, section keys, palette, help, errors, small terminals."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette

from crewtui.services import Services
from crewtui.settings import Settings
from crewtui.ui.app import make_app
from crewtui.ui.help import HelpScreen, help_rows
from crewtui.ui.main_screen import MainScreen
from crewtui.ui.modals import ErrorModal
from crewtui.ui.screens.agent_editor import AgentEditorScreen
from crewtui.ui.screens.catalog import ToolsSection
from crewtui.ui.styles import css_paths
from crewtui.ui.too_small import TooSmallScreen

from .conftest import settle, type_text


async def test_title_names_the_app_and_the_database_with_the_password_masked() -> None:
    app = make_app(Settings(database_url="postgresql+psycopg://ops:s3cret@127.0.0.1:1/crews", deterministic=True))
    assert app.title == "crewtui"
    assert "s3cret" not in app.sub_title and "****" in app.sub_title and "127.0.0.1:1/crews" in app.sub_title


async def test_number_keys_switch_sections(app) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        main = pilot.app.screen
        assert isinstance(main, MainScreen) and main.current == "tools"
        tools = main.query_one(ToolsSection)
        assert len(tools.table.rows) > 0
        await pilot.press("1")
        await settle(pilot)
        assert main.current == "agents"


async def test_palette_jumps_to_an_agent_by_role(app, services: Services) -> None:
    agent = services.get_agent("data-scientist")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CommandPalette)
        await type_text(pilot, agent.role)
        hits = pilot.app.screen.query_one(CommandList)
        for _ in range(200):  # the palette gathers hits in background tasks
            await pilot.pause(0.02)
            if hits.option_count and "data-scientist" in str(hits.get_option_at_index(0).prompt):
                break
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, AgentEditorScreen)
        assert screen.record is not None and screen.record.agent_key == "data-scientist"


async def test_help_lists_the_keys_of_every_screen(app) -> None:
    groups = dict(help_rows())
    assert ("/", "Filter") in groups["Agents section"]
    assert ("ctrl+s", "Save") in groups["Agent editor"]
    assert any(k == "ctrl+q" for k, _ in groups["Everywhere"])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, MainScreen)


async def test_an_unreachable_database_gives_a_message_and_the_app_keeps_running() -> None:
    app = make_app(Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none", deterministic=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, ErrorModal)
        assert modal._retry
        await pilot.click("#retry")
        await settle(pilot)
        # still failing: asked again, still running
        assert isinstance(pilot.app.screen, ErrorModal)
        await pilot.click("#close")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert pilot.app.return_code is None


async def test_a_small_terminal_shows_a_notice_until_it_grows(app) -> None:
    async with app.run_test(size=(50, 12)) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert isinstance(pilot.app.screen, MainScreen)


def test_stylesheets_are_found_with_app_first() -> None:
    paths = css_paths()
    assert paths[0].name == "app.tcss"
    assert {"agents.tcss", "forms.tcss"} <= {p.name for p in paths}
