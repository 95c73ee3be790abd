"""Opening an editor, switching its section and opening the crew builder or the task editor
show the fields in the first frame of the new screen or section: no empty or "Loading…"
frame in between. Every frame the app sends is recorded as the text of the whole screen
at that moment."""

from __future__ import annotations

import re
from typing import Any

from crewtui.ui.screens.agent_editor import AgentEditorScreen
from crewtui.ui.screens.crews_builder import CrewBuilder
from crewtui.ui.screens.tasks_editor import TaskEditor
from crewtui.ui.widgets.depgraph import DepGraph

from .conftest import settle
from .test_agent_flows import open_editor
from .test_tasks_flows import open_tasks

_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def record_frames(app: Any) -> list[tuple[Any, str]]:
    """From now on, each frame as (its screen, the text of the whole screen when sent)."""
    frames: list[tuple[Any, str]] = []
    display = app._display

    def recording(screen: Any, renderable: Any) -> None:
        if renderable is not None:
            update = screen._compositor.render_update(full=True)
            frames.append((screen, _ESCAPES.sub("\n", update.render_segments(app.console))))
        display(screen, renderable)

    app._display = recording
    return frames


def _of(frames: list[tuple[Any, str]], kind: type) -> list[str]:
    return [text for screen, text in frames if isinstance(screen, kind)]


async def test_opening_the_agent_editor_shows_its_fields_in_the_first_frame(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_editor(pilot)
        await pilot.press("escape")
        await settle(pilot)
        frames = record_frames(app)
        await pilot.press("enter")
        await settle(pilot)
        shown = _of(frames, AgentEditorScreen)
        assert shown, [type(s).__name__ for s, _ in frames]
        for text in shown:
            assert "Loading" not in text
            assert all(label in text for label in ("Role", "Goal", "Backstory")), text
            assert "Account Strategist" in text  # the values, not empty inputs


async def test_switching_a_section_never_shows_an_empty_panel(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_editor(pilot)
        frames = record_frames(app)
        await pilot.press("alt+down")
        await settle(pilot)
        shown = _of(frames, AgentEditorScreen)
        assert shown and "Temperature" in shown[-1]
        for text in shown:  # the old section until the new one is drawn whole
            assert ("Backstory" in text) != ("Temperature" in text), text
            assert "Loading" not in text


async def test_opening_the_crew_builder_shows_its_members_in_the_first_frame(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        frames = record_frames(app)
        pilot.app.goto("crews", "venture-research")  # type: ignore[attr-defined]
        await settle(pilot)
        shown = _of(frames, CrewBuilder)
        assert shown, [type(s).__name__ for s, _ in frames]
        for text in shown:
            assert "Loading" not in text
            assert "venture-research" in text and "Process" in text, text
            assert "senior-market-analyst" in text  # the members
            assert "checking" in text or "errors" in text  # the lint panel says what it is doing


async def test_opening_the_task_editor_shows_its_fields_in_the_first_frame(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        section = await open_tasks(pilot)
        section.query_one(DepGraph).cursor = 2
        frames = record_frames(app)
        await pilot.press("enter")
        await settle(pilot)
        shown = _of(frames, TaskEditor)
        assert shown, [type(s).__name__ for s, _ in frames]
        for text in shown:
            assert "Loading" not in text
            assert "Description" in text and "Expected output" in text, text
            assert "competitor_scan" in text
