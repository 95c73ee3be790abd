"""On PostgreSQL with row-level security the history is covered like the records: readable,
written only in one's own name (the database role, not ``--as``), never changed afterwards."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from crewtui.db.history_actor import forget_acting_role
from crewtui.domain.errors import PermissionDenied
from crewtui.services import Services, Store

from ..security.conftest import RlsWorld, world  # noqa: F401  (the fixture)


def _services(w: RlsWorld, who: str, claimed: str) -> Services:
    engine = getattr(w, who)
    forget_acting_role()
    return Services(Store(engine, str(engine.url)), user=claimed, via="cli")


def test_history_names_the_database_role(world: RlsWorld) -> None:  # noqa: F811
    alice = _services(world, "alice", "mallory")
    alice.update_agent("analyst", {"goal": "Sharper goal"})
    h = alice.record_history("agent", "analyst")
    assert [(r.actor, r.via) for r in h.revisions] == [(world.names["alice"], "cli")]


def test_nobody_writes_in_someone_elses_name_or_rewrites_history(world: RlsWorld) -> None:  # noqa: F811
    alice = _services(world, "alice", "alice")
    alice.update_agent("analyst", {"goal": "Sharper goal"})
    insert = text(
        "INSERT INTO crewtui_history (record_kind, record_id, record_key, action, actor, via, "
        "change_set, changed_at) VALUES ('agent', :id, 'x', 'update', :actor, 'cli', 1, now())"
    )
    with world.alice.connect() as conn:
        with pytest.raises(DBAPIError):
            conn.execute(insert, {"id": uuid.uuid4(), "actor": world.names["bob"]})
        conn.rollback()
        with pytest.raises(DBAPIError):
            conn.execute(text("UPDATE crewtui_history SET actor = 'someone'"))
        conn.rollback()
        with pytest.raises(DBAPIError):
            conn.execute(text("DELETE FROM crewtui_history"))
        conn.rollback()
        conn.execute(insert, {"id": uuid.uuid4(), "actor": world.names["alice"]})
        conn.rollback()
    with world.bob.connect() as conn:
        seen: int = conn.execute(text("SELECT count(*) FROM crewtui_history")).scalar_one()
    assert seen == 1  # bob reads alice's change


def test_memory_config_history_follows_the_configs(world: RlsWorld) -> None:  # noqa: F811
    alice = _services(world, "alice", "alice")
    with pytest.raises(PermissionDenied):
        alice.update_memory_config("basic", {"long_term_enabled": True})
    svc = _services(world, "service", "svc")
    svc.update_memory_config("basic", {"long_term_enabled": True})
    revisions = svc.record_history("memory_config", "basic").revisions
    assert [r.actor for r in revisions] == [world.names["svc"]]


def test_releases_under_row_level_security(world: RlsWorld) -> None:  # noqa: F811
    alice = _services(world, "alice", "mallory")
    alice.create_crew({"crew_name": "crew"})
    info = alice.create_release("crew", "v1")
    assert info.created_by == world.names["alice"]
    with world.alice.connect() as conn, pytest.raises(DBAPIError):
        conn.execute(text("UPDATE crewtui_releases SET name = 'v2'"))
    bob = _services(world, "bob", "bob")
    assert [r.name for r in bob.list_releases("crew")] == ["v1"]
