"""The review rules held by PostgreSQL: SQL typed by two real login roles, as in psql.

alice generates code, bob reviews it. Whatever alice types, she cannot approve her own code,
record a review in bob's name, or deploy or activate code nobody else approved.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import ProgrammingError

from crewtui.db.rls import default_user_id, remove_rls
from crewtui.db.rls_review import review_rules_enforced
from crewtui.domain.errors import PermissionDenied

from .conftest import AGENT_ID, RlsWorld

pytestmark = pytest.mark.postgres

REFUSED = "permission|acting role|cannot approve|approved by someone|pending|validation"


def _sql(engine: Engine, stmt: str, **params: object) -> None:
    with engine.begin() as conn:
        conn.execute(text(stmt), params)


def _uid(world: RlsWorld, who: str) -> uuid.UUID:
    return default_user_id(world.names[who])


def _generated(world: RlsWorld) -> uuid.UUID:
    """alice's code, generated and validated as the program does it (pending, then checked)."""
    dep = uuid.uuid4()
    _sql(
        world.alice,
        "INSERT INTO agent_code_deployments (id, agent_id, agent_key, generated_code,"
        " generated_by, deployment_status, review_status, is_active)"
        " VALUES (:id, :a, 'analyst', 'x = 1', :g, 'pending', 'pending', false)",
        id=dep,
        a=AGENT_ID,
        g=_uid(world, "alice"),
    )
    _sql(
        world.alice,
        "UPDATE agent_code_deployments SET ast_validation_passed = true,"
        " security_scan_passed = true, deployment_status = 'review_required' WHERE id = :id",
        id=dep,
    )
    return dep


def _row(world: RlsWorld, dep: uuid.UUID) -> tuple[object, ...]:
    with world.admin.connect() as conn:
        return tuple(
            conn.execute(
                text(
                    "SELECT review_status, reviewer_id, deployment_status, is_active"
                    " FROM agent_code_deployments WHERE id = :id"
                ),
                {"id": dep},
            ).one()
        )


def _refused(engine: Engine, stmt: str, **params: object) -> str:
    with pytest.raises(ProgrammingError) as info:
        _sql(engine, stmt, **params)
    assert getattr(info.value.orig, "sqlstate", None) == "42501"
    return str(info.value.orig)


def test_the_author_cannot_approve_through_sql(world: RlsWorld) -> None:
    dep = _generated(world)
    before = _row(world, dep)
    bob, alice = _uid(world, "bob"), _uid(world, "alice")
    attacks = [
        # the attack reported: approve in bob's name, then deploy
        "UPDATE agent_code_deployments SET review_status = 'approved', reviewer_id = :bob,"
        " deployment_status = 'approved' WHERE id = :id",
        "UPDATE agent_code_deployments SET review_status = 'approved', reviewer_id = :alice,"
        " deployment_status = 'approved' WHERE id = :id",
        "UPDATE agent_code_deployments SET deployment_status = 'approved' WHERE id = :id",
        "UPDATE agent_code_deployments SET deployment_status = 'deployed', is_active = true,"
        " deployed_by = :alice WHERE id = :id",
        "UPDATE agent_code_deployments SET deployment_status = 'rolled_back' WHERE id = :id",
        "UPDATE agent_code_deployments SET is_active = true WHERE id = :id",
        "UPDATE agent_code_deployments SET reviewer_id = :bob WHERE id = :id",
        "UPDATE agent_code_deployments SET deployment_status = 'pending' WHERE id = :id",
    ]
    for stmt in attacks:
        message = _refused(world.alice, stmt, id=dep, bob=bob, alice=alice)
        assert "42501" not in message  # a sentence, not a code
    assert _row(world, dep) == before


def test_new_code_cannot_be_inserted_already_approved(world: RlsWorld) -> None:
    for values in (
        "'approved', :bob, 'approved', false",
        "'pending', NULL, 'deployed', true",
        "'pending', NULL, 'rolled_back', false",
    ):
        _refused(
            world.alice,
            "INSERT INTO agent_code_deployments (id, agent_id, agent_key, generated_code,"
            " generated_by, review_status, reviewer_id, deployment_status, is_active)"
            f" VALUES (gen_random_uuid(), :a, 'analyst', 'x', :g, {values})",
            a=AGENT_ID,
            g=_uid(world, "alice"),
            bob=_uid(world, "bob"),
        )


def test_the_reviewer_approves_in_their_own_name_only(world: RlsWorld) -> None:
    dep = _generated(world)
    alice, bob = _uid(world, "alice"), _uid(world, "bob")
    approve = (
        "UPDATE agent_code_deployments SET review_status = 'approved', reviewer_id = :r,"
        " deployment_status = 'approved' WHERE id = :id"
    )
    assert "acting role" in _refused(world.bob, approve, r=alice, id=dep)
    _sql(world.bob, approve, r=bob, id=dep)
    assert _row(world, dep) == ("approved", bob, "approved", False)
    # alice cannot unsay or rewrite bob's review, nor touch the validation results now
    _refused(
        world.alice,
        "UPDATE agent_code_deployments SET reviewer_id = :a WHERE id = :id",
        a=alice,
        id=dep,
    )
    _refused(
        world.alice,
        "UPDATE agent_code_deployments SET review_comments = 'fine' WHERE id = :id",
        id=dep,
    )
    _refused(
        world.bob,
        "UPDATE agent_code_deployments SET security_scan_passed = false WHERE id = :id",
        id=dep,
    )
    # deploying names the acting role
    deploy = (
        "UPDATE agent_code_deployments SET deployment_status = 'deployed', is_active = true,"
        " deployed_by = :d WHERE id = :id"
    )
    assert "deployed_by" in _refused(world.alice, deploy, d=bob, id=dep)
    _sql(world.alice, deploy, d=alice, id=dep)
    assert _row(world, dep) == ("approved", bob, "deployed", True)


def test_failed_validation_cannot_be_approved(world: RlsWorld) -> None:
    dep = uuid.uuid4()
    _sql(
        world.alice,
        "INSERT INTO agent_code_deployments (id, agent_id, agent_key, generated_code, generated_by)"
        " VALUES (:id, :a, 'analyst', 'import os', :g)",
        id=dep,
        a=AGENT_ID,
        g=_uid(world, "alice"),
    )
    _sql(
        world.alice,
        "UPDATE agent_code_deployments SET security_scan_passed = false,"
        " ast_validation_passed = true, deployment_status = 'failed' WHERE id = :id",
        id=dep,
    )
    assert "validation" in _refused(
        world.bob,
        "UPDATE agent_code_deployments SET review_status = 'approved', reviewer_id = :b,"
        " deployment_status = 'approved' WHERE id = :id",
        b=_uid(world, "bob"),
        id=dep,
    )


def test_the_program_works_under_the_rules_and_the_attack_stops_a_deploy(
    world: RlsWorld, tmp_path: object
) -> None:
    from pathlib import Path

    from crewtui.services import Store
    from crewtui.services.deployments import Deployments

    deploy_dir = Path(str(tmp_path)) / "deploy"
    stores = {
        who: Store.open(getattr(world, who).url.render_as_string(hide_password=False))
        for who in ("alice", "bob")
    }
    try:
        as_alice = Deployments(stores["alice"], deploy_dir=deploy_dir)
        as_bob = Deployments(stores["bob"], deploy_dir=deploy_dir)
        assert as_alice.review_enforced()
        first = as_alice.generate("analyst", "anyone")
        as_bob.approve(first.id, "anyone")
        deployed = as_alice.deploy(first.id, "anyone")
        assert deployed.deployed_by == _uid(world, "alice") and deployed.is_active
        second = as_alice.generate("analyst", "anyone")
        _refused(
            world.alice,
            "UPDATE agent_code_deployments SET review_status = 'approved', reviewer_id = :b,"
            " deployment_status = 'approved' WHERE id = :id",
            b=_uid(world, "bob"),
            id=second.id,
        )
        with pytest.raises(Exception, match="only approved code"):
            as_alice.deploy(second.id, "anyone")
        with pytest.raises(PermissionDenied):
            as_alice.approve(second.id, world.names["bob"])
        assert (deploy_dir / "analyst.py").read_text() == first.generated_code
    finally:
        for s in stores.values():
            s.dispose()


def test_psql_itself_is_refused(world: RlsWorld) -> None:
    psql = shutil.which("psql")
    if psql is None:
        pytest.skip("psql is not installed")
    dep = _generated(world)
    url = world.alice.url.render_as_string(hide_password=False).replace(
        "postgresql+psycopg://", "postgresql://"
    )
    done = subprocess.run(
        [
            psql,
            url,
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            "UPDATE agent_code_deployments SET review_status = 'approved',"
            f" reviewer_id = '{_uid(world, 'bob')}', deployment_status = 'approved'"
            f" WHERE id = '{dep}'",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "acting role" in done.stderr
    assert _row(world, dep)[0] == "pending"


def test_removing_rls_removes_the_rules(world: RlsWorld) -> None:
    with world.admin.connect() as conn:
        assert review_rules_enforced(conn)
    with world.admin.begin() as conn:
        remove_rls(conn, world.roles)
    with world.admin.connect() as conn:
        assert not review_rules_enforced(conn)


def test_once_there_are_reviewers_only_they_approve(world: RlsWorld) -> None:
    from dataclasses import replace

    from sqlalchemy import create_engine

    from crewtui.db.rls import apply_rls, register_roles
    from crewtui.db.rls_owners import add_people

    from ..dbutil import pg_base_url

    sfx = uuid.uuid4().hex[:8]
    roles = replace(world.roles, reviewers=f"crewtui_reviewers_{sfx}")
    carol = f"crewtui_carol_{sfx}"
    cluster = create_engine(pg_base_url(), isolation_level="AUTOCOMMIT")
    carol_engine = create_engine(world.admin.url.set(username=carol, password=None))
    try:
        with world.admin.begin() as conn:
            apply_rls(conn, roles)
            created = add_people(
                conn,
                authenticated=roles.authenticated,
                maintainers_role=roles.maintainers,
                users=[carol],
                reviewers_role=roles.reviewers,
                reviewers=[world.names["bob"]],
            )
            assert created == [carol, roles.reviewers]
            register_roles(conn, roles)
        dep = _generated(world)
        approve = (
            "UPDATE agent_code_deployments SET review_status = 'approved', reviewer_id = :r,"
            " deployment_status = 'approved' WHERE id = :id"
        )
        carol_id = default_user_id(carol)
        assert "not a reviewer" in _refused(carol_engine, approve, r=carol_id, id=dep)
        _sql(world.bob, approve, r=_uid(world, "bob"), id=dep)
        assert _row(world, dep)[:3] == ("approved", _uid(world, "bob"), "approved")
    finally:
        carol_engine.dispose()
        with cluster.connect() as c:
            c.execute(text(f'DROP ROLE IF EXISTS "{carol}"'))
            c.execute(text(f'DROP ROLE IF EXISTS "{roles.reviewers}"'))
        cluster.dispose()
