"""Every change is recorded in the transaction that makes it: who, when, how, what."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import text

from crewtui.db.history_values import REDACTED
from crewtui.domain.errors import Conflict, ValidationFailed
from crewtui.services import Services, Store

from .conftest import agent_values, make_crew, rows, task_values


def test_an_edit_records_who_when_how_and_the_fields(services: Services, store: Store) -> None:
    services.create_agent(agent_values("writer"))
    services.update_agent("writer", {"temperature": Decimal("0.3"), "max_iter": 5})
    created, edited = rows(store)
    assert (created.record_kind, created.record_key, created.action) == (
        "agent",
        "writer",
        "create",
    )
    assert created.changes is None  # a creation stores no values
    assert edited.action == "update" and edited.version == 2
    assert (edited.actor, edited.via) == ("alice", "cli")
    assert edited.changes == {"temperature": ["0.7", "0.3"], "max_iter": [25, 5]}
    assert edited.changed_at is not None and edited.record_id == created.record_id
    assert created.change_set != edited.change_set


def test_a_failed_save_records_nothing(services: Services, store: Store) -> None:
    services.create_agent(agent_values("writer"))
    with pytest.raises(ValidationFailed):
        services.update_agent("writer", {"max_iter": -1})
    with pytest.raises(Conflict):
        services.update_agent("writer", {"max_iter": 3}, expected_version=7)
    assert [r.action for r in rows(store)] == ["create"]


def test_an_unchanged_save_records_nothing(services: Services, store: Store) -> None:
    services.create_agent(agent_values("writer"))
    services.update_agent("writer", {"name": "Writer"})
    assert len(rows(store)) == 1


def test_crew_settings_and_members_in_order(services: Services, store: Store) -> None:
    make_crew(services, "crew", ["a", "b"])
    ids = {a.agent_key: str(a.id) for a in (services.get_agent("a"), services.get_agent("b"))}
    services.move_member("crew", "b", 1)
    services.set_member_role("crew", "a", "lead")
    services.update_crew("crew", {"description": "hello"})
    crew_rows = [r for r in rows(store) if r.record_kind == "crew"]
    assert [r.action for r in crew_rows] == ["create", "update", "update", "update", "update"]
    assert crew_rows[1].changes == {"members": [[], [[ids["a"], None], [ids["b"], None]]]}
    assert crew_rows[2].changes == {
        "members": [[[ids["a"], None], [ids["b"], None]], [[ids["b"], None], [ids["a"], None]]]
    }
    assert crew_rows[3].changes["members"][1] == [[ids["b"], None], [ids["a"], "lead"]]
    assert crew_rows[4].changes == {"description": [None, "hello"]}
    assert [r.version for r in crew_rows] == [1, 2, 3, 4, 5]


def test_one_row_per_record_per_transaction(services: Services, store: Store) -> None:
    make_crew(services, "crew", ["a"])
    before = len(rows(store))
    # one save: settings and members together, several flushes
    services.save_crew("crew", {"description": "x", "max_rpm": 10}, [("a", "lead")])
    new = rows(store)[before:]
    assert len(new) == 1
    assert set(new[0].changes) == {"description", "max_rpm", "members"}


def test_tasks_tools_departments_memory_configs(services: Services, store: Store) -> None:
    make_crew(services, "crew", ["a"])
    services.create_task("crew", task_values("first", agent="a"))
    services.create_task("crew", task_values("second"))
    services.move_task("crew", "second", 1)
    services.create_tool({"tool_key": "search", "name": "Search"})
    services.update_tool("search", {"description": "finds"})
    services.create_department({"department_key": "ops", "name": "Ops"})
    services.update_department("ops", {"name": "Operations"})
    services.create_memory_config({"name": "mem"})
    services.update_memory_config("mem", {"long_term_enabled": True})
    got = {(r.record_kind, r.record_key, r.action): r for r in rows(store)}
    moved = [r for r in rows(store) if r.record_kind == "task" and r.action == "update"]
    assert {r.record_key for r in moved} == {"first", "second"}  # both positions changed
    assert got[("tool", "search", "update")].changes == {"description": [None, "finds"]}
    assert got[("tool", "search", "update")].version is None  # tools have no version column
    assert got[("department", "ops", "update")].changes == {"name": ["Ops", "Operations"]}
    assert got[("memory_config", "mem", "update")].changes == {"long_term_enabled": [False, True]}
    crew_id = services.get_crew("crew").id
    assert got[("task", "first", "create")].parent_id == crew_id


def test_deleting_keeps_the_last_values(services: Services, store: Store) -> None:
    make_crew(services, "crew", ["a"])
    services.create_task("crew", task_values("first", agent="a"))
    services.delete_crew("crew")
    deleted = {r.record_kind: r for r in rows(store) if r.action == "delete"}
    assert deleted["crew"].changes["crew_name"] == ["crew", None]
    assert deleted["crew"].changes["members"][0] == [[str(services.get_agent("a").id), None]]
    assert deleted["task"].changes["description"] == ["Do first", None]
    assert deleted["task"].change_set == deleted["crew"].change_set


def test_no_secret_reaches_the_history(services: Services, store: Store) -> None:
    services.create_tool({"tool_key": "search", "name": "Search"})
    services.create_memory_config({"name": "mem"})
    # rows written by another program may hold what crewtui itself refuses to store
    with store.engine.begin() as conn:
        conn.execute(
            text("UPDATE agent_tools SET config = :c"),
            {"c": '{"api_key": "sk-live-123", "nested": {"token": "abc"}, "api_key_env": "K"}'},
        )
        conn.execute(
            text("UPDATE agent_memory_configs SET storage_connection_string = :u"),
            {"u": "postgresql://bob:hunter2@db/x"},
        )
    services.update_tool("search", {"config": {"api_key_env": "K"}})
    services.update_memory_config("mem", {"storage_connection_string": "MEMORY_URL"})
    services.delete_memory_config("mem")
    dump = repr([(r.changes, r.record_key) for r in rows(store)])
    assert "sk-live-123" not in dump and "abc" not in dump and "hunter2" not in dump
    assert REDACTED in dump and "'K'" in dump  # an environment variable's name is kept
