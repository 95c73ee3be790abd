"""Synthetic data for the benchmarks, bulk-inserted through SQLAlchemy Core.

Keys are predictable so the runner can recognise rows on screen: agents are
``agent-000000`` .. ``agent-NNNNNN`` (the first in key order is ``agent-000000``), crews are
``crew-0000`` .., and ``crew-0000`` has ``big_crew`` members (the reorder target). Tasks are
spread over the crews, each assigned to one of its crew's members and depending on the
previous task of the same crew.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, FromClause, Table, insert

from crewtui.db.engine import make_engine
from crewtui.db.models import AgentRow, CrewMemberRow, CrewRow, DepartmentRow, TaskRow

ROLES = (
    "Market Researcher",
    "Data Analyst",
    "Copy Writer",
    "Code Reviewer",
    "Support Triage",
    "Financial Planner",
    "Legal Checker",
    "Travel Planner",
    "Product Manager",
    "QA Engineer",
    "Security Auditor",
    "Recruiter",
    "Sales Strategist",
    "Translator",
    "Editor",
    "Researcher",
    "Summariser",
    "Scheduler",
    "Negotiator",
    "Architect",
)
MODELS = (
    "gpt-4o",
    "gpt-4o-mini",
    "anthropic/claude-3-5-sonnet",
    "gpt-4-turbo-preview",
    "ollama/llama3",
)
DEPARTMENTS = 20
CHUNK = 5000


@dataclass(frozen=True)
class DataSize:
    agents: int
    crews: int
    tasks: int
    #: members of crew-0000 (the crew the reorder is measured on)
    big_crew: int = 50
    #: members of every other crew
    crew_size: int = 10


def agent_key(i: int) -> str:
    return f"agent-{i:06d}"


def crew_name(i: int) -> str:
    return f"crew-{i:04d}"


def agent_values(i: int, rnd: random.Random, dept_ids: Sequence[uuid.UUID]) -> dict[str, Any]:
    role = ROLES[rnd.randrange(len(ROLES))]
    return {
        "id": uuid.UUID(int=rnd.getrandbits(128), version=4),
        "agent_key": agent_key(i),
        "name": f"{role} agent {i}",
        # unique roles: crewai keeps one agent per role, and lint says so
        "role": f"{role} {i}",
        "goal": f"Deliver {role.lower()} work for request {i} accurately and on time.",
        "backstory": f"A seasoned {role.lower()} who has handled {i % 97 + 3} similar cases.",
        "department_id": dept_ids[i % len(dept_ids)] if dept_ids else None,
        "tools": [],
        "llm_model": MODELS[i % len(MODELS)],
        "temperature": Decimal("0.70"),
        "status": "active",
        "memory_enabled": i % 7 == 0,
        "reasoning_enabled": i % 11 == 0,
        "knowledge_sources": [],
        "version": 1,
    }


def haystack(i: int, rnd: random.Random) -> str:
    """What the agent list filters on for agent ``i`` (key, name, role, department)."""
    role = ROLES[rnd.randrange(len(ROLES))]
    rnd.getrandbits(128)
    dept = i % DEPARTMENTS
    return f"{agent_key(i)} {role} agent {i} {role} {i} dept-{dept:02d} department {dept}".lower()


def _chunks(rows: Iterator[dict[str, Any]], size: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(engine: Engine, table: FromClause, rows: Iterator[dict[str, Any]]) -> int:
    assert isinstance(table, Table)
    n = 0
    with engine.begin() as conn:
        for batch in _chunks(rows):
            conn.execute(insert(table), batch)
            n += len(batch)
    return n


def populate(url: str, size: DataSize, *, seed: int = 7) -> dict[str, int]:
    """Insert ``size`` worth of rows into the (migrated, empty) database at ``url``."""
    engine = make_engine(url)
    try:
        return _populate(engine, size, seed)
    finally:
        engine.dispose()


def _populate(engine: Engine, size: DataSize, seed: int) -> dict[str, int]:
    rnd = random.Random(seed)
    now = datetime.now(UTC)
    dept_ids = [uuid.UUID(int=rnd.getrandbits(128), version=4) for _ in range(DEPARTMENTS)]
    _insert(
        engine,
        DepartmentRow.__table__,
        iter(
            {"id": d, "department_key": f"dept-{i:02d}", "name": f"Department {i}", "sort_order": i}
            for i, d in enumerate(dept_ids)
        ),
    )
    agent_rnd = random.Random(seed + 1)
    agent_ids: list[uuid.UUID] = []

    def agents() -> Iterator[dict[str, Any]]:
        for i in range(size.agents):
            values = agent_values(i, agent_rnd, dept_ids)
            values["created_at"] = values["updated_at"] = now
            agent_ids.append(values["id"])
            yield values

    _insert(engine, AgentRow.__table__, agents())

    crew_ids = [uuid.UUID(int=rnd.getrandbits(128), version=4) for _ in range(size.crews)]
    _insert(
        engine,
        CrewRow.__table__,
        iter(
            {
                "id": c,
                "crew_name": crew_name(i),
                "process_type": "sequential",
                "status": "active",
                "description": f"Benchmark crew {i}",
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for i, c in enumerate(crew_ids)
        ),
    )
    members: dict[uuid.UUID, list[uuid.UUID]] = {}
    start = 0
    for i, c in enumerate(crew_ids):
        n = min(size.big_crew if i == 0 else size.crew_size, len(agent_ids))
        members[c] = [agent_ids[(start + k) % len(agent_ids)] for k in range(n)]
        start += n
    _insert(
        engine,
        CrewMemberRow.__table__,
        iter(
            {
                "id": uuid.UUID(int=rnd.getrandbits(128), version=4),
                "crew_id": c,
                "agent_id": a,
                "sequence_order": pos,
                "created_at": now,
            }
            for c, agents_of in members.items()
            for pos, a in enumerate(agents_of, start=1)
        ),
    )

    def tasks() -> Iterator[dict[str, Any]]:
        if not crew_ids:
            return
        per_crew = [0] * len(crew_ids)
        previous: dict[int, uuid.UUID] = {}
        for t in range(size.tasks):
            ci = t % len(crew_ids)
            per_crew[ci] += 1
            crew = crew_ids[ci]
            tid = uuid.UUID(int=rnd.getrandbits(128), version=4)
            crew_members = members[crew]
            yield {
                "id": tid,
                "crew_id": crew,
                "name": f"task_{per_crew[ci]:03d}",
                "sequence_order": per_crew[ci],
                "description": (
                    f"Step {per_crew[ci]} of {crew_name(ci)}: produce the "
                    f"{ROLES[t % len(ROLES)].lower()} report."
                ),
                "expected_output": "A short markdown report.",
                "assigned_agent_id": crew_members[t % len(crew_members)] if crew_members else None,
                "context_task_ids": [previous[ci]] if ci in previous else None,
                "status": "pending",
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            previous[ci] = tid

    n_tasks = _insert(engine, TaskRow.__table__, tasks())
    return {
        "departments": DEPARTMENTS,
        "agents": size.agents,
        "crews": size.crews,
        "members": sum(len(m) for m in members.values()),
        "tasks": n_tasks,
    }


def filter_counts(n_agents: int, query: str, *, seed: int = 7) -> list[int]:
    """How many agents each prefix of ``query`` should leave in the list (for choosing
    queries whose every keystroke changes what is shown)."""
    rnd = random.Random(seed + 1)
    hay = [haystack(i, rnd) for i in range(n_agents)]
    out = []
    for k in range(1, len(query) + 1):
        words = query[:k].lower().split()
        out.append(sum(1 for h in hay if all(w in h for w in words)))
    return out
