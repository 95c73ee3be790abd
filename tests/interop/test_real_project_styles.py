"""Styles of hand-written projects that import with a clear word instead of a refusal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crewtui.services import Services, Store
from crewtui.services.importer import import_project

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture
def services(sqlite_db_url: str) -> Iterator[Services]:
    store = Store.open(sqlite_db_url)
    try:
        yield Services(store)
    finally:
        store.dispose()


def test_old_values_and_missing_yaml_keys_import_with_warnings(services: Services) -> None:
    """``Crew(verbose=2)`` from older releases, and a @task whose tasks.yaml key is missing."""
    report = import_project(services, CORPUS / "legacy_blog", dry_run=False)
    messages = [str(w) for w in report.warnings]
    assert any("verbose: 2" in m and "stored as true" in m for m in messages), messages
    assert any("has no 'editing_task'" in m and "not imported" in m for m in messages), messages
    bundle = services.load_bundle("legacy_blog")
    assert bundle.crew.verbose is True
    assert [t.name for t in bundle.tasks] == ["research_task", "reporting_task"]
