"""Rows written at once by an import read back as rows added one by one through the
repository do; a duplicate key is an IntegrityError as for any other write."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from crewtui.db.bulk import write_rows
from crewtui.db.models import AgentRow
from crewtui.db.repos.base import column_names
from crewtui.domain.agent import Agent
from crewtui.services import Services
from crewtui.services.base import Work

from ..dbutil import statements_sent

SKIP = {"id", "version", "created_at", "updated_at", "department_id", "memory_config_id"}


def _agent(key: str, **extra: Any) -> Agent:
    values = {"agent_key": key, "name": key, "role": "R", "goal": "G", "backstory": "B"}
    return Agent.validated({**values, **extra})


AGENTS = [
    _agent("plain"),
    _agent(
        "filled",
        tools=["serper", "web.search-2", "a_b"],
        temperature=Decimal("0.35"),
        knowledge_sources=[{"type": "string", "content": 'x\ny \\N {a,b} "q" it\'s'}],
        embedder_config={"provider": "openai", "config": {"model": "m"}},
        function_calling_llm=None,
        allow_delegation=False,
        max_iter=7,
        role="Line one\nline two\ttabbed \\N null-looking",
    ),
    _agent("empty-json", embedder_config=None, tools=[]).model_copy(
        update={"knowledge_sources": None}
    ),
]


def _rows(services: Services, keys: list[str]) -> list[tuple[Any, ...]]:
    names = [n for n in column_names(AgentRow) if n not in SKIP]
    with services.store.engine.connect() as conn:
        got = conn.execute(
            select(*[AgentRow.__table__.c[n] for n in names])
            .where(AgentRow.agent_key.in_(keys))
            .order_by(AgentRow.agent_key)
        ).all()
    return [tuple(r) for r in got]


def _write(services: Services, records: list[Agent]) -> None:
    names = [
        n
        for n in column_names(AgentRow)
        if n not in {"id", "version", "created_at", "updated_at"} and n in Agent.model_fields
    ]
    rows = [[uuid.uuid4(), *[r.__dict__[n] for n in names]] for r in records]
    with services.store.uow() as uow:
        write_rows(uow.session.connection(), AgentRow.__table__, ["id", *names], rows)  # type: ignore[arg-type]
        uow.commit()


def test_rows_written_at_once_read_back_as_rows_added_one_by_one(services: Services) -> None:
    with services.store.uow() as uow:
        w = Work(uow.session)
        for a in AGENTS:
            w.agents.add(a.model_copy(update={"agent_key": "one-" + a.agent_key}))
        uow.commit()
    _write(services, [a.model_copy(update={"agent_key": "all-" + a.agent_key}) for a in AGENTS])
    one = _rows(services, ["one-" + a.agent_key for a in AGENTS])
    at_once = _rows(services, ["all-" + a.agent_key for a in AGENTS])
    assert len(one) == len(AGENTS)
    assert [r[1:] for r in at_once] == [r[1:] for r in one]  # all but the key
    with services.store.engine.connect() as conn:
        versions = conn.scalars(
            select(AgentRow.version).where(AgentRow.agent_key.like("all-%"))
        ).all()
        nulls = conn.scalar(
            select(AgentRow.agent_key).where(
                AgentRow.agent_key == "all-empty-json",
                AgentRow.knowledge_sources.is_(None),
                AgentRow.embedder_config.is_(None),
            )
        )
    assert versions == [1, 1, 1] and nulls == "all-empty-json"  # NULL, not JSON null


def test_many_rows_take_a_few_statements(services: Services) -> None:
    records = [
        _agent(f"bulk-{i:04d}", embedder_config=None if i % 2 else {"provider": "openai"})
        for i in range(2500)
    ]
    with statements_sent(services.store.engine) as seen:
        _write(services, records)
    inserts = [s for s in seen if s.lstrip().upper().startswith("INSERT")]
    # SQLite: executemany per 1000 rows and per set of empty JSON columns; PostgreSQL: COPY
    assert len(inserts) <= 6
    with services.store.engine.connect() as conn:
        assert (
            len(conn.scalars(select(AgentRow.id).where(AgentRow.agent_key.like("bulk-%"))).all())
            == 2500
        )


def test_a_duplicate_key_is_an_integrity_error(services: Services) -> None:
    _write(services, [_agent("twice")])
    with pytest.raises(IntegrityError):
        _write(services, [_agent("twice")])
