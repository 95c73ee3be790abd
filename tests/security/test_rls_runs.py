"""Row-level security on flows, runs, run events and flow executions, with real login roles.

Everyone reads every run; a run, its events and a flow execution are written only by the
role that started it, whatever name the program was given; flows are edited by everyone.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import ProgrammingError

from crewtui.db.history_actor import forget_acting_role
from crewtui.db.rls import default_user_id
from crewtui.services import Services
from crewtui.services.flows_runs import start_execution
from crewtui.services.store import Store

from .conftest import RlsWorld

CREW_ID = uuid.UUID("00000000-0000-4000-8000-0000000000c1")


def _add_run(engine: Engine, started_by: str) -> uuid.UUID:
    run_id = uuid.uuid4()
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO crewtui_runs (id, crew_id, crew_name, started_by, inputs, "
                "export_format, export_hash, status) VALUES "
                "(:id, :c, 'crew', :by, '{}', 'yaml', 'h', 'running')"
            ),
            {"id": run_id, "c": CREW_ID, "by": started_by},
        )
    return run_id


def _add_event(engine: Engine, run_id: uuid.UUID, seq: int) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO crewtui_run_events (run_id, seq, at, kind) "
                "VALUES (:r, :s, now(), 'task_started')"
            ),
            {"r": run_id, "s": seq},
        )


def _scalar(engine: Engine, sql: str, **params: object) -> object:
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


def test_a_run_is_written_only_by_its_starter(world: RlsWorld) -> None:
    alice, bob = world.names["alice"], world.names["bob"]
    run = _add_run(world.alice, alice)
    with pytest.raises(ProgrammingError, match="row-level security"):
        _add_run(world.alice, bob)  # in someone else's name
    _add_event(world.alice, run, 1)
    with pytest.raises(ProgrammingError, match="row-level security"):
        _add_event(world.bob, run, 2)  # events of someone else's run
    with world.bob.begin() as conn:  # bob's update and delete touch nothing of alice's
        conn.execute(text("UPDATE crewtui_runs SET status = 'failed'"))
        conn.execute(text("DELETE FROM crewtui_run_events"))
        conn.execute(text("DELETE FROM crewtui_runs"))
    with world.alice.begin() as conn:
        conn.execute(text("UPDATE crewtui_runs SET status = 'succeeded' WHERE id = :r"), {"r": run})
    # everyone reads every run and its events
    assert _scalar(world.bob, "SELECT status FROM crewtui_runs WHERE id = :r", r=run) == "succeeded"
    assert _scalar(world.bob, "SELECT count(*) FROM crewtui_run_events") == 1
    with pytest.raises(ProgrammingError, match="row-level security"), world.alice.begin() as conn:
        conn.execute(text("UPDATE crewtui_runs SET started_by = :b"), {"b": bob})
    _add_run(world.service, bob)  # the service role manages any run


def test_flows_are_shared_and_executions_belong_to_their_starter(world: RlsWorld) -> None:
    flow_id = uuid.uuid4()
    with world.alice.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO crewai_flows (id, flow_key, name, flow_definition) "
                "VALUES (:id, 'shared', 'Shared', '{}')"
            ),
            {"id": flow_id},
        )
    with world.bob.begin() as conn:
        changed = conn.execute(
            text("UPDATE crewai_flows SET description = 'bob was here' WHERE id = :id"),
            {"id": flow_id},
        ).rowcount
    assert changed == 1

    alice_id = default_user_id(world.names["alice"])
    bob_id = default_user_id(world.names["bob"])
    insert = (
        "INSERT INTO crewai_flow_executions (id, flow_id, triggered_by) "
        "VALUES (gen_random_uuid(), :f, :by)"
    )
    with world.alice.begin() as conn:
        conn.execute(text(insert), {"f": flow_id, "by": alice_id})
    with pytest.raises(ProgrammingError, match="row-level security"), world.alice.begin() as conn:
        conn.execute(text(insert), {"f": flow_id, "by": bob_id})
    with world.bob.begin() as conn:
        assert conn.execute(text("UPDATE crewai_flow_executions SET status = 'x'")).rowcount == 0
    assert _scalar(world.bob, "SELECT count(*) FROM crewai_flow_executions") == 1


def test_the_program_records_the_database_role_not_a_claimed_name(world: RlsWorld) -> None:
    """A flow execution started through alice's login while claiming to be bob names alice."""
    forget_acting_role()
    url = world.alice.url.render_as_string(hide_password=False)
    store = Store.open(url, auto_migrate_sqlite=False)
    try:
        services = Services(store, user=world.names["bob"])
        definition = {
            "methods": [
                {"name": "only", "start": True, "do": {"call": "expression", "expr": "'ok'"}}
            ]
        }
        services.create_flow(
            {"flow_key": "claimed", "name": "Claimed", "flow_definition": definition}
        )
        ex = start_execution(services, "claimed", {})
    finally:
        store.dispose()
        forget_acting_role()
    by = _scalar(
        world.admin, "SELECT triggered_by FROM crewai_flow_executions WHERE id = :i", i=ex.id
    )
    assert by == default_user_id(world.names["alice"])
