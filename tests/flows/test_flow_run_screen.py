"""The flow editor's ctrl+r opens the Run screen over the flow; driven by Pilot, the demo
flow runs against the stand-in under the newest crewai, methods shown as they go."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from crewtui.settings import Settings
from crewtui.ui.app import make_app
from crewtui.ui.screens.flow_editor import FlowEditorScreen
from crewtui.ui.screens.flow_run import FlowRunScreen

from ..runs.conftest import crewai_python, run_db, run_env  # noqa: F401
from ..standin.conftest import standin  # noqa: F401
from ..standin.server import StandIn

pytestmark = [pytest.mark.crewai, pytest.mark.slow]


async def test_editor_runs_the_flow(
    run_db: str,  # noqa: F811
    standin: StandIn,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    python = str(crewai_python("latest"))
    for k, v in run_env(standin, tmp_path).items():
        if k != "PATH":
            monkeypatch.setenv(k, v)
    monkeypatch.setenv("CREWTUI_CREWAI_PYTHON", python)
    monkeypatch.setenv("CREWTUI_DATA_DIR", str(tmp_path / "data"))
    app = make_app(Settings(database_url=run_db, deterministic=True, user="ui-user"))
    async with app.run_test(size=(150, 50)) as pilot:
        await app.push_screen(FlowEditorScreen("venture-to-board"))
        await pilot.pause(0.5)
        await pilot.press("ctrl+r")
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, FlowRunScreen)
        for _ in range(100):
            await pilot.pause(0.05)
            if screen.query("#run-form Input"):
                break
        assert screen.query_one("#input-topic", Input).value == "AI agent orchestration"
        screen.query_one("#input-min_brief_chars", Input).value = "5"
        await pilot.press("ctrl+r")
        deadline = time.monotonic() + 300
        text = ""
        while time.monotonic() < deadline:
            await pilot.pause(0.2)
            text = str(screen.query_one("#run-status", Static).render())
            if text.startswith(("succeeded", "failed", "interrupted")):
                break
        assert text.startswith("succeeded"), text
        table = screen.query_one("#run-tasks", DataTable)
        states = {
            m: table.get_cell(f"method {m}", "state") for m in ("research", "decide", "brief_board")
        }
        assert states == {"research": "done", "decide": "done", "brief_board": "done"}
        assert "method shelved" not in table.rows
        for _ in range(50):
            await pilot.pause(0.1)
            if screen.query_one("#run-history", DataTable).row_count:
                break
        assert screen.query_one("#run-history", DataTable).row_count >= 1
