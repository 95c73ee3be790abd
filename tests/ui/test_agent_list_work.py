"""What the agent list does per key, counted: layout passes, scrollbar redraws, previews."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Static

from crewtui.services import Services
from crewtui.ui.screens.agents import AgentsSection
from crewtui.ui.widgets.filter_input import FilterInput
from crewtui.ui.widgets.record_table import Column, RecordTable, Row

from .conftest import settle, type_text


def count_calls(obj: Any, name: str) -> list[tuple[Any, ...]]:
    """Record each call of ``obj.name`` (the method still runs)."""
    calls: list[tuple[Any, ...]] = []
    original = getattr(obj, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return original(*args, **kwargs)

    setattr(obj, name, counting)
    return calls


class OneWidgetApp(App[None]):
    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield self.widget
            yield Static("12 shown")


async def layouts_while_typing(field: Input, text: str) -> int:
    app = OneWidgetApp(field)
    async with app.run_test(size=(40, 5)) as pilot:
        field.focus()
        await pilot.pause()
        layouts = count_calls(app.screen, "_refresh_layout")
        await pilot.press(*text)
        await pilot.pause()
        assert field.value == text
        assert field.virtual_size.width == len(text) + 1
        return len(layouts)


async def test_typing_in_the_filter_field_lays_out_nothing() -> None:
    assert (
        await layouts_while_typing(Input(compact=True), "research") > 0
    )  # Textual's own field does
    assert await layouts_while_typing(FilterInput(compact=True), "research") == 0


async def test_the_filter_field_scrolls_to_its_cursor() -> None:
    field = FilterInput(compact=True)
    app = OneWidgetApp(field)
    async with app.run_test(size=(40, 5)) as pilot:
        field.focus()
        await pilot.press(*"a filter longer than the field is wide, by far")
        await pilot.pause()
        assert field.region.width <= 40
        assert field.scroll_offset.x > 0
        await pilot.press("home")
        await pilot.pause()
        assert field.scroll_offset.x == 0


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield RecordTable([Column("key", "KEY", 10, grow=1)], id="table")


async def test_the_scrollbar_is_drawn_again_only_when_its_thumb_changes() -> None:
    rows = [Row(f"row-{i:04d}", (f"row-{i:04d}",)) for i in range(1000)]
    app = TableApp()
    async with app.run_test(size=(30, 12)) as pilot:
        table = app.query_one(RecordTable)
        table.set_rows(rows)
        await pilot.pause()
        bar = table.vertical_scrollbar
        redraws = count_calls(bar, "refresh")
        table.set_rows(rows[:990])  # a one-cell thumb at the top either way
        await pilot.pause()
        assert redraws == []
        assert bar.window_virtual_size == 991
        table.set_rows(rows[:40])  # a longer thumb
        await pilot.pause()
        assert redraws
        assert bar.window_virtual_size == 41


async def test_the_scrollbar_goes_and_comes_back_with_the_filter(app: Any) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        section = pilot.app.screen.query_one(AgentsSection)
        table = section.table
        assert table.show_vertical_scrollbar
        full = table.size.width
        await pilot.press("slash")
        await type_text(pilot, "account-strat")
        await settle(pilot)
        assert len(table.rows) == 1
        # the rows take the whole width once the scrollbar is gone
        assert not table.show_vertical_scrollbar
        assert table.scrollable_content_region.width == full
        await pilot.press("escape")
        await settle(pilot)
        assert table.show_vertical_scrollbar
        assert table.scrollable_content_region.width == full - 1


async def test_a_filter_keeping_the_first_match_leaves_the_preview_alone(
    app: Any, services: Services
) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        section = pilot.app.screen.query_one(AgentsSection)
        first = section.table.current
        assert first is not None
        previews = count_calls(section, "_show_preview")
        usage_loads = count_calls(section, "load_usage")
        await pilot.press("slash")
        await type_text(pilot, first.key[:3])
        await settle(pilot)
        current = section.table.current
        assert current is not None and current.key == first.key
        assert previews == [] and usage_loads == []

        last = max(a.agent_key for a in services.list_agents())
        await pilot.press("escape", "slash")  # escape clears and leaves the filter
        await type_text(pilot, last)
        await settle(pilot)
        current = section.table.current
        assert current is not None and current.key == last
        # each first match on the way is shown at once, then with its usage, read once
        shown = [(summary.agent_key, usage is not None) for summary, usage in previews]
        assert shown[-2:] == [(last, False), (last, True)]
        assert usage_loads[-1] == (last,)
        assert len(usage_loads) == len([s for s in shown if not s[1]])
        preview = section.query_one("#agents-preview", Static)
        assert "Crews:" in str(preview.content)


async def test_new_rows_redraw_only_the_lines_that_changed_one_region_per_run() -> None:
    rows = [Row(f"row-{i}", (f"row-{i}",)) for i in range(8)]
    app = TableApp()
    async with app.run_test(size=(30, 12)) as pilot:
        table = app.query_one(RecordTable)
        table.set_rows(rows)
        await pilot.pause()
        refreshes = count_calls(table, "refresh")
        # as wide as the rows shown (a wider value would widen its column: every line changes)
        other = [Row(f"new-{i}", (f"new-{i}",)) for i in range(8)]
        # rows 2, 3 and 4 (lines 3 to 5 under the header) and row 6 (line 7) change
        table.set_rows([*rows[:2], *other[2:5], rows[5], other[6], rows[7]], keep="row-0")
        regions = [(r.y, r.height) for call in refreshes for r in call]
        assert regions == [(3, 3), (7, 1)]
