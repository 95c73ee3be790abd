"""How the crews list and the crew builder look at 80x24 and 120x40.

Regenerate with ``--snapshot-update`` after a deliberate change, and look at the pictures.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from crewtui.services import Services

from .conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def open_crew(crew: str | None, *keys: str) -> Any:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        if crew is None:
            await pilot.press("2")
        else:
            pilot.app.goto("crews", crew)  # type: ignore[attr-defined]
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


@pytest.mark.parametrize("size", SIZES)
def test_crews_list(snap_compare: Any, app: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=open_crew(None))


@pytest.mark.parametrize("size", SIZES)
def test_crew_builder(snap_compare: Any, app: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=open_crew("venture-research"))


@pytest.mark.parametrize("size", SIZES)
def test_crew_builder_hierarchical_without_manager(
    snap_compare: Any, app: Any, services: Services, size: tuple[int, int]
) -> None:
    services.update_crew("venture-research", {"process_type": "hierarchical"})
    assert snap_compare(app, terminal_size=size, run_before=open_crew("venture-research"))
