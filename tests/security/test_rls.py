"""Row-level security with real login roles on a scratch PostgreSQL database.

Roles are cluster-wide, so every name carries a per-run suffix and all roles are dropped at
the end (after the scratch database, which holds their grants, is gone).
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import ProgrammingError

from crewtui.db.rls import (
    acting_role,
    apply_rls,
    default_user_id,
    remove_rls,
    rls_enabled,
)
from crewtui.db.uow import UnitOfWork
from crewtui.domain.errors import PermissionDenied

from .conftest import AGENT_ID, RlsWorld


def _insert_deployment(engine: Engine, generated_by: uuid.UUID) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO agent_code_deployments (id, agent_id, agent_key, generated_code, "
                "generated_by) "
                "VALUES (gen_random_uuid(), :a, 'analyst', 'x = 1', :g)"
            ),
            {"a": AGENT_ID, "g": generated_by},
        )


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_alice_cannot_claim_bob_generated_a_deployment(world: RlsWorld) -> None:
    alice_id = default_user_id(world.names["alice"])
    bob_id = default_user_id(world.names["bob"])
    _insert_deployment(world.alice, alice_id)
    with pytest.raises(ProgrammingError, match="row-level security"):
        _insert_deployment(world.alice, bob_id)
    _insert_deployment(world.bob, bob_id)  # bob was registered after RLS was applied
    with world.admin.connect() as conn:
        by = sorted(conn.execute(text("SELECT generated_by FROM agent_code_deployments")).scalars())
    assert by == sorted([alice_id, bob_id])


def test_a_deployment_without_a_generator_is_refused(world: RlsWorld) -> None:
    with pytest.raises(ProgrammingError, match="row-level security"), world.alice.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO agent_code_deployments (id, agent_id, agent_key, generated_code) "
                "VALUES (gen_random_uuid(), :a, 'analyst', 'x = 1')"
            ),
            {"a": AGENT_ID},
        )
    assert _count(world.admin, "agent_code_deployments") == 0


def test_the_unit_of_work_reports_a_refused_write_as_permission_denied(world: RlsWorld) -> None:
    with pytest.raises(PermissionDenied), UnitOfWork.for_engine(world.alice) as uow:
        uow.session.execute(
            text("INSERT INTO agent_memory_configs (id, name) VALUES (gen_random_uuid(), 'mine')")
        )
        uow.commit()
    with pytest.raises(PermissionDenied), UnitOfWork.for_engine(world.alice) as uow:
        uow.session.execute(
            text(
                "INSERT INTO agent_code_deployments (id, agent_id, agent_key, generated_code, "
                "generated_by) "
                "VALUES (gen_random_uuid(), :a, 'analyst', 'x', :g)"
            ),
            {"a": AGENT_ID, "g": default_user_id(world.names["bob"])},
        )
        uow.commit()


def test_a_plain_authenticated_role_cannot_write_memory_configs(world: RlsWorld) -> None:
    for stmt in (
        "INSERT INTO agent_memory_configs (id, name) VALUES (gen_random_uuid(), 'mine')",
        "UPDATE agent_memory_configs SET long_term_enabled = true",
        "DELETE FROM agent_memory_configs",
    ):
        with (
            pytest.raises(ProgrammingError, match="permission denied"),
            world.alice.begin() as conn,
        ):
            conn.execute(text(stmt))
    with world.admin.connect() as conn:
        assert conn.execute(
            text("SELECT name, long_term_enabled FROM agent_memory_configs")
        ).all() == [("basic", False)]
    # the service role may
    with world.service.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO agent_memory_configs (id, name) VALUES (gen_random_uuid(), "
                "'service-made')"
            )
        )
        conn.execute(
            text("UPDATE agent_memory_configs SET long_term_enabled = true WHERE name = 'basic'")
        )
    assert _count(world.admin, "agent_memory_configs") == 2


def test_reads_and_agent_edits_work_for_authenticated_roles(world: RlsWorld) -> None:
    _insert_deployment(world.bob, default_user_id(world.names["bob"]))
    for engine in (world.alice, world.bob):
        assert _count(engine, "crewai_agents") == 1
        assert _count(engine, "agent_memory_configs") == 1
        assert _count(engine, "agent_code_deployments") == 1
    with world.alice.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO crewai_agents (id, agent_key, name, role, goal, backstory) "
                "VALUES (gen_random_uuid(), 'writer', 'Writer', 'r', 'g', 'b')"
            )
        )
        conn.execute(text("UPDATE crewai_agents SET goal = 'better' WHERE agent_key = 'analyst'"))
        conn.execute(
            text("INSERT INTO crewai_crews (id, crew_name) VALUES (gen_random_uuid(), 'crew-a')")
        )
    with world.bob.begin() as conn:
        assert (
            conn.execute(
                text("SELECT goal FROM crewai_agents WHERE agent_key = 'analyst'")
            ).scalar_one()
            == "better"
        )
        conn.execute(text("DELETE FROM crewai_agents WHERE agent_key = 'writer'"))
    assert _count(world.admin, "crewai_agents") == 1


def test_acting_role_is_the_database_role(world: RlsWorld) -> None:
    with world.alice.connect() as conn:
        assert rls_enabled(conn)
        assert acting_role(conn) == world.names["alice"]


def test_apply_is_idempotent_and_remove_takes_it_back(world: RlsWorld) -> None:
    def policies() -> list[tuple[str, str]]:
        with world.admin.connect() as conn:
            return sorted(
                (r.tablename, r.policyname)
                for r in conn.execute(text("SELECT tablename, policyname FROM pg_policies"))
            )

    before = policies()
    with world.admin.begin() as conn:
        report = apply_rls(conn, world.roles)
    assert report.roles_created == []
    assert policies() == before
    assert len(before) == len(report.policies)
    assert set(report.registered_roles) == set(world.names.values())

    with world.admin.begin() as conn:
        remove_rls(conn, world.roles)
    assert policies() == []
    with world.admin.connect() as conn:
        assert not rls_enabled(conn)
    with pytest.raises(ProgrammingError, match="permission denied"), world.alice.connect() as conn:
        conn.execute(text("SELECT count(*) FROM crewai_agents"))


def test_rls_and_the_deployment_service_agree_on_user_ids() -> None:
    from crewtui.services.deployments import user_id

    for name in ("alice", "crewtui_bob_1234", " Carol "):
        assert default_user_id(name) == user_id(name)


def test_the_deployment_service_acts_as_the_database_role(world: RlsWorld) -> None:
    """With RLS on, a name given with --as does not count: alice's code is alice's."""
    from crewtui.services import Store
    from crewtui.services.deployments import Deployments

    url = world.alice.url.render_as_string(hide_password=False)
    store = Store.open(url)
    try:
        deployments = Deployments(store)
        claimed = deployments.generate("analyst", world.names["bob"])
        assert claimed.generated_by == default_user_id(world.names["alice"])
        mine = deployments.generate("analyst", world.names["alice"])
        assert mine.generated_by == default_user_id(world.names["alice"])
        assert _count(world.admin, "agent_code_deployments") == 2
    finally:
        store.dispose()


def test_with_rls_a_user_cannot_approve_their_own_code_by_claiming_another_name(
    world: RlsWorld,
) -> None:
    from crewtui.services import Store
    from crewtui.services.deployments import Deployments

    store = Store.open(world.alice.url.render_as_string(hide_password=False))
    try:
        deployments = Deployments(store)
        mine = deployments.generate("analyst", world.names["alice"])
        with pytest.raises(PermissionDenied):
            deployments.approve(mine.id, world.names["bob"])  # alice, logged in as alice
    finally:
        store.dispose()


def test_who_generated_a_deployment_cannot_be_rewritten(world: RlsWorld) -> None:
    alice_id = default_user_id(world.names["alice"])
    _insert_deployment(world.alice, alice_id)
    for column, value in (
        ("generated_by", default_user_id(world.names["bob"])),
        ("generated_code", "evil = 1"),
    ):
        with pytest.raises(ProgrammingError, match="permission denied"), world.bob.begin() as conn:
            conn.execute(text(f"UPDATE agent_code_deployments SET {column} = :v"), {"v": value})
    with world.bob.begin() as conn:  # the review itself is the program's business
        conn.execute(
            text("UPDATE agent_code_deployments SET review_status = 'approved', reviewer_id = :b"),
            {"b": default_user_id(world.names["bob"])},
        )
    with world.admin.connect() as conn:
        row = conn.execute(
            text("SELECT generated_by, generated_code, review_status FROM agent_code_deployments")
        ).one()
    assert tuple(row) == (alice_id, "x = 1", "approved")
