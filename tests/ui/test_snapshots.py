"""How the main screens look at 80x24 and 120x40.

Run with ``--snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from .conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def steps(*keys: str) -> Any:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


@pytest.mark.parametrize("size", SIZES)
def test_agent_list(snap_compare: Any, app: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=steps("down", "down"))


@pytest.mark.parametrize("size", SIZES)
def test_agent_list_filtered(snap_compare: Any, app: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=steps("slash", *"analyst"))


@pytest.mark.parametrize("size", SIZES)
def test_agent_editor(snap_compare: Any, app: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=steps("enter"))


@pytest.mark.parametrize("size", SIZES)
def test_agent_editor_with_an_error(snap_compare: Any, app: Any, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await steps("enter")(pilot)
        form = pilot.app.screen.form
        form.focus_field("max_iter")
        await settle(pilot)
        await pilot.press("end", "backspace", "backspace", "0")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_agent_wizard(snap_compare: Any, app: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=steps("n"))


def test_help(snap_compare: Any, app: Any) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=steps("question_mark"))


def test_too_small(snap_compare: Any, app: Any) -> None:
    assert snap_compare(app, terminal_size=(50, 12), run_before=steps())
