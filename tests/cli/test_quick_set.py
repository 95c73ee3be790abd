"""``agents set`` written with the bare driver stores, records and prints exactly what the
models' way does, on both databases, and leaves every doubtful case to the models' way.

Two identical agents get the same assignments, one through the quick writer and one with it
switched off; their rows, their history entries, the output and the exit status must match.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from crewtui.cli import cli
from crewtui.db import compiled_set
from crewtui.db.compile_set import render_module
from crewtui.db.engine import make_engine
from crewtui.services import Services, Store, quick_set

TWIN = {
    "name": "Twin",
    "role": "Researcher",
    "goal": "Find things",
    "backstory": "Has read a lot",
    "temperature": Decimal("0.7"),
    "tools": ["web_search"],
    "max_tokens": 4000,
}

#: assignments the quick writer takes
QUICK = [
    ["max_iter=7"],
    ["max-iter=1_000"],
    ["temperature=0.35", "verbose=yes"],
    ["temperature=1.50"],
    ["temperature=0.7"],  # the stored value: nothing written, the version stays
    ["llm_top_p=0.9", "llm_seed=-5", "llm_timeout=30"],
    ["name=  New Name  "],
    ["role=  a role with spaces  "],
    ["llm_api_key_env=TRIMMED\n"],
    ["goal=   "],  # the models take blank text for a text field
    ["status=inactive", "code_execution_mode=unsafe"],
    ["llm_model=", "max_tokens=none"],
    ["llm_model=anthropic/claude-sonnet-4", "function_calling_llm=openai/gpt-4o-mini"],
    ["allow_delegation=off", "cache_enabled=0", "memory_enabled=TRUE"],
    ["llm_api_key_env=MY_KEY", "system_template=You are {role}."],
    ["max_reasoning_attempts=2", "reasoning_enabled=y"],
]
#: assignments the quick writer leaves to the models (a refusal, or a check of their own)
DECLINED = [
    ["max_iter=0"],
    ["max_iter=99999999999"],
    ["temperature=2.5"],
    ["temperature=0.123"],
    ["temperature=abc"],
    ["status=gone"],
    ["name="],
    ["llm_api_key_env=1BAD"],
    ["max_iter=5", "max_iter=6"],
    ["max_iter=5", "tools=a,b"],
    ["tools=serper_dev_tool"],
    ["execution_count=3"],
    ["nosuchfield=1"],
    ["crewai.memory=true"],
    ["max_iter"],
]


@pytest.fixture
def services(db_url: str) -> Iterator[Services]:
    store = Store.open(db_url)
    services = Services(store, user="tester")
    for key in ("twin-quick", "twin-normal"):
        services.create_agent({"agent_key": key, **TWIN})
    yield services
    store.dispose()


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What the quick writer answered, in order (None: the models' way ran)."""
    answers: list[Any] = []
    real = quick_set.set_agent

    def recording(*args: Any, **kwargs: Any) -> Any:
        answer = real(*args, **kwargs) if not kwargs.get("actor", "").startswith("off:") else None
        answers.append(answer)
        return answer

    monkeypatch.setattr(quick_set, "set_agent", recording)
    return answers


def _set(db_url: str, key: str, items: list[str], *extra: str, user: str = "tester") -> Any:
    return CliRunner().invoke(
        cli, ["--as", user, "agents", "set", key, *items, *extra, "--db", db_url]
    )


def _row(db_url: str, key: str) -> dict[str, Any]:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT * FROM crewai_agents WHERE agent_key = :k"), {"k": key}
        ).mappings()
        found = dict(next(iter(row)))
    engine.dispose()
    for name in ("id", "agent_key", "created_at", "updated_at"):
        found.pop(name)
    return found


def _history(db_url: str, key: str) -> list[dict[str, Any]]:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT action, version, actor, via, changes, parent_id FROM crewtui_history "
                "WHERE record_key = :k ORDER BY id"
            ),
            {"k": key},
        ).mappings()
        found = [dict(r) for r in rows]
    engine.dispose()
    for r in found:  # JSON text on SQLite, a value on PostgreSQL
        if isinstance(r["changes"], str):
            import json

            r["changes"] = json.loads(r["changes"])
        r["actor"] = r["actor"].removeprefix("off:")
    return found


def _both(db_url: str, items: list[str], *extra: str) -> tuple[Any, Any]:
    quick = _set(db_url, "twin-quick", items, *extra)
    normal = _set(db_url, "twin-normal", items, *extra, user="off:tester")
    return quick, normal


def _same_outcome(quick: Any, normal: Any) -> None:
    assert quick.exit_code == normal.exit_code, (quick.output, normal.output)
    assert quick.output.replace("twin-quick", "KEY") == normal.output.replace("twin-normal", "KEY")


def test_the_rules_are_derived_from_the_model_and_the_tables() -> None:
    """``python -m crewtui.db.compile`` rewrites them when a field or a column changes."""
    from pathlib import Path

    assert Path(compiled_set.__file__).read_text(encoding="utf-8") == render_module()
    fields = compiled_set.AGENT_FIELDS
    # checks of their own stay with the models
    for name in ("agent_key", "tools", "date_format", "llm_base_url", "crewai_settings"):
        assert name not in fields
    assert fields["max_iter"] == ("int", False, (("ge", "1"),))
    assert ("pattern", "^[A-Za-z_][A-Za-z0-9_]*$") in fields["llm_api_key_env"][2]


@pytest.mark.parametrize("items", QUICK, ids=[" ".join(i) for i in QUICK])
def test_a_quick_save_equals_the_models_save(
    services: Services, db_url: str, spy: list[Any], items: list[str]
) -> None:
    quick, normal = _both(db_url, items)
    assert quick.exit_code == 0, quick.output
    assert spy[0] is not None and spy[1] is None  # the quick writer saved the first
    _same_outcome(quick, normal)
    assert _row(db_url, "twin-quick") == _row(db_url, "twin-normal")
    assert _history(db_url, "twin-quick") == _history(db_url, "twin-normal")


@pytest.mark.parametrize("items", DECLINED, ids=[" ".join(i) for i in DECLINED])
def test_doubtful_saves_are_left_to_the_models(
    services: Services, db_url: str, spy: list[Any], items: list[str]
) -> None:
    quick, normal = _both(db_url, items)
    assert spy[0] is None, items
    _same_outcome(quick, normal)
    assert _row(db_url, "twin-quick") == _row(db_url, "twin-normal")


def test_if_version_conflicts_and_matches_as_before(
    services: Services, db_url: str, spy: list[Any]
) -> None:
    quick, normal = _both(db_url, ["max_iter=9"], "--if-version", "7")
    assert spy[0] is None and quick.exit_code == 3
    _same_outcome(quick, normal)
    quick, normal = _both(db_url, ["max_iter=9"], "--if-version", "1")
    assert spy[2] is not None and quick.exit_code == 0
    _same_outcome(quick, normal)
    assert _row(db_url, "twin-quick") == _row(db_url, "twin-normal")


def test_a_stored_row_the_rules_refuse_goes_the_models_way(
    services: Services, db_url: str, spy: list[Any]
) -> None:
    """A legacy value out of today's bounds, or NULL in a required column: the models' way
    reports or fills it, so the quick writer stays out."""
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE crewai_agents SET max_rpm = -4 WHERE agent_key LIKE 'twin-%'"))
    _same_outcome(*_both(db_url, ["max_iter=3"]))
    assert spy[0] is None
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE crewai_agents SET max_rpm = 0, max_retry_limit = NULL "
                "WHERE agent_key LIKE 'twin-%'"
            )
        )
    engine.dispose()
    _same_outcome(*_both(db_url, ["max_iter=3"]))
    assert spy[2] is None
    assert _row(db_url, "twin-quick") == _row(db_url, "twin-normal")
    assert _row(db_url, "twin-quick")["max_retry_limit"] == 2  # filled with the default


def test_no_such_agent_is_reported_by_the_models_way(
    services: Services, db_url: str, spy: list[Any]
) -> None:
    result = _set(db_url, "no-such-agent", ["max_iter=3"])
    assert spy == [None] and result.exit_code != 0
    assert "no-such-agent" in result.output


def test_concurrent_quick_saves_lose_nothing(services: Services, db_url: str) -> None:
    """Blind saves of different fields racing on one agent: each lands once, the version
    counts every save (a save that lost the race is written again the models' way)."""
    fields = ["max_iter=3", "max_rpm=9", "max_retry_limit=4", "llm_seed=11", "verbose=yes"]
    fields += ["name=Raced", "llm_timeout=40", "max_execution_time=60"]
    went_quick: list[bool] = []

    def save(item: str) -> None:
        saved = quick_set.set_agent(db_url, "twin-quick", [item], expected_version=None, actor="t")
        went_quick.append(saved is not None)
        if saved is None:
            store = Store.open(db_url)
            try:
                from crewtui.domain.agent import Agent
                from crewtui.services.values import parse_assignments

                Services(store, user="t").update_agent(
                    "twin-quick", parse_assignments(Agent, [item])
                )
            finally:
                store.dispose()

    threads = [threading.Thread(target=save, args=(f,)) for f in fields]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    row = _row(db_url, "twin-quick")
    assert (row["max_iter"], row["max_rpm"], row["max_retry_limit"], row["llm_seed"]) == (
        3,
        9,
        4,
        11,
    )
    assert bool(row["verbose"]) and row["name"] == "Raced"
    assert (row["llm_timeout"], row["max_execution_time"]) == (40, 60)
    assert row["version"] == 1 + len(fields)
    assert len([h for h in _history(db_url, "twin-quick") if h["action"] == "update"]) == len(
        fields
    )
    assert any(went_quick)


_TEXTS = st.one_of(
    st.text(max_size=8),
    st.from_regex(r"[ ]?-?[0-9_]{0,4}(\.[0-9]{0,4})?(E-?[0-9])?[ ]?", fullmatch=True),
    st.sampled_from(["yes", "no", "on", "OFF", "null", "None", "", "safe", "unsafe", "active"]),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,3}\n?", fullmatch=True),
)


@settings(max_examples=400, deadline=None)
@given(name=st.sampled_from(sorted(compiled_set.AGENT_FIELDS)), value=_TEXTS)
def test_what_the_quick_rules_take_the_models_take(name: str, value: str) -> None:
    """Whatever the quick writer accepts, the models accept as the same value."""
    from crewtui.domain.agent import Agent

    changes = quick_set.parse([f"{name}={value}"])
    if changes is None:
        return
    current = Agent.validated({"agent_key": "twin", **TWIN})
    updated = current.updated(changes)  # raises when the models refuse
    assert getattr(updated, name) == changes[name]
