"""The main screen's footer: its keys in one widget, shown, clicked and hovered like Textual's
footer keys, and a start screen of few widgets."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from crewtui.ui.help import HelpScreen
from crewtui.ui.main_screen import MainScreen
from crewtui.ui.screens.agents import AgentsSection
from crewtui.ui.widgets.filter_input import FilterInput
from crewtui.ui.widgets.footer import KeysLine, LineFooter

from .conftest import settle

#: header (4), section bar, switcher, agents section (6), footer (3), the screen itself
START_WIDGETS = 16


def _line(pilot) -> KeysLine:
    return pilot.app.screen.query_one(LineFooter).query_one(KeysLine)


def _descriptions(line: KeysLine) -> list[str]:
    return [k.description for k in line.keys]


async def test_the_start_screen_is_a_few_widgets(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, MainScreen)
        assert screen.query_one(AgentsSection).table.current is not None
        # a widget per footer key made it 22
        assert len(list(screen.walk_children(with_self=True))) <= START_WIDGETS
        footer = screen.query_one(Footer)
        assert [type(w) for w in footer.children] == [KeysLine, FooterKey]
        assert footer.children[1].has_class("-command-palette")


async def test_the_line_shows_the_keys_of_the_section_shown(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        agents = _descriptions(_line(pilot))
        assert agents[:2] == ["Filter", "New"] and "Quit" in agents and "Help" in agents
        assert "Open" not in agents  # not shown in the footer (show=False)
        assert "Filter" in _line(pilot).render().plain
        await pilot.press("2")
        await settle(pilot)
        crews = _descriptions(_line(pilot))
        assert crews[:2] == ["New", "Tasks"] and "Filter" not in crews
        assert crews == _footer_descriptions(pilot.app.screen)


async def test_clicking_a_key_of_the_line_presses_it(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        line = _line(pilot)
        line.render()
        filter_at = line.spans[_descriptions(line).index("Filter")][0]
        await pilot.click(KeysLine, offset=(filter_at + 1, 0))
        await settle(pilot)
        assert isinstance(pilot.app.focused, FilterInput)
        await pilot.press("escape")
        line = _line(pilot)
        help_at = line.spans[_descriptions(line).index("Help")][0]
        await pilot.click(KeysLine, offset=(help_at, 0))
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click(FooterKey)  # the palette's key stays a key of its own
        await settle(pilot)
        assert isinstance(pilot.app.screen, CommandPalette)


async def test_hovering_a_key_highlights_it_alone(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        line = _line(pilot)
        before = list(line.render().render(pilot.app.console))
        new_at = line.spans[_descriptions(line).index("New")]
        await pilot.hover(KeysLine, offset=(new_at[0] + 1, 0))
        await pilot.pause()
        assert line.index_at(new_at[0] + 1) == line._hover
        after = list(line.render().render(pilot.app.console))
        changed = {
            i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a.style != b.style
        }
        assert changed and all(new_at[0] <= _offset(after, i) < new_at[1] for i in changed)


def _footer_descriptions(screen) -> list[str]:
    """What Textual's footer shows: the first shown binding of each action, in order."""
    firsts: dict[str, str] = {}
    for _, binding, _, _ in screen.active_bindings.values():
        if binding.show:
            firsts.setdefault(binding.action, binding.description)
    return list(firsts.values())


def _offset(segments, index: int) -> int:
    return sum(len(s.text) for s in segments[:index])


async def test_the_line_follows_the_theme(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        line = _line(pilot)
        dark = [s.style for s in line.render().render(pilot.app.console)]
        pilot.app.theme = "textual-light"
        await settle(pilot)
        light = [s.style for s in _line(pilot).render().render(pilot.app.console)]
        assert dark != light
        palette = pilot.app.screen.query_one(FooterKey)
        key_color = palette.get_component_rich_style("footer-key--key").color
        assert key_color == line.get_component_rich_style("keys-line--key").color
