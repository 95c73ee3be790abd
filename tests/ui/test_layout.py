"""What a 120x40 terminal shows: labels and values whole, dropdown entries on one line,
switches saying on or off in words."""

from __future__ import annotations

import html
import re
from typing import Any

from textual.app import App

from crewtui.ui.forms.record_form import RecordForm
from crewtui.ui.screens.crews_builder import CrewBuilder

from .conftest import settle

CREW = "venture-research"


def screen_lines(app: App[Any]) -> list[str]:
    """The terminal's text, line by line (from the SVG screenshot)."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for m in re.finditer(r'<text[^>]*?x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(m.group(2)), []).append(
            (float(m.group(1)), html.unescape(m.group(3)))
        )
    out = []
    for y in sorted(rows):
        line = ""
        for x, text in sorted(rows[y]):
            line = line.ljust(round(x / 12.2)) + text.replace("\xa0", " ")
        out.append(line)
    return out


async def open_builder(pilot: Any) -> CrewBuilder:
    await settle(pilot)
    pilot.app.goto("crews", CREW)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CrewBuilder)
    return screen


async def test_the_crew_builder_cuts_no_label_or_value_at_120x40(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_builder(pilot)
        lines = screen_lines(pilot.app)
        text = "\n".join(lines)
        assert "Function-calling" in text
        cut = [line for line in lines if re.search(r"\w…", line)]
        assert cut == [], cut


async def test_switches_say_on_or_off(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_builder(pilot)
        lines = screen_lines(pilot.app)
        cache = next(line for line in lines if "Cache" in line)
        verbose = next(line for line in lines if "Verbose" in line)
        assert re.search(r"Cache\s+on\b", cache), cache
        assert re.search(r"Verbose\s+off\b", verbose), verbose


async def test_dropdown_entries_do_not_wrap(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_builder(pilot)
        screen.query_one(RecordForm).focus_field("process_type")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        text = "\n".join(screen_lines(pilot.app))
        assert "consensual (not runnable by crewai)" in text
