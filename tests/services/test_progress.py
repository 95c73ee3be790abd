"""Each orchestration reports its steps, in order, through the one progress callback type."""

from __future__ import annotations

from pathlib import Path

import pytest

from crewtui.domain.errors import CrewtuiError
from crewtui.services import Services
from crewtui.services.demo import load_demo
from crewtui.services.deployments import Deployments
from crewtui.services.importer import import_project
from crewtui.services.interop import LintFailed, export_crew
from crewtui.services.progress import Step


def test_export_then_import_report_their_steps(services: Services, tmp_path: Path) -> None:
    load_demo(services)
    crew = services.list_crews()[0].crew_name
    seen: list[Step] = []
    result = export_crew(services, crew, tmp_path / "out", progress=seen.append)
    assert result.files
    assert [(s.name, s.index, s.total) for s in seen] == [
        ("lint", 1, 3),
        ("render", 2, 3),
        ("write", 3, 3),
    ]
    assert [s.fraction_done for s in seen] == [0.0, 1 / 3, 2 / 3]

    seen.clear()
    import_project(services, tmp_path / "out", dry_run=True, progress=seen.append)
    assert [s.name for s in seen] == ["read", "plan"]  # a dry run writes nothing
    seen.clear()
    import_project(
        services.store, tmp_path / "out", dry_run=False, crew_name="copy", progress=seen.append
    )
    assert [s.name for s in seen] == ["read", "plan", "write"]


def test_an_export_stops_at_the_step_that_failed(services: Services, tmp_path: Path) -> None:
    services.create_crew({"crew_name": "empty"})
    seen: list[Step] = []
    with pytest.raises(LintFailed) as exc:
        export_crew(services, "empty", tmp_path / "out", progress=seen.append)
    assert exc.value.issues and [s.name for s in seen] == ["lint"]
    assert not (tmp_path / "out").exists()

    load_demo(services)
    crew = services.list_crews()[0].crew_name
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    seen.clear()
    with pytest.raises(CrewtuiError):
        export_crew(services, crew, blocker, progress=seen.append)
    assert [s.name for s in seen] == ["lint", "render", "write"]


def test_generate_and_deploy_report_their_steps(services: Services, tmp_path: Path) -> None:
    load_demo(services)
    agent = services.list_agents(limit=1)[0].agent_key
    deployments = Deployments(services.store, deploy_dir=tmp_path / "deployed")
    seen: list[Step] = []
    dep = deployments.generate(agent, "author", progress=seen.append)
    assert [s.name for s in seen] == ["read", "generate", "store"]
    assert dep.id is not None
    deployments.approve(dep.id, "reviewer")
    seen.clear()
    deployed = deployments.deploy(dep.id, "reviewer", progress=seen.append)
    assert [s.name for s in seen] == ["check", "write", "commit"]
    assert deployed.is_active and Path(deployed.deployment_path or "").is_file()
