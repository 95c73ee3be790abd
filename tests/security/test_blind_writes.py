"""Blind saves (no ``--if-version``) under concurrency: each applies its fields to the latest
version of the row and never fails because someone else changed the row meanwhile; a save
with an expected version still gets a Conflict."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from crewtui.domain.errors import Conflict
from crewtui.services import Services, Store

from ..codegen.conftest import basic_values

WRITERS = 6
SAVES = 15
FIELDS = ("max_iter", "max_rpm", "max_retry_limit", "max_execution_time", "max_tokens", "goal")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store.open(db_url)
    yield s
    s.dispose()


def test_concurrent_blind_saves_of_different_fields_all_apply(store: Store) -> None:
    Services(store).create_agent(basic_values("shared"))
    failures: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def writer(field: str) -> None:
        services = Services(store)
        start.wait()
        for n in range(1, SAVES + 1):
            value: object = f"goal {n}" if field == "goal" else n
            try:
                services.update_agent("shared", {field: value})
            except BaseException as exc:  # counted: the test reports them
                failures.append(exc)

    threads = [threading.Thread(target=writer, args=(f,)) for f in FIELDS[:WRITERS]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    final = Services(store).get_agent("shared")
    assert final.version == 1 + WRITERS * SAVES
    for field in FIELDS[:WRITERS]:
        expected = f"goal {SAVES}" if field == "goal" else SAVES
        assert getattr(final, field) == expected, field  # no field was lost to another's save


def test_a_save_with_an_expected_version_still_conflicts(store: Store) -> None:
    services = Services(store)
    services.create_agent(basic_values("shared"))
    services.update_agent("shared", {"max_iter": 3})
    with pytest.raises(Conflict):
        services.update_agent("shared", {"max_rpm": 5}, expected_version=1)
