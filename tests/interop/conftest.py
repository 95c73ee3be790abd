"""Fixtures of the interop tests: services on a migrated database, with or without the demo."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crewtui.services import Services, Store


@pytest.fixture
def services(db_url: str) -> Iterator[Services]:
    store = Store.open(db_url)
    try:
        yield Services(store)
    finally:
        store.dispose()


@pytest.fixture
def demo(services: Services) -> Services:
    from crewtui.services.demo import load_demo

    load_demo(services)
    return services
