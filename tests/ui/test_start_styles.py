"""The stylesheets read before the first frame are the main screen's; the editors' are read
when the first editor opens, and styling the main screen does not depend on them."""

from __future__ import annotations

from typing import Any

from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.screen import Screen

from crewtui.settings import Settings
from crewtui.ui.app import CrewtuiApp
from crewtui.ui.main_screen import MainScreen
from crewtui.ui.screens.tasks_context import ContextPicker
from crewtui.ui.sections import SECTIONS
from crewtui.ui.styles import EDITORS, START, css_paths, editor_css_paths, styles_dir

from .conftest import settle
from .test_agent_flows import open_editor


def sheets_read(stylesheet: Stylesheet) -> list[str]:
    """The ``.tcss`` files in the stylesheet, in the order they were read."""
    return [path.rsplit("/", 1)[-1] for path, _ in stylesheet.source if path.endswith(".tcss")]


def test_every_stylesheet_is_read_at_start_or_with_the_editors() -> None:
    names = {p.name for p in styles_dir().glob("*.tcss")}
    assert sorted(START + EDITORS) == sorted(names)
    assert START[0] == "app.tcss"
    # every screen that shows the editors' rules reads them
    assert editor_css_paths() == ContextPicker.CSS_PATH


async def test_the_first_frame_reads_only_the_main_screens_stylesheets(app) -> None:
    parsed: list[int] = []
    parse = app.stylesheet.parse

    def counting() -> None:
        parse()
        parsed.append(len(app.stylesheet.rules))

    app.stylesheet.parse = counting  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert sheets_read(app.stylesheet) == list(START)
        # the editors' forms, crew builder and task editor: about 90 rules not matched
        # against each node of the start screen (it was about 190 rules in all)
        assert parsed and parsed[-1] < 150, parsed
        reparsed: list[int] = []
        reparse = app.stylesheet.reparse

        def counting_reparse() -> None:
            reparsed.append(1)
            reparse()

        app.stylesheet.reparse = counting_reparse  # type: ignore[method-assign]
        await open_editor(pilot)
        assert sheets_read(app.stylesheet) == [*START, *EDITORS]
        # read into the app's stylesheet before the editor was made: no stylesheet parsed
        # again from scratch, no screen restyled for them
        assert reparsed == []


class _AllStylesAtStart(CrewtuiApp):
    """The app with every stylesheet read before the first frame."""

    CSS_PATH = [*css_paths(), *editor_css_paths()]  # type: ignore[assignment]


def _styles(screen: Screen[Any]) -> list[tuple[str, str | None, str, str]]:
    def one(node: DOMNode) -> tuple[str, str | None, str, str]:
        rules = sorted((k, repr(v)) for k, v in node._css_styles.get_rules().items())
        return (type(node).__name__, node.id, " ".join(sorted(node.classes)), repr(rules))

    return [one(node) for node in screen.walk_children(with_self=True)]


async def test_the_main_screen_is_styled_the_same_without_the_editors_stylesheets(
    demo_url: str,
) -> None:
    seen: list[list[tuple[str, str | None, str, str]]] = []
    for cls in (CrewtuiApp, _AllStylesAtStart):
        app = cls(Settings(database_url=demo_url, deterministic=True, user="tester"))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            for n in range(len(SECTIONS), 0, -1):  # every section, the agents last
                await pilot.press(str(n))
                await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            assert all(screen.section_widget(info.id) is not None for info in SECTIONS)
            seen.append(_styles(screen))
    lazy, eager = seen
    assert lazy == eager
