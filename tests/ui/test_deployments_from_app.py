"""Deployments from anywhere in the app: generate from the agent list or editor, choose the
deploy folder (remembered), and D on code not yet approved says why nothing happens."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from crewtui.services import Services
from crewtui.services.deployments import Deployments
from crewtui.ui.modals import AskText
from crewtui.ui.preferences import Preferences
from crewtui.ui.screens.agent_editor import AgentEditorScreen
from crewtui.ui.screens.agents import AgentsSection
from crewtui.ui.screens.deployments import DeploymentsSection

from .conftest import settle, type_text
from .test_deployments import KEY, _app, _open


async def test_generate_from_the_agent_list_and_editor(
    demo_url: str, services: Services, tmp_path: Path
) -> None:
    svc = Deployments(services.store)
    assert [d for d in svc.list() if d.agent_key == KEY] == []
    async with _app(demo_url, tmp_path / "out").run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        section = pilot.app.screen.query_one(AgentsSection)
        section.table.cursor = section.table.rows.index_of(KEY)  # type: ignore[union-attr]
        await pilot.press("c")
        await settle(pilot)
        deployments = pilot.app.screen.query_one(DeploymentsSection)
        assert deployments.display
        assert len([d for d in svc.list() if d.agent_key == KEY]) == 1
        # from the editor: ctrl+g
        pilot.app.goto("agents", KEY)  # type: ignore[attr-defined]
        await settle(pilot)
        assert isinstance(pilot.app.screen, AgentEditorScreen)
        await pilot.press("ctrl+g")
        await settle(pilot)
    assert len([d for d in svc.list() if d.agent_key == KEY]) == 2


async def test_deploy_on_unapproved_code_says_why(
    demo_url: str, services: Services, tmp_path: Path
) -> None:
    svc = Deployments(services.store)
    svc.generate(KEY, "someone-else")
    async with _app(demo_url, tmp_path / "out").run_test(size=(140, 40)) as pilot:
        await _open(pilot)
        await pilot.press("D")
        await settle(pilot)
        messages = [n.message for n in pilot.app._notifications]
        assert any("only approved code" in m for m in messages), messages


async def test_the_deploy_folder_is_chosen_in_the_app_and_remembered(
    demo_url: str, services: Services, tmp_path: Path
) -> None:
    chosen = tmp_path / "chosen"
    async with _app(demo_url, tmp_path / "out").run_test(size=(140, 40)) as pilot:
        section = await _open(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AskText)
        field = pilot.app.screen.query_one(Input)
        field.value = ""
        await type_text(pilot, str(chosen))
        await pilot.press("enter")
        await settle(pilot)
        assert section.deploy_folder() == chosen
    assert Preferences.load().deploy_folder == str(chosen)


async def test_a_refusal_line_goes_once_an_action_succeeds(
    demo_url: str, services: Services, tmp_path: Path
) -> None:
    svc = Deployments(services.store)
    svc.generate(KEY, "tester")
    app = _app(demo_url, tmp_path / "out", reviewers=("someone-else",))
    async with app.run_test(size=(140, 40)) as pilot:
        section = await _open(pilot)
        await pilot.press("a")  # tester is not a reviewer: refused
        await settle(pilot)
        info = section.query_one("#deployments-info")
        assert "✗" in str(info.render())
        await pilot.press("n")  # generating works
        await settle(pilot)
        assert "✗" not in str(info.render())
