"""The Run screen driven by Pilot: a live run against the stand-in, cancel, history and
compare; keystrokes stay quick while events stream."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input, Static

from crewtui.settings import Settings
from crewtui.ui.app import make_app
from crewtui.ui.screens.run import RunScreen

from ..standin.server import StandIn
from .conftest import crewai_python, run_env

pytestmark = [pytest.mark.crewai, pytest.mark.slow]


@pytest.fixture
def ui_env(standin: StandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    python = str(crewai_python("1.3.0"))  # before HOME moves
    for k, v in run_env(standin, tmp_path).items():
        if k != "PATH":
            monkeypatch.setenv(k, v)
    monkeypatch.setenv("CREWTUI_CREWAI_PYTHON", python)
    monkeypatch.setenv("CREWTUI_DATA_DIR", str(tmp_path / "data"))


async def _until(pilot: Any, screen: RunScreen, words: tuple[str, ...], limit: float = 300) -> str:
    deadline = time.monotonic() + limit
    latencies: list[float] = []
    while time.monotonic() < deadline:
        start = time.monotonic()
        await pilot.press("down")  # a keystroke while events stream
        latencies.append(time.monotonic() - start)
        text = str(screen.query_one("#run-status", Static).render())
        if any(w in text for w in words):
            screen.latencies = latencies  # type: ignore[attr-defined]
            return text
        await pilot.pause(0.2)
    raise AssertionError(f"no {words} in time: {text}")


async def test_run_screen_runs_cancels_and_compares(run_db: str, ui_env: None) -> None:
    app = make_app(Settings(database_url=run_db, deterministic=True, user="ui-user"))
    async with app.run_test(size=(150, 50)) as pilot:
        screen = RunScreen("quick-check")
        await app.push_screen(screen)
        for _ in range(100):
            await pilot.pause(0.05)
            if screen.query("#run-form Input"):
                break
        field = screen.query_one("#input-subject", Input)
        field.value = "toaster"
        await pilot.press("ctrl+r")
        status = await _until(pilot, screen, ("succeeded", "failed", "interrupted"))
        assert status.startswith("succeeded"), status
        tasks = screen.query_one("#run-tasks", DataTable)
        assert [tasks.get_cell(k, "state") for k in ("wait_first", "use_tool")] == ["done", "done"]
        lat = sorted(screen.latencies)  # type: ignore[attr-defined]
        p95 = lat[int(len(lat) * 0.95) - 1] if len(lat) > 1 else lat[0]
        print(f"keystroke p95 during a run: {p95 * 1000:.0f} ms over {len(lat)} keys")
        assert p95 < 0.5

        # cancel a second run once its first task runs
        await pilot.press("ctrl+r")
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            await pilot.pause(0.2)
            if screen.query_one("#run-tasks", DataTable).row_count and "running" in str(
                screen.query_one("#run-status", Static).render()
            ):
                break
        await pilot.press("c")
        assert (await _until(pilot, screen, ("cancelled",))).startswith("cancelled")

        history = screen.query_one("#run-history", DataTable)
        for _ in range(100):
            await pilot.pause(0.05)
            if history.row_count >= 2:
                break
        assert history.row_count >= 2
        statuses = {history.get_cell_at(Coordinate(r, 1)) for r in range(history.row_count)}
        assert {"succeeded", "cancelled"} <= statuses
        history.focus()
        history.move_cursor(row=0)
        await pilot.press("m")
        history.move_cursor(row=1)
        await pilot.press("x")
        for _ in range(100):
            await pilot.pause(0.05)
        assert screen.query_one("#run-output").source.startswith("# Run ")  # type: ignore[attr-defined]
