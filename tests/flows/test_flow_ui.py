"""The Flows section and the flow editor, driven by Pilot on the demo database."""

from __future__ import annotations

import json

from textual.widgets import Static, TextArea

from crewtui.services import Services
from crewtui.ui.screens.flow_editor import FlowEditorScreen
from crewtui.ui.screens.flows import FlowsSection
from crewtui.ui.sections import SECTIONS
from crewtui.ui.widgets.flow_graph import FlowGraph
from crewtui.ui.widgets.section_bar import SectionBar
from tests.ui.conftest import settle


async def test_section_bar_fits_80_columns(app) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = pilot.app.screen.query_one(SectionBar)
        assert len(bar.items) == len(SECTIONS) and bar.items[-1] == ("flows", "8 Flows")
        assert bar.spans[-1][1] <= 80
        assert "8 Flows" in bar.render_line(0).text


async def test_flow_list_editor_graph_and_live_problems(app, services: Services) -> None:
    from crewtui.services.flows_runs import finish_execution, method_update, start_execution

    ex = start_execution(services, "venture-to-board", {"topic": "drones"})
    method_update(services, ex.id, "research", "completed")
    finish_execution(services, ex.id, "failed", error="model unreachable")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("8")
        await settle(pilot)
        section = pilot.app.screen.query_one(FlowsSection)
        rows = section.table.rows
        assert [r.key for r in rows] == ["venture-to-board"]
        assert rows[0].cells[-1] == "✓ none"
        await pilot.press("enter")
        await settle(pilot)
        editor = pilot.app.screen
        assert isinstance(editor, FlowEditorScreen)
        graph = editor.query_one(FlowGraph)
        assert graph.lines[0].startswith("▶ research")
        assert any("─[to_board]─▶ brief_board" in ln for ln in graph.lines)
        assert "No problems" in str(editor.query_one("#flow-status", Static).render())
        shown = str(editor.query_one("#flow-executions", Static).render())
        assert "failed" in shown and "research:completed" in shown and "model unreachable" in shown

        # a typo in a trigger: marked at once, in the graph and the status line
        data = json.loads(editor.query_one(TextArea).text)
        data["methods"][2]["listen"] = "to_bord"
        editor.query_one(TextArea).load_text(json.dumps(data, indent=2))
        await settle(pilot)
        assert [p.code for p in editor.problems] == ["unknown_trigger", "unreachable"]
        assert any(ln.startswith("● brief_board ✗") for ln in graph.lines)
        assert "2 error(s)" in str(editor.query_one("#flow-status", Static).render())

        # unreadable text: said, and not saved
        editor.query_one(TextArea).load_text('{"methods": [')
        await settle(pilot)
        assert "Cannot read" in str(editor.query_one("#flow-status", Static).render())
        editor.query_one(TextArea).load_text(json.dumps(data, indent=2))
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert editor.flow is not None and editor.flow.version == 2
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen.query(FlowsSection)
        assert section.table.rows[0].cells[-1] == "✗ 2 error(s)"
    assert [p.code for p in services.check_flow("venture-to-board")] == [
        "unknown_trigger",
        "unreachable",
    ]


async def test_new_flow_through_the_wizard(app, services: Services) -> None:
    from crewtui.ui.screens.record_editor import RecordWizardScreen
    from tests.ui.conftest import type_text

    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("8")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        wizard = pilot.app.screen
        assert isinstance(wizard, RecordWizardScreen)
        assert wizard.form is not None
        wizard.form.focus_field("flow_key")
        await settle(pilot)
        await type_text(pilot, "launch")
        await pilot.press("tab")
        await type_text(pilot, "LaunchFlow")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, RecordWizardScreen)
        section = pilot.app.screen.query_one(FlowsSection)
        row = next(r for r in section.table.rows if r.key == "launch")
        assert row.cells[2] == "0" and "1 error(s)" in row.cells[-1]  # no methods yet
    assert services.get_flow("launch").name == "LaunchFlow"
