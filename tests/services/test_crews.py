"""Crews and their ordered members, checked in the database on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from crewtui.domain.errors import Conflict, NotFound, ValidationFailed
from crewtui.services import Services

from .conftest import agent_values, make_crew


def member_rows(services: Services, crew: str) -> list[tuple[str, str | None, int]]:
    sql = text(
        "SELECT a.agent_key, m.role_in_crew, m.sequence_order FROM crew_members m "
        "JOIN crewai_agents a ON a.id = m.agent_id JOIN crewai_crews c ON c.id = m.crew_id "
        "WHERE c.crew_name = :n ORDER BY m.sequence_order"
    )
    with services.store.engine.connect() as conn:
        return [(r[0], r[1], r[2]) for r in conn.execute(sql, {"n": crew})]


def crew_version(services: Services, crew: str) -> int:
    with services.store.engine.connect() as conn:
        return int(
            conn.execute(
                text("SELECT version FROM crewai_crews WHERE crew_name = :n"), {"n": crew}
            ).scalar_one()
        )


def test_create_show_update_delete(services: Services) -> None:
    services.create_agent(agent_values("boss"))
    crew = services.create_crew(
        {
            "crew_name": "board",
            "process_type": "hierarchical",
            "manager_agent_id": "boss",
            "planning_enabled": True,
        }
    )
    assert crew.version == 1 and crew.members == []
    assert services.get_crew("board").manager_agent_id == services.get_agent("boss").id

    saved = services.update_crew(
        "board", {"description": "Quarterly", "max_rpm": 10}, expected_version=1
    )
    assert (saved.version, saved.description, saved.max_rpm) == (2, "Quarterly", 10)
    assert [c.crew_name for c in services.list_crews()] == ["board"]

    with pytest.raises(ValidationFailed) as exc:
        services.update_crew("board", {"process_type": "parallel", "max_rpm": -1})
    assert set(exc.value.by_field()) == {"process_type", "max_rpm"}
    with pytest.raises(Conflict):
        services.update_crew("board", {"max_rpm": 3}, expected_version=1)
    assert services.get_crew("board").max_rpm == 10

    services.delete_crew("board")
    with pytest.raises(NotFound):
        services.get_crew("board")


def test_duplicate_crew_name(services: Services) -> None:
    services.create_crew({"crew_name": "alpha"})
    with pytest.raises(ValidationFailed) as exc:
        services.create_crew({"crew_name": "alpha"})
    assert exc.value.by_field() == {"crew_name": "is already taken"}


def test_add_remove_move_members_rewrites_positions(services: Services) -> None:
    for key in ("ann", "ben", "cat", "dan"):
        services.create_agent(agent_values(key))
    services.create_crew({"crew_name": "team"})

    services.add_member("team", "ann", role_in_crew="lead")
    services.add_member("team", "ben")
    crew = services.add_member("team", "cat", role_in_crew="writer", position=1)
    assert [(m.agent_key, m.sequence_order) for m in crew.members] == [
        ("cat", 1),
        ("ann", 2),
        ("ben", 3),
    ]
    assert member_rows(services, "team") == [
        ("cat", "writer", 1),
        ("ann", "lead", 2),
        ("ben", None, 3),
    ]
    assert crew.members[1].role == "Ann"

    services.move_member("team", "cat", 3)
    assert member_rows(services, "team") == [
        ("ann", "lead", 1),
        ("ben", None, 2),
        ("cat", "writer", 3),
    ]

    services.remove_member("team", "ann")
    assert member_rows(services, "team") == [("ben", None, 1), ("cat", "writer", 2)]
    services.set_member_role("team", "ben", "analyst")
    assert member_rows(services, "team")[0] == ("ben", "analyst", 1)
    # every membership change is a save of the crew
    assert crew_version(services, "team") == 7


def test_membership_errors_change_nothing(services: Services) -> None:
    make_crew(services, "team", ["ann", "ben"])
    services.create_agent(agent_values("cat"))
    before = member_rows(services, "team")
    version = crew_version(services, "team")

    with pytest.raises(ValidationFailed) as exc:
        services.add_member("team", "ann")
    assert "already a member" in exc.value.by_field()["agent_key"]
    with pytest.raises(ValidationFailed) as exc:
        services.add_member("team", "nobody")
    assert exc.value.by_field() == {"agent_key": "no agent 'nobody'"}
    with pytest.raises(ValidationFailed) as exc:
        services.move_member("team", "ann", 3)
    assert exc.value.by_field() == {"position": "must be between 1 and 2"}
    with pytest.raises(ValidationFailed):
        services.add_member("team", "cat", position=0)
    with pytest.raises(NotFound):
        services.remove_member("team", "cat")
    assert member_rows(services, "team") == before
    assert crew_version(services, "team") == version


def test_set_members_replaces_the_ordered_list(services: Services) -> None:
    make_crew(services, "team", ["ann", "ben", "cat"])
    ids_before = _member_ids(services)
    crew = services.set_members("team", [("cat", "lead"), ("ann", None)], expected_version=2)
    assert [(m.agent_key, m.role_in_crew, m.sequence_order) for m in crew.members] == [
        ("cat", "lead", 1),
        ("ann", None, 2),
    ]
    assert crew.version == 3
    # members who stay keep their row
    assert {k: v for k, v in _member_ids(services).items()} == {
        k: ids_before[k] for k in ("ann", "cat")
    }

    with pytest.raises(ValidationFailed) as exc:
        services.set_members("team", [("ann", None), ("ann", "x"), ("zed", None)])
    assert set(exc.value.by_field()) == {"members.2", "members.3"}
    with pytest.raises(Conflict):
        services.set_members("team", [("ben", None)], expected_version=2)
    assert member_rows(services, "team") == [("cat", "lead", 1), ("ann", None, 2)]


def _member_ids(services: Services) -> dict[str, str]:
    sql = text(
        "SELECT a.agent_key, m.id FROM crew_members m JOIN crewai_agents a ON a.id = m.agent_id"
    )
    with services.store.engine.connect() as conn:
        return {r[0]: str(r[1]) for r in conn.execute(sql)}


def test_delete_crew_takes_its_tasks_and_memberships_but_not_agents(services: Services) -> None:
    make_crew(services, "team", ["ann", "ben"])
    services.create_task("team", {"name": "one", "agent": "ann"})
    services.create_task("team", {"name": "two", "agent": "ben", "context": ["one"]})
    services.delete_crew("team")
    with services.store.engine.connect() as conn:
        counts: list[int] = [
            conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("crewai_crews", "crewai_tasks", "crew_members", "crewai_agents")
        ]
    assert counts == [0, 0, 0, 2]
