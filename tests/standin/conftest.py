"""The ``standin`` pytest fixture: one stand-in model server per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import StandIn


@pytest.fixture(scope="session")
def standin() -> Iterator[StandIn]:
    server = StandIn().start()
    try:
        yield server
    finally:
        server.stop()
