"""Concurrent editors: read-modify-write saves from many threads lose no update.

Every writer reads the agent, adds one to ``max_iter`` and saves with the version it read.
A stale save must come back as a ``Conflict`` (then the writer reloads and tries again);
anything else, or a silent overwrite, fails the test. Bounded by a cap on attempts, not by
time.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from crewtui.domain.errors import Conflict
from crewtui.services import Services, Store

WRITERS = 8
SAVES_EACH = 25
MAX_ATTEMPTS_EACH = 2_000
START = 1
KEY = "counter-agent"


@dataclass
class WriterLog:
    saves: int = 0
    attempts: int = 0
    conflicts: int = 0
    retries: int = 0
    errors: list[BaseException] = field(default_factory=list)


def _writer(services: Services, start: threading.Barrier, log: WriterLog) -> None:
    start.wait()
    while log.saves < SAVES_EACH and log.attempts < MAX_ATTEMPTS_EACH:
        log.attempts += 1
        try:
            agent = services.get_agent(KEY)
            services.update_agent(
                KEY, {"max_iter": agent.max_iter + 1}, expected_version=agent.version
            )
        except Conflict:
            log.conflicts += 1
            log.retries += 1  # reload and go round again
            continue
        except BaseException as exc:  # anything else is a bug this test must show
            log.errors.append(exc)
            return
        log.saves += 1


@pytest.fixture
def services(db_url: str) -> Iterator[Services]:
    svc = Services(Store.open(db_url))
    svc.create_agent(
        {
            "agent_key": KEY,
            "name": "Counter",
            "role": "counts",
            "goal": "count",
            "backstory": "b",
            "max_iter": START,
        }
    )
    yield svc
    svc.store.dispose()


def test_eight_writers_lose_no_update(services: Services) -> None:
    before = services.get_agent(KEY)
    logs = [WriterLog() for _ in range(WRITERS)]
    barrier = threading.Barrier(WRITERS)
    threads = [threading.Thread(target=_writer, args=(services, barrier, log)) for log in logs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    errors = [e for log in logs for e in log.errors]
    assert errors == [], Counter(type(e).__name__ for e in errors)
    assert [log.saves for log in logs] == [SAVES_EACH] * WRITERS, "a writer hit the attempt cap"
    after = services.get_agent(KEY)
    total = WRITERS * SAVES_EACH
    assert after.max_iter == START + total  # no lost update
    assert after.version == before.version + total  # one version per save, none silent
    # every failed attempt reached the writer as a Conflict, and every Conflict was retried
    for log in logs:
        assert log.attempts - log.saves == log.conflicts == log.retries


def test_a_stale_save_is_a_conflict_that_carries_the_stored_values(services: Services) -> None:
    mine = services.get_agent(KEY)
    theirs = services.update_agent(KEY, {"max_iter": 7}, expected_version=mine.version)
    with pytest.raises(Conflict) as caught:
        services.update_agent(KEY, {"max_iter": 9}, expected_version=mine.version)
    assert caught.value.actual_version == theirs.version
    assert caught.value.theirs["max_iter"] == 7
    assert services.get_agent(KEY).max_iter == 7
