"""Agent services on both databases: save, validation, references, conflicts, deletion."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from sqlalchemy import text

from crewtui.domain.errors import Conflict, InUse, NotFound, ValidationFailed
from crewtui.services import Services

from .conftest import agent_values, make_crew


def stored(services: Services, sql: str, **params: object) -> list[tuple]:
    with services.store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def test_create_show_update_delete(services: Services) -> None:
    services.create_department({"department_key": "research", "name": "Research"})
    created = services.create_agent(
        agent_values(
            "market-analyst",
            department_id="research",
            tools=["web_search"],
            temperature=Decimal("0.3"),
            max_iter=12,
        )
    )
    assert created.version == 1 and created.id is not None

    got = services.get_agent("market-analyst")
    assert got.department_id == services.get_department("research").id
    assert got.tools == ["web_search"] and got.max_iter == 12 and got.temperature == Decimal("0.30")
    assert services.get_agent_by_id(created.id).agent_key == "market-analyst"

    saved = services.update_agent(
        "market-analyst", {"max_iter": 40, "llm_model": "openai/gpt-4o"}, expected_version=1
    )
    assert (saved.version, saved.max_iter, saved.llm_model) == (2, 40, "openai/gpt-4o")
    assert stored(services, "SELECT max_iter, version FROM crewai_agents") == [(40, 2)]

    services.delete_agent("market-analyst")
    assert stored(services, "SELECT count(*) FROM crewai_agents") == [(0,)]
    with pytest.raises(NotFound):
        services.get_agent("market-analyst")


def test_invalid_values_name_the_field_and_write_nothing(services: Services) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.create_agent(agent_values("Bad Key", max_iter=0))
    assert set(exc.value.by_field()) == {"agent_key", "max_iter"}
    assert stored(services, "SELECT count(*) FROM crewai_agents") == [(0,)]

    services.create_agent(agent_values("analyst"))
    with pytest.raises(ValidationFailed) as exc:
        services.update_agent("analyst", {"max_iter": 5, "temperature": Decimal("7")})
    assert list(exc.value.by_field()) == ["temperature"]
    assert stored(services, "SELECT max_iter, version FROM crewai_agents") == [(25, 1)]

    with pytest.raises(ValidationFailed) as exc:
        services.update_agent("analyst", {"version": 9})
    assert exc.value.by_field() == {"version": "is read-only"}


def test_duplicate_key_is_a_field_error(services: Services) -> None:
    services.create_agent(agent_values("analyst"))
    services.create_agent(agent_values("writer"))
    with pytest.raises(ValidationFailed) as exc:
        services.create_agent(agent_values("analyst"))
    assert exc.value.by_field() == {"agent_key": "is already taken"}
    with pytest.raises(ValidationFailed) as exc:
        services.update_agent("writer", {"agent_key": "analyst"})
    assert exc.value.by_field() == {"agent_key": "is already taken"}
    assert stored(services, "SELECT agent_key FROM crewai_agents ORDER BY agent_key") == [
        ("analyst",),
        ("writer",),
    ]


def test_references_accept_key_or_id_and_reject_unknown(services: Services) -> None:
    dept = services.create_department({"department_key": "finance", "name": "Finance"})
    cfg = services.create_memory_config({"name": "default"})
    a = services.create_agent(
        agent_values("modeler", department_id=str(dept.id), memory_config_id="default")
    )
    assert (a.department_id, a.memory_config_id) == (dept.id, cfg.id)

    with pytest.raises(ValidationFailed) as exc:
        services.update_agent(
            "modeler", {"department_id": "nope", "memory_config_id": str(uuid.uuid4())}
        )
    problems = exc.value.by_field()
    assert problems["department_id"] == "no department 'nope'"
    assert problems["memory_config_id"].startswith("no memory config with id")
    assert services.get_agent("modeler").version == 1

    cleared = services.update_agent("modeler", {"department_id": None})
    assert cleared.department_id is None


def test_two_editors_second_save_conflicts_with_their_values(store, services: Services) -> None:
    services.create_agent(agent_values("analyst"))
    alice, bob = Services(store, user="alice"), Services(store, user="bob")
    mine, theirs = alice.get_agent("analyst"), bob.get_agent("analyst")

    alice.update_agent("analyst", {"max_iter": 10}, expected_version=mine.version)
    with pytest.raises(Conflict) as exc:
        bob.update_agent(
            "analyst", {"max_iter": 99, "name": "Bob's"}, expected_version=theirs.version
        )
    assert exc.value.theirs["max_iter"] == 10
    assert exc.value.theirs["version"] == 2
    assert (exc.value.expected_version, exc.value.actual_version) == (1, 2)
    assert stored(services, "SELECT max_iter, name, version FROM crewai_agents") == [
        (10, "Analyst", 2)
    ]


def test_delete_refused_while_referenced(services: Services) -> None:
    make_crew(services, "research", ["lead", "helper"])
    services.create_agent(agent_values("boss"))
    services.create_crew(
        {"crew_name": "board", "process_type": "hierarchical", "manager_agent_id": "boss"}
    )
    services.create_task("research", {"name": "first", "agent": "helper"})

    with pytest.raises(InUse) as exc:
        services.delete_agent("helper")
    assert {(r.kind, r.name, r.via) for r in exc.value.references} == {
        ("task", "research/first", "assigned agent"),
        ("crew", "research", "member #2"),
    }
    with pytest.raises(InUse) as exc:
        services.delete_agent("boss")
    assert [(r.kind, r.name, r.via) for r in exc.value.references] == [
        ("crew", "board", "manager agent")
    ]
    assert services.agent_references("lead")[0].via == "member #1"
    assert stored(services, "SELECT count(*) FROM crewai_agents") == [(3,)]


def test_usage_lists_crews_positions_and_tasks(services: Services) -> None:
    make_crew(services, "research", ["lead", "helper"])
    services.set_member_role("research", "helper", "analyst")
    services.create_task("research", {"name": "first", "agent": "helper"})
    services.create_task("research", {"name": "second", "agent": "helper"})
    usage = services.agent_usage("helper")
    assert [(c.crew_name, c.role_in_crew, c.position) for c in usage.crews] == [
        ("research", "analyst", 2)
    ]
    assert usage.task_count == 2 and usage.manager_of == ()


def test_legacy_row_breaking_bounds_is_still_listed_and_shown(services: Services) -> None:
    services.create_agent(agent_values("old-timer"))
    with services.store.engine.begin() as conn:
        conn.execute(
            text("UPDATE crewai_agents SET max_iter = -3, status = NULL, allow_delegation = NULL")
        )
    agent = services.get_agent("old-timer")
    assert agent.max_iter == -3 and agent.status == "active" and agent.allow_delegation is True
    assert [s.agent_key for s in services.list_agents()] == ["old-timer"]
    with pytest.raises(ValidationFailed) as exc:
        services.update_agent("old-timer", {"name": "Renamed"})
    assert "max_iter" in exc.value.by_field()
