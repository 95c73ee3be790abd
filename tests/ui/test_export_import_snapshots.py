"""How the export modal (a crew with lint warnings) and the import dry run look at 80x24 and
120x40. Regenerate with ``--snapshot-update`` after a deliberate change, and look at them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from crewtui.services import Services
from crewtui.services.importer import import_project

from .conftest import settle
from .crewai_project import AGENTS, write_project

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def _crews(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)


async def export_venture_research(pilot: Pilot[Any]) -> None:
    await _crews(pilot)
    while pilot.app.screen.query_one("#crews-table").current.key != "venture-research":  # type: ignore[attr-defined]
        await pilot.press("down")
    await pilot.press("e")
    await settle(pilot)


async def import_dry_run(pilot: Pilot[Any]) -> None:
    await _crews(pilot)
    await pilot.press("i")
    await settle(pilot)
    pilot.app.screen.query_one("#import-path", Input).value = "proj"
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_export_modal_with_lint_warnings(
    snap_compare: Any, app: Any, size: tuple[int, int]
) -> None:
    assert snap_compare(app, terminal_size=size, run_before=export_venture_research)


@pytest.mark.parametrize("size", SIZES)
def test_import_dry_run(
    snap_compare: Any, app: Any, services: Services, demo_url: str, size: tuple[int, int]
) -> None:
    # stored once, then changed on disk: the view shows an update (old → new) beside unchanged
    # objects; the demo_url fixture runs the test in its own folder, so "proj" is relative
    project = write_project(Path("proj"))
    import_project(services, project, dry_run=False)
    write_project(
        project, agents=AGENTS.replace("Write a one-page brief", "Write a two-page brief")
    )
    assert snap_compare(app, terminal_size=size, run_before=import_dry_run)
