"""The history screen, driven through the real app: open it from an editor with ``h``, see
who changed what through which path, diff, restore, undo."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import DataTable, Static

from crewtui.domain.agent import Agent
from crewtui.services import Services
from crewtui.ui.modals import ConfirmModal
from crewtui.ui.screens.history import HistoryScreen

from ..ui.conftest import (  # noqa: F401  (the UI tests' fixtures)
    _demo_template,
    _private_data_dir,
    app,
    demo_url,
    services,
    settle,
)
from ..ui.test_agent_flows import KEY, open_editor


async def test_h_opens_the_history_with_a_diff_and_restore(app, services: Services) -> None:  # noqa: F811
    services.update_agent(KEY, {"temperature": Decimal("0.2")})
    services.update_agent(KEY, {"max_iter": 3})
    async with app.run_test(size=(120, 34)) as pilot:
        editor = await open_editor(pilot)
        await pilot.press("alt+h")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#history-table", DataTable)
        assert table.row_count == 3  # created by the demo, two edits
        rows = [table.get_row_at(i) for i in range(3)]
        assert [r[4] for r in rows] == ["update", "update", "create"]
        assert rows[0][3] == "api" and rows[0][5] == "max_iter"
        await pilot.press("down")
        await settle(pilot)
        diff = str(screen.query_one("#history-diff", Static).render())
        assert "max_iter" in diff and "current" in diff
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.click("#confirm")
        await settle(pilot)
        assert table.row_count == 4
        assert table.get_row_at(0)[3] == "restore"
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is editor
        assert isinstance(editor.record, Agent) and editor.record.max_iter == 25
    assert services.get_agent(KEY).max_iter == 25


async def test_undo_the_last_save_from_the_editor(app, services: Services) -> None:  # noqa: F811
    async with app.run_test(size=(120, 34)) as pilot:
        editor = await open_editor(pilot)
        assert editor.form is not None
        editor.form.focus_field("max_iter")
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k", "7", "ctrl+s")
        await settle(pilot)
        assert services.get_agent(KEY).max_iter == 7
        await pilot.press("alt+z")
        await settle(pilot)
        await pilot.click("#confirm")
        await settle(pilot)
        assert isinstance(editor.record, Agent) and editor.record.max_iter == 25
    agent = services.get_agent(KEY)
    assert agent.max_iter == 25
    assert services.record_history("agent", KEY).revisions[0].via == "restore"


async def test_release_from_the_crew_builder_and_diff(app, services: Services) -> None:  # noqa: F811
    from textual.widgets import Input

    from crewtui.ui.screens.history_release import ReleasesModal

    from ..ui.test_crews_builder import CREW, open_builder

    async with app.run_test(size=(120, 40)) as pilot:
        await open_builder(pilot)
        await pilot.press("alt+r")
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, ReleasesModal)
        modal.query_one("#release-name", Input).value = "v1"
        await pilot.press("enter")
        await settle(pilot)
        assert [r.name for r in services.list_releases(CREW)] == ["v1"]
        services.update_agent("senior-market-analyst", {"max_iter": 3})
        modal.query_one("#release-list", DataTable).focus()
        modal.diff("v1")
        await settle(pilot)
        text = str(modal.query_one("#release-diff", Static).render())
        assert "senior-market-analyst" in text and "max_iter" in text


async def test_clone_a_crew_from_its_builder(app, services: Services) -> None:  # noqa: F811
    from textual.widgets import Checkbox, Input

    from crewtui.ui.screens.history_clone import CloneModal

    from ..ui.test_crews_builder import CREW, open_builder

    async with app.run_test(size=(120, 40)) as pilot:
        await open_builder(pilot)
        await pilot.press("alt+c")
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, CloneModal)
        modal.query_one("#clone-new", Input).value = "venture-copy"
        modal.query_one("#clone-copy", Checkbox).value = True
        modal.query_one("#clone-suffix", Input).value = "-b"
        await pilot.click("#clone-ok")
        await settle(pilot)
    copy = services.get_crew("venture-copy")
    assert [m.agent_key for m in copy.members] == [
        m.agent_key + "-b" for m in services.get_crew(CREW).members
    ]
    assert len(services.list_tasks("venture-copy")) == len(services.list_tasks(CREW))
