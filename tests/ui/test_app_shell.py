"""The frame around the sections: title, section keys, palette, help, errors, small terminals."""

from __future__ import annotations

from textual import work
from textual.command import CommandList, CommandPalette
from textual.widgets import Static

from crewtui.db.first_page import FirstPage
from crewtui.services import Services
from crewtui.settings import Settings
from crewtui.ui.app import CrewtuiApp, make_app
from crewtui.ui.help import HelpScreen, help_rows
from crewtui.ui.main_screen import MainScreen
from crewtui.ui.modals import ErrorModal
from crewtui.ui.screens.agent_editor import AgentEditorScreen
from crewtui.ui.screens.agents import AgentsSection
from crewtui.ui.screens.catalog import ToolsSection
from crewtui.ui.styles import css_paths
from crewtui.ui.too_small import TooSmallScreen
from crewtui.ui.widgets.section_bar import SectionBar

from .conftest import settle, type_text


async def test_title_names_the_app_and_the_database_with_the_password_masked() -> None:
    app = make_app(
        Settings(
            database_url="postgresql+psycopg://ops:s3cret@127.0.0.1:1/crews", deterministic=True
        )
    )
    assert app.title == "crewtui"
    assert (
        "s3cret" not in app.sub_title
        and "****" in app.sub_title
        and "127.0.0.1:1/crews" in app.sub_title
    )


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
    app = make_app(
        Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none", deterministic=True)
    )
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
    assert {"agents.tcss", "sections.tcss"} <= {p.name for p in paths}


class _NoServiceLayer(CrewtuiApp):
    """An app whose service layer never opens: rows on screen came from the first page."""

    @work(thread=True, group="startup")
    def start_up(self) -> None:
        self._first_page()


def _agents_shown(app: CrewtuiApp) -> tuple[list[str], str]:
    section = app.screen.query_one(AgentsSection)
    table = section.table
    count = section.query_one("#agents-count", Static).render()
    return [table.rows[i].key for i in range(len(table.rows))], str(count)


async def test_the_first_rows_show_before_the_service_layer_opens(
    demo_url: str, services: Services
) -> None:
    expected = [s.agent_key for s in services.list_agents()]
    app = _NoServiceLayer(Settings(database_url=demo_url, deterministic=True, user="tester"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        keys, count = _agents_shown(app)
        assert not app.services_ready  # the list was never loaded the usual way
        assert keys == expected and count == f"{len(expected)} agents"


async def test_rows_read_before_the_first_frame_are_in_it(
    demo_url: str, services: Services
) -> None:
    expected = [s.agent_key for s in services.list_agents(limit=5)]
    page = FirstPage(demo_url, limit=5).start_early()
    page.rows()  # read before the interface starts, as on a fast disk

    class NothingAfterTheFirstFrame(CrewtuiApp):
        def start_up(self) -> None:  # type: ignore[override]
            return None

    app = NothingAfterTheFirstFrame(
        Settings(database_url=demo_url, deterministic=True, user="tester"), page
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        keys, count = _agents_shown(app)
        # a full page means there may be more: the count says the list is still loading
        assert keys == expected, keys
        assert count == "5 agents+ (loading)", count


async def test_the_complete_list_replaces_the_first_page(demo_url: str, services: Services) -> None:
    expected = [s.agent_key for s in services.list_agents()]
    page = FirstPage(demo_url, limit=3).start_early()
    app = CrewtuiApp(Settings(database_url=demo_url, deterministic=True, user="tester"), page)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        keys, count = _agents_shown(app)
        assert keys == expected and count == f"{len(expected)} agents"
        assert page.ready


async def test_clicking_a_section_name_shows_that_section(app) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        main = pilot.app.screen
        bar = main.query_one(SectionBar)
        start = bar.spans[1][0]  # "2 Crews"
        await pilot.click("#section-tabs", offset=(start + 1, 0))
        await settle(pilot)
        assert isinstance(main, MainScreen) and main.current == "crews" and bar.active == "crews"
        # the bar under the names is not a place to click
        await pilot.click("#section-tabs", offset=(bar.spans[0][0] + 1, 1))
        await settle(pilot)
        assert main.current == "crews"
        await pilot.press("3")
        await settle(pilot)
        assert main.current == "tasks" and bar.active == "tasks"


def test_the_section_bar_maps_columns_to_sections() -> None:
    bar = SectionBar([("a", "1 Alpha"), ("b", "2 Be")], active="a")
    assert bar.spans == ((0, 9), (9, 15))
    assert [bar.index_at(x) for x in (0, 8, 9, 14, 15, 99)] == [0, 0, 1, 1, -1, -1]
