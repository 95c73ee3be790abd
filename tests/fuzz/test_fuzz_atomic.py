"""Never part of a change: a save that fails leaves every table exactly as it was.

Each example makes one change that is fine on its own together with one arbitrary change;
when the service refuses, a dump of every row before and after must be equal. Runs on
SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

import crewtui.db.models  # noqa: F401  (every table on Base.metadata)
from crewtui.db.base import Base
from crewtui.domain.agent import Agent
from crewtui.domain.errors import CrewtuiError
from crewtui.domain.fields import fields_of
from crewtui.domain.task import Task
from crewtui.services import Services, Store

from .strategies import values

DB_FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

GOOD_AGENT_CHANGES = [
    {"goal": "a better goal"},
    {"max_iter": 7},
    {"tools": ["web_search"]},
    {"temperature": "0.5"},
]
GOOD_TASK_CHANGES = [
    {"description": "do it again"},
    {"guardrail_max_retries": 1},
    {"agent": "analyst"},
]
odd_values = values | st.sampled_from(
    ["nope", "", "-1", "no-such-agent", "Bad Key", "x" * 300, {"api_key": "sk-123"}]
)


def _dump(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    with services.store.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = conn.execute(select(table)).all()
            out[table.name] = sorted(tuple(map(repr, r)) for r in rows)
    return out


@pytest.fixture
def services(db_url: str) -> Iterator[Services]:
    svc = Services(Store.open(db_url))
    for key in ("analyst", "writer"):
        svc.create_agent(
            {"agent_key": key, "name": key.title(), "role": "r", "goal": "g", "backstory": "b"}
        )
    svc.create_crew({"crew_name": "research"})
    svc.set_members("research", [("analyst", None), ("writer", None)])
    for name in ("gather", "summarise"):
        svc.create_task(
            "research",
            {"name": name, "description": "d", "expected_output": "o", "agent": "analyst"},
        )
    yield svc
    svc.store.dispose()


def _editable(model: type, *, but: tuple[str, ...] = ()) -> list[str]:
    return [f.name for f in fields_of(model) if not f.readonly and f.name not in but]


def _attempt(services: Services, call: Any) -> None:
    before = _dump(services)
    try:
        call()
    except CrewtuiError:
        assert _dump(services) == before
    except Exception as exc:  # anything untyped is a crash the user would see
        pytest.fail(f"untyped error {type(exc).__name__}: {exc}")


@DB_FUZZ
@given(
    good=st.sampled_from(GOOD_AGENT_CHANGES),
    field=st.sampled_from([*_editable(Agent, but=("agent_key",)), "version", "nonsense"]),
    value=odd_values,
)
def test_agent_update_is_all_or_nothing(
    services: Services, good: dict[str, Any], field: str, value: Any
) -> None:
    # the key stays, so every example finds the agent (a renaming save is not the point here)
    agent = services.get_agent("analyst")
    _attempt(
        services,
        lambda: services.update_agent(
            "analyst", {**good, field: value}, expected_version=agent.version
        ),
    )


@DB_FUZZ
@given(
    field=st.sampled_from([*_editable(Agent), "id", "nonsense"]),
    value=odd_values,
    n=st.integers(0, 10**6),
)
def test_agent_create_is_all_or_nothing(services: Services, field: str, value: Any, n: int) -> None:
    values_ = {
        "agent_key": f"new-{n}",
        "name": "New",
        "role": "r",
        "goal": "g",
        "backstory": "b",
        field: value,
    }
    _attempt(services, lambda: services.create_agent(values_))


@DB_FUZZ
@given(
    field=st.sampled_from([*_editable(Task), "context", "agent", "position"]),
    value=odd_values,
    n=st.integers(0, 10**6),
)
def test_task_create_with_renumbering_is_all_or_nothing(
    services: Services, field: str, value: Any, n: int
) -> None:
    # position 1 shifts the other tasks: a multi-row change
    values_ = {
        "name": f"t_{n}",
        "description": "d",
        "expected_output": "o",
        "position": 1,
        field: value,
    }
    _attempt(services, lambda: services.create_task("research", values_))


@DB_FUZZ
@given(
    good=st.sampled_from(GOOD_TASK_CHANGES),
    field=st.sampled_from([*_editable(Task, but=("name",)), "context"]),
    value=odd_values,
)
def test_task_update_is_all_or_nothing(
    services: Services, good: dict[str, Any], field: str, value: Any
) -> None:
    task = services.get_task("research", "summarise")
    _attempt(
        services,
        lambda: services.update_task(
            "research", "summarise", {**good, field: value}, expected_version=task.version
        ),
    )


@DB_FUZZ
@given(
    second=st.text(max_size=20) | st.sampled_from(["analyst", "writer", "ghost"]),
    role=st.none() | st.text(max_size=120),
)
def test_member_list_is_all_or_nothing(services: Services, second: str, role: str | None) -> None:
    _attempt(
        services, lambda: services.set_members("research", [("writer", "lead"), (second, role)])
    )
