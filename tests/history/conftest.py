"""Services on the migrated test database (SQLite and PostgreSQL) and history helpers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from crewtui.db.history_model import HistoryRow
from crewtui.services import Services, Store


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store.open(db_url)
    yield s
    s.dispose()


@pytest.fixture
def services(store: Store) -> Services:
    return Services(store, user="alice", via="cli")


def agent_values(key: str, **extra: Any) -> dict[str, Any]:
    title = key.replace("-", " ").title()
    return {
        "agent_key": key,
        "name": title,
        "role": title,
        "goal": f"Do {title} work for {{topic}}",
        "backstory": "Experienced.",
        **extra,
    }


def task_values(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "description": f"Do {name}", "expected_output": "A report", **extra}


def make_crew(services: Services, name: str, members: list[str]) -> None:
    for key in members:
        services.create_agent(agent_values(key))
    services.create_crew({"crew_name": name})
    services.set_members(name, [(k, None) for k in members])


def rows(store: Store) -> list[Any]:
    """Every history row, oldest first."""
    table = HistoryRow.__table__
    with store.engine.connect() as conn:
        return list(conn.execute(select(table).order_by(table.c.id)))
