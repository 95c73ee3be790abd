"""A save racing another writer between its read and its write never loses an update.

PostgreSQL lets the other writer commit; the mapper's version check then catches it: a save
with an expected version becomes a Conflict carrying the values now stored, a blind save reads
the row again and applies its fields to the latest version. SQLite transactions take the
write lock when they begin, so the other writer cannot get in at all and our save goes
through.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from crewtui.db.engine import make_engine
from crewtui.domain.errors import Conflict
from crewtui.services import Services
from crewtui.services import agents as agent_services
from crewtui.services.refs import resolve_refs

from .conftest import agent_values


def test_concurrent_write_during_save(
    db_url: str, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.create_agent(agent_values("analyst"))
    real = resolve_refs
    other_engine = make_engine(db_url, sqlite_busy_timeout_ms=50)
    outcome: list[str] = []

    def resolve_then_someone_else_saves(
        w: Any, model: Any, values: dict[str, Any]
    ) -> dict[str, Any]:
        if outcome:
            return real(w, model, values)  # the other writer gets in once
        try:
            with other_engine.begin() as other:
                other.execute(text("UPDATE crewai_agents SET max_iter = 11, version = version + 1"))
            outcome.append("other saved")
        except OperationalError:
            outcome.append("other locked out")
        return real(w, model, values)

    monkeypatch.setattr(agent_services, "resolve_refs", resolve_then_someone_else_saves)
    try:
        if services.store.is_sqlite:
            saved = services.update_agent("analyst", {"max_iter": 99})
            assert outcome == ["other locked out"] and (saved.max_iter, saved.version) == (99, 2)
        else:
            with pytest.raises(Conflict) as exc:
                services.update_agent("analyst", {"max_iter": 99}, expected_version=1)
            assert outcome == ["other saved"]
            assert exc.value.theirs["max_iter"] == 11 and exc.value.theirs["version"] == 2
            assert services.get_agent("analyst").max_iter == 11
            outcome.clear()
            saved = services.update_agent("analyst", {"max_rpm": 7})  # blind: applied to v3
            assert outcome == ["other saved"]
            assert (saved.max_rpm, saved.max_iter, saved.version) == (7, 11, 4)
    finally:
        other_engine.dispose()
