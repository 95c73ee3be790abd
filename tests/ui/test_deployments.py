"""The deployments section: code, diff, and the review / deploy / rollback actions."""

from __future__ import annotations

from pathlib import Path

from rich.syntax import Syntax
from textual.widgets import Static

from crewtui.services import Services
from crewtui.services.deployments import Deployments
from crewtui.settings import Settings
from crewtui.ui.app import make_app
from crewtui.ui.modals import ConfirmModal
from crewtui.ui.screens.deployments import DeploymentsSection

from .conftest import settle

KEY = "risk-officer"


async def _open(pilot, key: str = KEY) -> DeploymentsSection:
    await settle(pilot)
    pilot.app.goto("deployments", KEY)
    await settle(pilot)
    section = pilot.app.screen.query_one(DeploymentsSection)
    section.table.focus()
    await settle(pilot)
    return section


def _app(url: str, deploy_dir: Path, reviewers: tuple[str, ...] = ()):
    return make_app(
        Settings(
            database_url=url,
            deterministic=True,
            user="tester",
            deploy_dir=deploy_dir,
            reviewers=reviewers,
        )
    )


async def test_review_deploy_and_roll_back(
    demo_url: str, services: Services, tmp_path: Path
) -> None:
    svc = Deployments(services.store)
    first = svc.generate(KEY, "someone-else")
    async with _app(demo_url, tmp_path / "out").run_test(size=(140, 40)) as pilot:
        section = await _open(pilot)
        assert [r.key for r in section.table.rows] == [str(first.id)]
        code = section.query_one("#deployments-code", Static)
        assert isinstance(code.content, Syntax) and "class RiskOfficer:" in code.content.code

        await pilot.press("a")
        await settle(pilot)
        assert svc.get(first.id).deployment_status == "approved"
        assert svc.get(first.id).reviewer_id is not None

        await pilot.press("D")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("enter")
        await settle(pilot)
        deployed = svc.get(first.id)
        assert deployed.deployment_status == "deployed" and deployed.is_active
        assert (tmp_path / "out" / "risk_officer.py").read_text() == deployed.generated_code

        # a second version, generated here by the app's user: the app refuses to approve it
        await pilot.press("n")
        await settle(pilot)
        second = next(d for d in svc.list(KEY) if d.id != first.id)
        assert second.deployment_status == "review_required"
        section.table.focus()
        await pilot.press("end")
        await settle(pilot)
        assert section.current() is not None and section.current().id == second.id
        await pilot.press("a")
        await settle(pilot)
        assert svc.get(second.id).deployment_status == "review_required"

        # another reviewer approves it behind the app; the app deploys, then rolls back
        svc.approve(second.id, "reviewer-2")
        section.refresh_data()
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert svc.get(second.id).is_active and not svc.get(first.id).is_active

        await pilot.press("b")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("tab", "enter")  # the danger dialog starts on Cancel
        await settle(pilot)
        assert svc.get(first.id).is_active
        assert svc.get(second.id).deployment_status == "rolled_back"


async def test_diff_between_two_versions(demo_url: str, services: Services, tmp_path: Path) -> None:
    svc = Deployments(services.store)
    svc.generate(KEY, "someone-else")
    services.update_agent(KEY, {"goal": "A very different goal"})
    svc.generate(KEY, "someone-else")
    async with _app(demo_url, tmp_path).run_test(size=(140, 40)) as pilot:
        section = await _open(pilot)
        await pilot.press("home", "m", "down", "f")
        await settle(pilot)
        code = section.query_one("#deployments-code", Static).content
        assert isinstance(code, Syntax) and code.lexer is not None
        assert "+    goal = 'A very different goal'" in code.code
        assert code.code.count("\n-    goal = ") == 1
