"""The agent list at a few thousand agents: filter, sort, pages, and a constant query count."""

from __future__ import annotations

import uuid

from sqlalchemy import insert

from crewtui.db.models import AgentRow, DepartmentRow
from crewtui.services import Services

from ..dbutil import statements_sent

N = 3000


def seed(services: Services, n: int, start: int = 0) -> None:
    with services.store.engine.begin() as conn:
        depts = [uuid.uuid4() for _ in range(4)]
        if start == 0:
            conn.execute(
                insert(DepartmentRow),
                [
                    {
                        "id": d,
                        "department_key": f"dept-{i}",
                        "name": f"Dept {['Research', 'Sales', 'Legal', 'Ops'][i]}",
                    }
                    for i, d in enumerate(depts)
                ],
            )
        else:
            depts = [
                r[0]
                for r in conn.execute(
                    DepartmentRow.__table__.select().with_only_columns(DepartmentRow.id)
                )
            ]
        conn.execute(
            insert(AgentRow),
            [
                {
                    "id": uuid.uuid4(),
                    "agent_key": f"agent-{i:05d}",
                    "name": f"Agent {i}",
                    "role": "Market Analyst" if i % 10 == 0 else "Writer",
                    "goal": "g",
                    "backstory": "b",
                    "department_id": depts[i % 4],
                    "reasoning_enabled": i % 2 == 0,
                    "memory_enabled": i % 3 == 0,
                }
                for i in range(start, start + n)
            ],
        )


def test_filter_sort_and_pages(services: Services) -> None:
    seed(services, N)
    assert services.count_agents() == N
    assert services.count_agents("market analyst") == N // 10
    assert services.count_agents("DEPT SALES") == N // 4  # department name, any case
    assert services.count_agents("agent-0299") == 10
    assert services.count_agents("agent-02999") == 1

    page = services.list_agents("", limit=25, offset=50)
    assert [a.agent_key for a in page] == [f"agent-{i:05d}" for i in range(50, 75)]
    second = page[1]  # agent 51
    assert (second.department_key, second.department_name, second.flags, second.role) == (
        "dept-3",
        "Dept Ops",
        "M",
        "Writer",
    )
    assert services.list_agents("", limit=1, offset=0)[0].flags == "MR"

    pages = [
        a.agent_key
        for off in range(0, N, 700)
        for a in services.list_agents("", sort="department_name", limit=700, offset=off)
    ]
    assert len(pages) == len(set(pages)) == N
    desc = services.list_agents("analyst", sort="agent_key", descending=True, limit=3)
    assert [a.agent_key for a in desc] == ["agent-02990", "agent-02980", "agent-02970"]


def test_like_wildcards_in_the_filter_are_literal(services: Services) -> None:
    seed(services, 20)
    services.update_agent("agent-00003", {"name": "100% Sure_Thing"})
    assert [a.agent_key for a in services.list_agents("%")] == ["agent-00003"]
    assert [a.agent_key for a in services.list_agents("e_t")] == ["agent-00003"]


def test_a_page_takes_the_same_queries_at_any_size(services: Services) -> None:
    seed(services, 50)
    with statements_sent(services.store.engine) as small:
        services.list_agents("analyst", sort="department_name", limit=20, offset=0)
        services.count_agents("analyst")
    seed(services, N, start=50)
    with statements_sent(services.store.engine) as large:
        services.list_agents("analyst", sort="department_name", limit=20, offset=100)
        services.count_agents("analyst")
    assert len(small) == len(large)
    assert len([s for s in large if s.lstrip().upper().startswith("SELECT")]) == 2
