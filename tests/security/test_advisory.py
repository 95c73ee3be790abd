"""Without database roles the review is advisory, and the program says so."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from textual.widgets import Static

from crewtui.cli import cli
from crewtui.services import Services, Store
from crewtui.services.deployments import Deployments
from crewtui.settings import Settings
from crewtui.ui.app import make_app
from crewtui.ui.screens.deployments import DeploymentsSection

from ..codegen.conftest import basic_values
from ..ui.conftest import settle


def _generated(url: str) -> str:
    store = Store.open(url)
    try:
        Services(store).create_agent(basic_values("agent"))
        svc = Deployments(store)
        assert not svc.review_enforced()
        return str(svc.generate("agent", "alice").id)
    finally:
        store.dispose()


def test_the_cli_says_the_review_is_advisory(sqlite_db_url: str, tmp_path: Path) -> None:
    dep = _generated(sqlite_db_url)
    runner = CliRunner()
    result = runner.invoke(
        cli, ["--db", sqlite_db_url, "deployments", "approve", dep, "--as", "bob"]
    )
    assert result.exit_code == 0, result.output
    assert "Review is advisory on this database" in result.output
    assert "--as" in result.output


async def test_the_app_says_the_review_is_advisory(sqlite_db_url: str) -> None:
    _generated(sqlite_db_url)
    app = make_app(Settings(database_url=sqlite_db_url, deterministic=True, user="bob"))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        pilot.app.goto("deployments", "agent")  # type: ignore[attr-defined]
        await settle(pilot)
        section = pilot.app.screen.query_one(DeploymentsSection)
        count = str(section.query_one("#deployments-count", Static).content)
        assert "review is advisory (no database roles)" in count
