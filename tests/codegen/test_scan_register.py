"""Registering scan results: the database wins, --update, a deployment per agent, dry runs."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from crewtui.db.models import AgentRow, DeploymentRow
from crewtui.db.repos import to_record
from crewtui.domain.deployment import Deployment
from crewtui.services import Services, Store
from crewtui.services.deployments import user_id
from crewtui.services.scan import scan_and_register

from .conftest import MARKER, basic_values

REGISTERABLE = {
    "aliased-writer",
    "board-secretary",
    "competitive-intel",
    "duplicate-analyst",
    "module-attribute-editor",
    "nested-planner",
    "pain-point-researcher",
    "researcher",
    "risk-officer",
    "senior-market-analyst",
    "short-module-reviewer",
    "strategic-fit-assessor",
    "writer",
    "build-chief-economist",
}


def _count(store: Store, table: type) -> int:
    with store.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(table)) or 0)


def test_register_corpus(corpus: Path, store: Store, services: Services) -> None:
    MARKER.unlink(missing_ok=True)
    report = scan_and_register(store, corpus, user="scanner")
    assert not MARKER.exists()
    assert set(report.registered) == REGISTERABLE
    skipped = dict(report.skipped)
    assert set(skipped) == {"runtime-agent", "lost-agent"}
    assert "goal" in skipped["runtime-agent"]
    assert any("broken_syntax" in p for p in report.problems)
    assert report.unresolved["senior-market-analyst"]["llm_model"].startswith("parameter 'llm'")

    sma = services.get_agent("senior-market-analyst")
    assert (
        sma.tools == ["SerperDevTool", "ScrapeWebsiteTool"]
        and sma.max_iter == 12
        and not sma.allow_delegation
    )
    assert sma.name == "Senior Market Analyst"
    assert services.get_agent("competitive-intel").date_format == "%d %B %Y"

    assert _count(store, DeploymentRow) == len(REGISTERABLE)
    with store.uow() as uow:
        deps = [to_record(Deployment, r) for r in uow.session.scalars(select(DeploymentRow))]
    assert {d.agent_key for d in deps} == REGISTERABLE
    assert all(
        d.deployment_status == "review_required" and d.generated_by == user_id("scanner")
        for d in deps
    )
    assert all(
        d.review_comments and d.review_comments.startswith("Registered by scan from ") for d in deps
    )
    assert {str(d.id) for d in deps} == set(report.deployments.values())


def test_database_wins_unless_update(
    corpus: Path, store: Store, services: Services, tmp_path: Path
) -> None:
    services.create_agent(basic_values("risk-officer", role="Our Risk Officer", max_iter=3))
    report = scan_and_register(store, corpus / "board", user="scanner")
    assert report.registered == ["board-secretary"]
    assert dict(report.skipped)["risk-officer"].startswith("already in the database")
    kept = services.get_agent("risk-officer")
    assert (kept.role, kept.max_iter, kept.version) == ("Our Risk Officer", 3, 1)

    report = scan_and_register(store, corpus / "board", user="scanner", update=True)
    assert sorted(report.updated) == ["board-secretary", "risk-officer"] and report.registered == []
    updated = services.get_agent("risk-officer")
    assert (updated.role, updated.max_iter, updated.verbose) == ("Risk Officer", 8, True)
    assert updated.name == "Risk-Officer"  # not stated by the source: left as it was
    assert _count(store, DeploymentRow) == 3  # board-secretary registered, then both updated


def test_dry_run_writes_nothing(corpus: Path, store: Store) -> None:
    report = scan_and_register(store, corpus, user="scanner", dry_run=True)
    assert report.dry_run and set(report.registered) == REGISTERABLE
    assert _count(store, AgentRow) == 0 and _count(store, DeploymentRow) == 0


def test_invalid_values_are_skipped_with_the_field(store: Store, tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text(
        "from crewai import Agent\n"
        "bad_iter = Agent(role='r', goal='g', backstory='b', max_iter=-3)\n"
        "good = Agent(role='r', goal='g', backstory='b')\n"
    )
    report = scan_and_register(store, tmp_path, user="scanner")
    assert report.registered == ["good"]
    [(key, why)] = report.skipped
    assert key == "bad-iter" and "max_iter" in why and "bad.py:2" in why
