"""Review rules: status order, nobody approves their own code, the reviewers list, versions."""

from __future__ import annotations

from pathlib import Path

import pytest

from crewtui.domain.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from crewtui.interop.codegen import builtin_template, user_template
from crewtui.services import Services, Store
from crewtui.services.deployments import Deployments, user_id

from .conftest import basic_values


def test_generate_stores_review_required_with_validation(
    services: Services, deployments: Deployments
) -> None:
    services.create_agent(basic_values("writer"))
    dep = deployments.generate("writer", "alice")
    assert dep.deployment_status == "review_required" and dep.review_status == "pending"
    assert dep.ast_validation_passed and dep.security_scan_passed
    assert dep.ast_validation_errors is None and dep.security_issues is None
    assert (
        dep.generated_by == user_id("alice") and deployments.user_name(dep.generated_by) == "alice"
    )
    assert dep.template_version == "v1.0.0" and not dep.is_active
    assert "class Writer:" in dep.generated_code
    assert dep.version == 2  # stored pending, then moved on in the same transaction


def test_nobody_approves_their_own_code(services: Services, deployments: Deployments) -> None:
    services.create_agent(basic_values("writer"))
    dep = deployments.generate("writer", "alice")
    with pytest.raises(PermissionDenied):
        deployments.approve(dep.id, "alice")
    with pytest.raises(PermissionDenied):
        deployments.approve(dep.id, " Alice ")  # the same person however it is typed
    assert deployments.get(dep.id).deployment_status == "review_required"
    approved = deployments.approve(str(dep.id)[:8], "bob", comment="looks right")
    assert approved.deployment_status == "approved" and approved.review_status == "approved"
    assert approved.reviewer_id == user_id("bob") and approved.review_comments == "looks right"
    assert approved.reviewed_at is not None


def test_reviewers_list_limits_who_approves(store: Store, services: Services) -> None:
    services.create_agent(basic_values("writer"))
    svc = Deployments(store, reviewers=["carol", "dave"])
    dep = svc.generate("writer", "alice")
    with pytest.raises(PermissionDenied, match="not a reviewer"):
        svc.approve(dep.id, "bob")
    mine = svc.generate("writer", "carol")
    with pytest.raises(PermissionDenied):
        svc.approve(mine.id, "carol")  # a reviewer still cannot approve their own code
    assert svc.approve(dep.id, "carol").deployment_status == "approved"
    assert svc.user_name(user_id("dave")) == "dave"


def test_failed_code_is_never_approvable(store: Store, services: Services, tmp_path: Path) -> None:
    services.create_agent(basic_values("writer"))
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "agent.py.j2").write_text(
        builtin_template().source().replace("import crewai\n", "import crewai\nimport os\n", 1)
    )
    svc = Deployments(store)
    dep = svc.generate("writer", "alice", template=user_template(tpl))
    assert (
        dep.deployment_status == "failed"
        and not dep.security_scan_passed
        and dep.ast_validation_passed
    )
    assert dep.security_issues and dep.security_issues[0]["rule"] == "import"
    for user in ("bob", "carol"):
        with pytest.raises(ValidationFailed):
            svc.approve(dep.id, user)
    with pytest.raises(ValidationFailed):
        svc.deploy(dep.id, "bob", deploy_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_syntax_error_is_stored_as_failed(store: Store, services: Services, tmp_path: Path) -> None:
    services.create_agent(basic_values("writer"))
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "agent.py.j2").write_text("def broken(:\n")
    dep = Deployments(store).generate("writer", "alice", template=user_template(tpl))
    assert dep.deployment_status == "failed" and not dep.ast_validation_passed
    assert dep.ast_validation_errors and dep.ast_validation_errors[0]["line"] == 1


def test_reject_fails_the_deployment(services: Services, deployments: Deployments) -> None:
    services.create_agent(basic_values("writer"))
    dep = deployments.generate("writer", "alice")
    rejected = deployments.reject(dep.id, "bob", comment="no")
    assert rejected.review_status == "rejected" and rejected.deployment_status == "failed"
    with pytest.raises(ValidationFailed):
        deployments.approve(dep.id, "carol")


def test_stale_version_is_a_conflict(services: Services, deployments: Deployments) -> None:
    services.create_agent(basic_values("writer"))
    dep = deployments.generate("writer", "alice")
    with pytest.raises(Conflict):
        deployments.approve(dep.id, "bob", expected_version=dep.version - 1)
    assert (
        deployments.approve(dep.id, "bob", expected_version=dep.version).version == dep.version + 1
    )


def test_unknown_ids_and_agents(services: Services, deployments: Deployments) -> None:
    with pytest.raises(NotFound):
        deployments.generate("nobody", "alice")
    with pytest.raises(NotFound):
        deployments.get("00000000-0000-0000-0000-000000000000")
    with pytest.raises(NotFound):
        deployments.get("abc")
