"""Every list at 120x40 shows its header labels and the demo values whole; at 80x24 the
columns are abbreviated rather than pushed off the screen."""

from __future__ import annotations

from typing import Any

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot

from crewtui.services import Services
from crewtui.services.deployments import Deployments
from crewtui.ui.widgets.column_widths import fit_widths
from crewtui.ui.widgets.depgraph import DepGraph
from crewtui.ui.widgets.record_table import Column, RecordTable

from .conftest import settle

#: free text: cut where the width ends (their long demo values are, at 120 columns)
FREE_TEXT = {"description"}
#: columns whose long values may be cut: a value up to this many cells is shown whole
SHORT_ENOUGH = {"llm_model": 24, "embedder": 30, "tool_class": 36}
SECTIONS = ["1", "2", "4", "5", "6", "7", "8"]


def cells_of(table: RecordTable, line: str) -> list[str]:
    """The text of each column in a drawn line (one space before each column)."""
    widths = table._widths(table.scrollable_content_region.width)
    out, x = [], 0
    for w in widths:
        out.append(line[x + 1 : x + 1 + w].rstrip())
        x += w + 1
    return out


def drawn(table: RecordTable, y: int) -> str:
    return table.render_line(y).text


async def open_section(pilot: Pilot[Any], key: str) -> RecordTable:
    await pilot.press(key)
    await settle(pilot)
    tables = [t for t in pilot.app.screen.query(RecordTable) if t.region.width]
    assert len(tables) == 1, key
    return tables[0]


def generate_deployments(services: Services) -> None:
    deployments = Deployments(services.store)
    for key in ("competitive-intelligence-lead", "risk-officer", "board-secretary"):
        last = deployments.generate(key, "someone-else")
    deployments.approve(last.id, "reviewer")


@pytest.mark.parametrize("key", SECTIONS)
async def test_lists_show_whole_labels_and_values_at_120x40(
    app: Any, services: Services, key: str
) -> None:
    generate_deployments(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = await open_section(pilot, key)
        assert table.rows, key
        header = drawn(table, 0)
        assert "…" not in header, header
        titles = cells_of(table, header)
        for column, title in zip(table.columns, titles, strict=True):
            assert title.split(" ▲")[0].split(" ▼")[0] == column.title, header
        shown = min(len(table.rows), table.scrollable_content_region.height - 1)
        for index in range(shown):
            row = table.rows[index]
            line = drawn(table, index + 1 - int(table.scroll_offset.y))
            cells = cells_of(table, line)
            for column, value, cell in zip(table.columns, row.cells, cells, strict=True):
                if column.key in FREE_TEXT:
                    continue
                limit = SHORT_ENOUGH.get(column.key)
                if limit is not None and cell_len(value) > limit:
                    continue
                assert cell == value, (column.key, value, line)


async def test_a_sorted_column_keeps_its_label_whole(app: Any) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = await open_section(pilot, "2")
        for column in table.columns:
            table.set_sort(column.key, True)
            assert f"{column.title} ▼" in drawn(table, 0), column.key


async def test_task_names_and_agents_whole_at_120x40(app: Any) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        graph = pilot.app.screen.query_one(DepGraph)
        text = "\n".join(line.text.plain for line in graph._lines)
        assert "…" not in text.split("▶")[-1], text
        assert "Investor Relations Lead" in text


async def test_lists_at_80x24_fit_the_screen(app: Any, services: Services) -> None:
    generate_deployments(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in SECTIONS:
            table = await open_section(pilot, key)
            width = table.scrollable_content_region.width
            widths = table._widths(width)
            assert sum(widths) + len(widths) <= width, key
            # the key column is abbreviated last: it keeps at least its declared width
            first = [c.keep for c in table.columns].index(True)
            assert widths[first] >= table.columns[first].width, key


def test_widest_column_gives_first() -> None:
    columns = [
        Column("key", "KEY", 10, grow=1, keep=True),
        Column("text", "DESCRIPTION", 10, grow=3),
        Column("status", "STATUS", 8),
    ]
    # everything fits: the spare room goes to the growing columns (leftovers to the first)
    assert fit_widths(columns, [20, 30, 6], 100) == [20 + 9 + 1, 30 + 29, 8]
    # a value longer than the cap is given room before the growing columns are
    assert fit_widths(columns, [20, 70, 6], 100) == [20, 69, 8]
    widths = fit_widths(columns, [20, 90, 6], 60)
    assert sum(widths) + 3 == 60
    assert widths[0] == 20  # the key is whole
    assert widths[2] == 8  # the status label is whole
    # narrower than the labels: the declared widths, then the growing columns shrink
    narrow = fit_widths(columns, [20, 90, 6], 24)
    assert sum(narrow) + 3 <= 24
    assert narrow[2] == 8
