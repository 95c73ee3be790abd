"""How the task dependency view looks at 80x24 and 120x40, clean and with problems.

Regenerate with ``--snapshot-update`` after a deliberate change, and look at the pictures.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from crewtui.services import Services

from .conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def open_tasks(crew: str, *keys: str) -> Any:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        pilot.app.goto("tasks", crew)  # type: ignore[attr-defined]
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


@pytest.mark.parametrize("size", SIZES)
def test_dependency_view(snap_compare: Any, app: Any, size: tuple[int, int]) -> None:
    assert snap_compare(
        app, terminal_size=size, run_before=open_tasks("venture-research", "down", "down")
    )


@pytest.mark.parametrize("size", SIZES)
def test_dependency_view_with_problems(
    snap_compare: Any, app: Any, services: Services, size: tuple[int, int]
) -> None:
    services.set_context("venture-research", "pain_points", ["competitor_scan"])
    services.update_task(
        "venture-research", "investment_brief", {"async_execution": True, "agent": None}
    )
    assert snap_compare(app, terminal_size=size, run_before=open_tasks("venture-research", "down"))


def test_dependency_view_of_many_tasks_scrolls(
    snap_compare: Any, app: Any, services: Services
) -> None:
    previous = "investment_brief"
    for i in range(1, 18):
        name = f"follow_up_{i:02d}"
        services.create_task(
            "venture-research",
            {
                "name": name,
                "agent": "executive-summarizer",
                "context": [previous],
                "async_execution": i % 5 == 0,
            },
        )
        previous = name
    assert len(services.list_tasks("venture-research")) == 22
    assert snap_compare(
        app, terminal_size=(80, 24), run_before=open_tasks("venture-research", "end", "up")
    )
