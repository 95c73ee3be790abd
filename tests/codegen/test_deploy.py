"""Deploy and roll back: the file, the git commit, and one active deployment per agent."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from crewtui.db.models import DeploymentRow
from crewtui.domain.deployment import Deployment
from crewtui.domain.errors import Conflict, DatabaseUnavailable, ValidationFailed
from crewtui.services import Services, Store
from crewtui.services.deployments import Deployments

from .conftest import basic_values, git, git_repo


def _approved(svc: Deployments, key: str) -> Deployment:
    dep = svc.generate(key, "alice")
    return svc.approve(dep.id, "bob")


def _actives(store: Store) -> list[tuple[str, str]]:
    with store.uow() as uow:
        rows = uow.session.execute(
            select(DeploymentRow.agent_key, DeploymentRow.id).where(
                DeploymentRow.is_active.is_(True)
            )
        )
        return sorted((k, str(i)) for k, i in rows)


def test_deploy_writes_the_file_and_commits_it(
    services: Services, store: Store, tmp_path: Path
) -> None:
    repo = git_repo(tmp_path / "repo")
    services.create_agent(basic_values("writer"))
    svc = Deployments(store, deploy_dir=repo / "agents")
    dep = svc.deploy(_approved(svc, "writer").id, "carol")
    path = repo / "agents" / "writer.py"
    assert dep.deployment_status == "deployed" and dep.is_active
    assert dep.deployment_path == str(path.resolve())
    assert path.read_text() == dep.generated_code
    assert (
        dep.git_commit_hash == git(repo, "rev-parse", "HEAD")
        and len(dep.git_commit_hash or "") == 40
    )
    assert dep.git_branch == "main"
    assert git(repo, "show", "--format=%an", "-s", "HEAD") == "carol"
    assert git(repo, "status", "--porcelain") == ""
    assert svc.user_name(dep.deployed_by) == "carol"


def test_deploy_outside_git_records_no_commit(
    services: Services, deployments: Deployments, deploy_dir: Path
) -> None:
    services.create_agent(basic_values("writer"))
    dep = deployments.deploy(_approved(deployments, "writer").id, "carol")
    assert (deploy_dir / "writer.py").is_file()
    assert dep.git_commit_hash is None and dep.git_branch is None


def test_only_approved_code_is_deployed(
    services: Services, deployments: Deployments, deploy_dir: Path
) -> None:
    services.create_agent(basic_values("writer"))
    dep = deployments.generate("writer", "alice")
    with pytest.raises(ValidationFailed):
        deployments.deploy(dep.id, "bob")
    assert not deploy_dir.exists()


def test_one_active_deployment_through_deploys_and_rollbacks(
    services: Services, store: Store, tmp_path: Path
) -> None:
    repo = git_repo(tmp_path / "repo")
    for key in ("writer", "editor"):
        services.create_agent(basic_values(key))
    svc = Deployments(store, deploy_dir=repo)
    first = svc.deploy(_approved(svc, "writer").id, "bob")
    services.update_agent("writer", {"goal": "A second goal"})
    second = svc.deploy(_approved(svc, "writer").id, "bob")
    editor = svc.deploy(_approved(svc, "editor").id, "bob")
    assert _actives(store) == sorted([("editor", str(editor.id)), ("writer", str(second.id))])
    old = svc.get(first.id)
    assert (
        not old.is_active and old.replaced_by == second.id and old.deployment_status == "deployed"
    )
    assert "A second goal" in (repo / "writer.py").read_text()

    back = svc.rollback("writer", "bob")
    assert back.id == first.id and back.is_active and back.replaced_by is None
    assert svc.get(second.id).deployment_status == "rolled_back"
    assert _actives(store) == sorted([("editor", str(editor.id)), ("writer", str(first.id))])
    assert (repo / "writer.py").read_text() == first.generated_code
    assert git(repo, "status", "--porcelain") == ""

    with pytest.raises(ValidationFailed, match="no earlier deployment"):
        svc.rollback("writer", "bob")
    third = svc.deploy(_approved(svc, "writer").id, "bob")
    assert _actives(store) == sorted([("editor", str(editor.id)), ("writer", str(third.id))])
    assert svc.get(first.id).replaced_by == third.id
    with pytest.raises(ValidationFailed, match="no earlier deployment"):
        svc.rollback("editor", "bob")
    services.create_agent(basic_values("idle"))
    with pytest.raises(ValidationFailed, match="no active deployment"):
        svc.rollback("idle", "bob")


def test_rollback_skips_versions_marked_not_possible(
    services: Services, store: Store, deploy_dir: Path
) -> None:
    services.create_agent(basic_values("writer"))
    svc = Deployments(store, deploy_dir=deploy_dir)
    first = svc.deploy(_approved(svc, "writer").id, "bob")
    second = svc.deploy(_approved(svc, "writer").id, "bob")
    svc.deploy(_approved(svc, "writer").id, "bob")
    with store.uow() as uow:
        uow.session.execute(
            update(DeploymentRow)
            .where(DeploymentRow.id == second.id)
            .values(rollback_possible=False)
        )
        uow.commit()
    assert svc.rollback("writer", "bob").id == first.id


def test_the_database_refuses_two_active_deployments(
    services: Services, store: Store, deploy_dir: Path
) -> None:
    services.create_agent(basic_values("writer"))
    svc = Deployments(store, deploy_dir=deploy_dir)
    svc.deploy(_approved(svc, "writer").id, "bob")
    other = _approved(svc, "writer")
    with pytest.raises(IntegrityError), store.uow() as uow:
        uow.session.execute(
            update(DeploymentRow).where(DeploymentRow.id == other.id).values(is_active=True)
        )
        uow.commit()


def test_database_failure_leaves_no_file_and_no_commit(
    services: Services, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = git_repo(tmp_path / "repo")
    services.create_agent(basic_values("writer"))
    svc = Deployments(store, deploy_dir=repo)
    first = svc.deploy(_approved(svc, "writer").id, "bob")
    services.update_agent("writer", {"goal": "Changed"})
    dep = _approved(svc, "writer")
    head = git(repo, "rev-parse", "HEAD")

    from crewtui.db.uow import UnitOfWork

    def refuse(self: UnitOfWork) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(UnitOfWork, "commit", refuse)
    with pytest.raises(RuntimeError):
        svc.deploy(dep.id, "bob")
    monkeypatch.undo()
    assert (repo / "writer.py").read_text() == first.generated_code
    assert git(repo, "rev-parse", "HEAD~2") == head  # our commit and its revert: history intact
    assert git(repo, "log", "-1", "--format=%s").startswith("Revert")
    assert git(repo, "diff", head, "HEAD") == ""
    assert svc.get(dep.id).deployment_status == "approved"
    assert _actives(store) == [("writer", str(first.id))]


def test_racing_deploys_leave_one_active(
    db_url: str, services: Services, store: Store, tmp_path: Path
) -> None:
    services.create_agent(basic_values("writer"))
    svc = Deployments(store)
    candidates = [_approved(svc, "writer") for _ in range(4)]
    barrier = threading.Barrier(len(candidates))
    outcomes: dict[str, str] = {}

    def deploy(dep: Deployment, n: int) -> None:
        own_store = Store.open(db_url)
        try:
            barrier.wait()
            Deployments(own_store).deploy(dep.id, "bob", deploy_dir=tmp_path / f"out{n}")
            outcomes[str(dep.id)] = "deployed"
        except (Conflict, DatabaseUnavailable) as exc:
            outcomes[str(dep.id)] = type(exc).__name__
        finally:
            own_store.dispose()

    threads = [threading.Thread(target=deploy, args=(d, n)) for n, d in enumerate(candidates)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == len(candidates), outcomes
    actives = _actives(store)
    assert len(actives) == 1
    assert outcomes[actives[0][1]] == "deployed"
    deployed = [k for k, v in outcomes.items() if v == "deployed"]
    # every deploy that succeeded is either the active one or was replaced by a later one
    for key in deployed:
        d = svc.get(key)
        assert d.is_active or d.replaced_by is not None
    for key, v in outcomes.items():
        if v != "deployed":
            assert svc.get(key).deployment_status == "approved"  # untouched, can be retried
