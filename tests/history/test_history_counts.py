"""The history view's statements do not grow with the number of revisions.

An agent gets 1, 100 and 10,000 revisions (the first through the service, the rest
bulk-inserted as the listener would write them); reading its history, the state at its
oldest revision and the diff of that against the current values each send the same number
of statements at every size.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert

from crewtui.db.history_model import HistoryRow
from crewtui.services import Services, Store

from ..dbutil import statements_sent
from .conftest import agent_values

SIZES = (1, 100, 10_000)


def _count(store: Store, services: Services) -> dict[str, int]:
    oldest = services.record_history("agent", "writer", limit=1_000_000).revisions[-1].id
    out: dict[str, int] = {}
    calls = {
        "history": lambda: services.record_history("agent", "writer"),
        "state": lambda: services.history_state("agent", "writer", oldest),
        "diff": lambda: services.history_diff("agent", "writer", oldest),
    }
    for name, call in calls.items():
        with statements_sent(store.engine) as seen:
            call()
        out[name] = len(seen)
    return out


def test_history_statements_stay_flat(services: Services, store: Store) -> None:
    counts: dict[int, dict[str, int]] = {}
    services.create_agent(agent_values("writer"))
    done = 1
    for size in SIZES:
        _grow_from = done
        # add the revisions between the last size and this one
        agent = services.get_agent("writer")
        rows_needed = size - _grow_from
        if rows_needed:
            with store.engine.begin() as conn:
                conn.execute(
                    insert(HistoryRow),
                    [
                        {
                            "record_kind": "agent",
                            "record_id": agent.id,
                            "record_key": "writer",
                            "action": "update",
                            "version": n,
                            "actor": "alice",
                            "via": "cli",
                            "change_set": n,
                            "changed_at": datetime.now(UTC),
                            "changes": {"max_iter": [n, n + 1]},
                        }
                        for n in range(_grow_from, size)
                    ],
                )
        done = size
        assert services.record_history("agent", "writer").total == size
        counts[size] = _count(store, services)
    print(f"statements per call at 1/100/10,000 revisions: {counts}")
    assert counts[1] == counts[100] == counts[10_000], counts
    assert counts[1]["history"] <= 6, counts
