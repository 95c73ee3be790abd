"""A Services facade on the migrated test database (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from crewtui.services import Services, Store


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store.open(db_url)
    yield s
    s.dispose()


@pytest.fixture
def services(store: Store) -> Services:
    return Services(store, user="tester")


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


def make_crew(services: Services, name: str, members: list[str], **values: Any) -> None:
    """A crew with fresh agents as members, in that order."""
    for key in members:
        services.create_agent(agent_values(key))
    services.create_crew({"crew_name": name, **values})
    services.set_members(name, [(k, None) for k in members])
