"""Opening an editor styles its nodes about once: counted, not timed.

Textual restyles a node and its whole subtree whenever a class of the node changes, and a
whole screen when it is pushed; the counts here keep those passes from coming back (the
agent editor applied the stylesheet about three times per node when it opened).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets._footer import FooterKey

from crewtui.ui.screens.agent_editor import AgentEditorScreen
from crewtui.ui.screens.tasks_editor import TaskEditor

from .conftest import settle
from .test_agent_flows import open_editor
from .test_tasks_flows import open_tasks


def count_applies(stylesheet: Stylesheet) -> Callable[[], int]:
    """Count the nodes the stylesheet is applied to from now on (not its inner calls for
    component classes)."""
    applied = [0]
    depth = [0]
    apply = stylesheet.apply

    def counting(node: DOMNode, *args: Any, **kwargs: Any) -> None:
        if depth[0] == 0:
            applied[0] += 1
        depth[0] += 1
        try:
            apply(node, *args, **kwargs)
        finally:
            depth[0] -= 1

    stylesheet.apply = counting  # type: ignore[method-assign]
    return lambda: applied[0]


async def test_opening_the_agent_editor_styles_each_node_about_once(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_editor(pilot)  # the first opening brings the editor's widgets' stylesheets
        await pilot.press("escape")
        await settle(pilot)
        applied = count_applies(app.stylesheet)
        await pilot.press("enter")  # the list's cursor is still on the agent
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, AgentEditorScreen)
        nodes = len(list(screen.walk_children(with_self=True)))
        # mounting styles each node once; the focus and Textual's own widgets (the choices'
        # "has value", the inputs' validity) add about 35: it was about 5 times the nodes
        assert applied() <= nodes + 40, (applied(), nodes)


def node_count(screen: Screen[Any]) -> int:
    return len(list(screen.walk_children(with_self=True)))


async def test_opening_the_task_editor_styles_each_node_about_once(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tasks(pilot)
        await pilot.press("enter")  # the first opening brings the editor's widgets' stylesheets
        await settle(pilot)
        assert isinstance(pilot.app.screen, TaskEditor)
        await pilot.press("escape")
        await settle(pilot)
        applied = count_applies(app.stylesheet)
        await pilot.press("enter")  # the graph's cursor is still on the task
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, TaskEditor)
        nodes = node_count(screen)
        # about 100 for about 70 nodes; restyling the screen once more adds as many as it has
        assert applied() <= nodes + 40, (applied(), nodes)


async def test_switching_an_editor_section_styles_only_what_it_shows(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_editor(pilot)
        applied = count_applies(app.stylesheet)
        # the first visit of each section builds its fields: each new node styled about once,
        # plus the rows' and the sections list's marks (at most about 20 here)
        for _ in screen.groups:
            before, nodes = applied(), node_count(screen)
            await pilot.press("alt+down")
            await settle(pilot)
            added = node_count(screen) - nodes
            assert applied() - before <= added + 30, (screen.group, applied() - before, added)
        # built once: showing a section again restyles a handful of nodes, not the form
        assert node_count(screen) > 200
        for _ in screen.groups:
            before = applied()
            await pilot.press("alt+down")
            await settle(pilot)
            assert applied() - before <= 20, (screen.group, applied() - before)


async def test_moving_the_focus_keeps_the_footer_keys(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_editor(pilot)
        keys = list(screen.query(FooterKey))
        assert [k.description for k in keys][:2] == ["Back", "Save"]
        await pilot.press("tab", "tab", "tab")
        await settle(pilot)
        assert screen.focused is not None and screen.focused.id != "field-agent_key"
        # the same keys are shown, so they are the same widgets: nothing was rebuilt
        assert list(screen.query(FooterKey)) == keys
