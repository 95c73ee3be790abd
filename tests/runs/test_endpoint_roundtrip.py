"""An agent's model endpoint survives export and import in both formats; a key value in a
project is never imported."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from crewtui.interop.export import render_project
from crewtui.services import Services, Store
from crewtui.services.importer import import_project

from ..interop.bundles import agent, bundle, task

ENDPOINT = {
    "llm_base_url": "http://127.0.0.1:11434/v1",
    "llm_api_key_env": "LOCAL_KEY",
    "llm_timeout": 30,
    "llm_top_p": Decimal("0.9"),
    "llm_seed": 7,
    "llm_stop": ["END"],
}


@pytest.fixture
def empty(db_url: str) -> Iterator[Services]:
    store = Store.open(db_url)
    try:
        yield Services(store, user="tester")
    finally:
        store.dispose()


def _write(files: dict[str, str], root: Path) -> Path:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_endpoint_round_trip(empty: Services, tmp_path: Path, fmt: str) -> None:
    a = agent("local-writer", **ENDPOINT)
    b = bundle(
        [a],
        [task("write", a, 0, context=[])],
        crew_name="local-crew",
        planning_enabled=True,
        planning_llm="openai/gpt-4o",
        llm_base_url="http://gateway.local/v1",
        llm_api_key_env="GATEWAY_KEY",
    )
    project = _write(render_project(b, format=fmt), tmp_path / fmt)  # type: ignore[arg-type]
    import_project(empty, project, dry_run=False)
    back = empty.get_agent("local-writer")
    assert {k: getattr(back, k) for k in ENDPOINT} == ENDPOINT
    crew = empty.get_crew("local-crew")
    assert (crew.planning_llm, crew.llm_base_url, crew.llm_api_key_env) == (
        "openai/gpt-4o",
        "http://gateway.local/v1",
        "GATEWAY_KEY",
    )


def test_a_key_value_is_not_imported(empty: Services, tmp_path: Path) -> None:
    a = agent("keyed", llm_base_url="http://127.0.0.1:1/v1")
    b = bundle([a], [task("write", a, 0, context=[])], crew_name="keyed-crew")
    files = render_project(b, format="yaml")
    crew_py = "src/keyed_crew/crew.py"
    files[crew_py] = files[crew_py].replace(
        "base_url='http://127.0.0.1:1/v1'", "base_url='http://127.0.0.1:1/v1', api_key='sk-live-1'"
    )
    assert "sk-live-1" in files[crew_py]
    report = import_project(empty, _write(files, tmp_path / "p"), dry_run=False)
    back = empty.get_agent("keyed")
    assert back.llm_api_key_env is None and back.llm_base_url == "http://127.0.0.1:1/v1"
    assert any("api_key" in str(w) for w in report.plan.warnings)
