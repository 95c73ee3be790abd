"""Owners of agents, crews and tasks: the 0010_ownership revision on both databases, and the
opt-in policy (only owners and maintainers change a record) with real PostgreSQL roles."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from crewtui.cli import cli
from crewtui.db import migrate, rls
from crewtui.db.revisions import HEAD_REVISION
from crewtui.db.rls import apply_rls, register_roles
from crewtui.db.rls_owners import add_people, ownership_enabled

from ..conftest import require_postgres
from ..dbutil import pg_base_url, scratch_postgres
from .conftest import RlsWorld

OWNED = ("crewai_agents", "crewai_crews", "crewai_tasks")


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'owners.db'}"
        return
    require_postgres()
    with scratch_postgres("owners") as url:
        yield url


def _owner_columns(url: str) -> dict[str, bool]:
    engine = create_engine(url)
    try:
        insp = sa.inspect(engine)
        return {t: "owner" in {c["name"] for c in insp.get_columns(t)} for t in OWNED}
    finally:
        engine.dispose()


def test_the_revision_adds_and_removes_the_owner_columns(empty_url: str) -> None:
    migrate.upgrade_to_head(empty_url)
    assert migrate.current(empty_url) == HEAD_REVISION
    assert _owner_columns(empty_url) == dict.fromkeys(OWNED, True)
    engine = create_engine(empty_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO crewai_agents (id, agent_key, name, role, goal, backstory, owner)"
                    " VALUES (:id, 'kept', 'K', 'r', 'g', 'b', 'alice')"
                ),
                {"id": uuid.uuid4().hex if empty_url.startswith("sqlite") else uuid.uuid4()},
            )
        config = migrate.alembic_config(empty_url)
        command.downgrade(config, "0009_flows")
        assert _owner_columns(empty_url) == dict.fromkeys(OWNED, False)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT agent_key FROM crewai_agents")).scalars().all() == [
                "kept"
            ]
        command.upgrade(config, "head")
        assert _owner_columns(empty_url) == dict.fromkeys(OWNED, True)
    finally:
        engine.dispose()


# ---- the policy, with real roles


def _login(world: RlsWorld, role: str) -> Engine:
    return create_engine(make_url(str(world.admin.url)).set(username=role, password=None))


@pytest.fixture
def owned(world: RlsWorld) -> Iterator[tuple[RlsWorld, Engine]]:
    """The world with ownership on; carol is a maintainer."""
    sfx = uuid.uuid4().hex[:8]
    roles = replace(world.roles, maintainers=f"crewtui_maintainers_{sfx}")
    carol = f"crewtui_carol_{sfx}"
    with world.admin.begin() as conn:
        report = apply_rls(conn, roles, ownership=True)
        assert report.ownership and roles.maintainers in report.roles_created
        assert add_people(
            conn,
            authenticated=roles.authenticated,
            maintainers_role=roles.maintainers,
            maintainers=[carol],
        ) == [carol]
        register_roles(conn, roles)
    engine = _login(world, carol)
    try:
        yield replace(world, roles=roles), engine
    finally:
        engine.dispose()
        cluster = create_engine(pg_base_url(), isolation_level="AUTOCOMMIT")
        with world.admin.begin() as conn:
            rls.remove_rls(conn, roles)
        with cluster.connect() as c:
            c.execute(text(f'DROP ROLE IF EXISTS "{carol}"'))
            c.execute(text(f'DROP ROLE IF EXISTS "{roles.maintainers}"'))
        cluster.dispose()


def _rows(engine: Engine, stmt: str, **params: object) -> int:
    with engine.begin() as conn:
        return conn.execute(text(stmt), params).rowcount


@pytest.mark.postgres
def test_only_owners_and_maintainers_change_records(owned: tuple[RlsWorld, Engine]) -> None:
    world, carol = owned
    with world.alice.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO crewai_agents (id, agent_key, name, role, goal, backstory, owner)"
                " VALUES (gen_random_uuid(), 'alices', 'A', 'r', 'g', 'b', :claimed)"
            ),
            {"claimed": world.names["bob"]},  # claiming another owner does not work
        )
        conn.execute(
            text("INSERT INTO crewai_crews (id, crew_name) VALUES (gen_random_uuid(), 'crew-a')")
        )
    with world.admin.connect() as conn:
        owners = dict(conn.execute(text("SELECT agent_key, owner FROM crewai_agents")).all())
        crew_owner = conn.execute(text("SELECT owner FROM crewai_crews")).scalar_one()
    assert owners["alices"] == world.names["alice"] and crew_owner == world.names["alice"]
    assert owners["analyst"] is None  # made before ownership: maintainers only

    change = "UPDATE crewai_agents SET goal = 'x' WHERE agent_key = :k"
    assert _rows(world.bob, change, k="alices") == 0  # bob reads it but cannot change it
    assert _rows(world.bob, "DELETE FROM crewai_agents WHERE agent_key = 'alices'") == 0
    assert _rows(world.bob, "UPDATE crewai_crews SET description = 'x'") == 0
    assert _rows(world.alice, change, k="analyst") == 0
    assert _rows(world.alice, change, k="alices") == 1
    with pytest.raises(sa.exc.ProgrammingError, match="row-level security"):
        _rows(
            world.alice,
            "UPDATE crewai_agents SET owner = :b WHERE agent_key = 'alices'",
            b=world.names["bob"],
        )
    # a maintainer changes anyone's records and gives unowned ones an owner
    assert _rows(carol, change, k="alices") == 1
    assert (
        _rows(
            carol,
            "UPDATE crewai_agents SET owner = :b WHERE agent_key = 'analyst'",
            b=world.names["bob"],
        )
        == 1
    )
    assert _rows(world.bob, change, k="analyst") == 1
    with world.bob.connect() as conn:  # everyone still reads everything
        assert conn.execute(text("SELECT count(*) FROM crewai_agents")).scalar_one() == 2


@pytest.mark.postgres
def test_ownership_stays_on_through_later_upgrades(owned: tuple[RlsWorld, Engine]) -> None:
    world, _ = owned
    with world.admin.begin() as conn:
        report = apply_rls(conn, world.roles)  # a plain upgrade, not asking for ownership
        assert report.ownership and ownership_enabled(conn)
    assert _rows(world.bob, "UPDATE crewai_agents SET goal = 'x'") == 0


@pytest.mark.postgres
def test_without_ownership_everyone_changes_everything(world: RlsWorld) -> None:
    with world.admin.connect() as conn:
        assert not ownership_enabled(conn)
    assert _rows(world.bob, "UPDATE crewai_agents SET goal = 'x'") == 1


@pytest.mark.postgres
def test_one_command_sets_up_roles_people_and_owners(monkeypatch: pytest.MonkeyPatch) -> None:
    require_postgres()
    sfx = uuid.uuid4().hex[:8]
    for name, value in (
        ("AUTHENTICATED", f"crewtui_authenticated_{sfx}"),
        ("SERVICE", f"crewtui_service_{sfx}"),
    ):
        monkeypatch.setattr(rls, name, value)
    monkeypatch.setattr("crewtui.db.rls.MAINTAINERS", f"crewtui_maintainers_{sfx}")
    roles = rls.RlsRoles()
    people = [f"crewtui_dora_{sfx}", f"crewtui_eve_{sfx}"]
    cluster = create_engine(pg_base_url(), isolation_level="AUTOCOMMIT")
    try:
        with scratch_postgres("owners_cli") as url:
            result = CliRunner().invoke(
                cli,
                [
                    "db",
                    "upgrade",
                    "--db",
                    url,
                    "--with-rls",
                    "--user",
                    people[0],
                    "--maintainer",
                    people[1],
                ],
            )
            assert result.exit_code == 0, result.output
            assert "ownership on" in result.output
            assert f"Roles created: {people[0]}, {people[1]}" in result.output
            engine = create_engine(url)
            with engine.connect() as conn:
                members = set(
                    conn.execute(text("SELECT role_name FROM crewtui_role_ids")).scalars()
                )
                assert set(people) <= members and ownership_enabled(conn)
            engine.dispose()
            bad = CliRunner().invoke(cli, ["db", "upgrade", "--db", url, "--user", "x"])
            assert bad.exit_code == 2 and "--with-rls" in bad.output
    finally:
        with cluster.connect() as c:
            for role in (*people, roles.maintainers, roles.authenticated, roles.service):
                c.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        cluster.dispose()


@pytest.mark.postgres
def test_a_quick_set_acts_as_the_database_role(
    owned: tuple[RlsWorld, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``agents set`` written with the bare driver is held to the same policies and records
    the database role, whatever ``--as`` says; a refused write goes the models' way."""
    from crewtui.services import quick_set

    world, _ = owned
    answers: list[object] = []
    real = quick_set.set_agent

    def recording(*args: object, **kwargs: object) -> object:
        answer = real(*args, **kwargs)  # type: ignore[arg-type]
        answers.append(answer)
        return answer

    monkeypatch.setattr(quick_set, "set_agent", recording)
    with world.alice.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO crewai_agents (id, agent_key, name, role, goal, backstory)"
                " VALUES (gen_random_uuid(), 'alices', 'A', 'r', 'g', 'b')"
            )
        )

    def run(engine: Engine, *items: str) -> sa.engine.Result[object] | object:
        url = engine.url.render_as_string(hide_password=False)
        return CliRunner().invoke(
            cli, ["--as", "mallory", "agents", "set", "alices", *items, "--db", url]
        )

    done = run(world.alice, "max_iter=5")
    assert done.exit_code == 0, done.output  # type: ignore[union-attr]
    assert answers[-1] is not None
    refused = run(world.bob, "max_iter=9")
    assert answers[-1] is None and refused.exit_code == 6  # type: ignore[union-attr]
    # said as it is: not someone else's change, a policy (and at once, not after retries)
    assert "only by its owner or a maintainer" in refused.output  # type: ignore[union-attr]
    with world.admin.connect() as conn:
        assert conn.execute(
            text("SELECT max_iter, version FROM crewai_agents WHERE agent_key = 'alices'")
        ).one() == (5, 2)
        actors = (
            conn.execute(
                text(
                    "SELECT actor FROM crewtui_history"
                    " WHERE record_key = 'alices' AND action = 'update'"
                )
            )
            .scalars()
            .all()
        )
    assert actors == [world.names["alice"]]
