"""Hostile values typed as FIELD=VALUE, stored on both databases: each is saved and then shown
and printed without trouble, or refused with exit 2 naming its field; never a traceback, and
never a value one database takes and the other refuses."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crewtui.cli.records import show_text, table
from crewtui.domain.agent import Agent
from crewtui.domain.errors import ValidationFailed
from crewtui.services import Services, Store
from crewtui.services.values import parse_assignments

from ..codegen.conftest import basic_values
from ..conftest import require_postgres, wipe

FIELDS = (
    "name",
    "role",
    "goal",
    "max_iter",
    "max_rpm",
    "max_tokens",
    "temperature",
    "tools",
    "knowledge_sources",
    "embedder_config",
    "step_callback_url",
)

hostile_chars = st.sampled_from(
    [
        "\x00",
        "\x1b[2J",
        "\x07",
        "\u202e",
        "\ud800",
        "\udfff",
        "\x9b",
        "é",
        "\U0001d518",
        "a",
        "1",
        ",",
        '"',
    ]
)
big_numbers = st.integers(min_value=-(2**70), max_value=2**70).map(str) | st.sampled_from(
    ["2147483647", "2147483648", "-2147483649", "9" * 50, "1e400", "NaN", "-0"]
)
deep_json = st.integers(min_value=1, max_value=400).map(lambda n: "[" * n + "]" * n)
json_texts = st.sampled_from(
    ['["\\ud800"]', '["a\\u0000"]', '{"provider": "openai", "config": {"k": "\\u001b[2J"}}']
)
values = (
    st.lists(hostile_chars, max_size=12).map("".join)
    | big_numbers
    | deep_json
    | json_texts
    | st.text(max_size=30)
)


@pytest.fixture(params=["sqlite", "postgresql"], scope="module")
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """One agent per backend for every example (the shared schema, emptied before and after)."""
    if request.param == "postgresql":
        require_postgres()
    url = request.getfixturevalue(
        "_pg_schema_url" if request.param == "postgresql" else "_sqlite_schema_url"
    )
    s = Store.open(url)
    wipe(s.engine)
    Services(s).create_agent(basic_values("fuzzed"))
    yield s
    wipe(s.engine)
    s.dispose()


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(field=st.sampled_from(FIELDS), text=values)
def test_a_hostile_value_is_stored_and_shown_or_refused_by_name(
    store: Store, field: str, text: str
) -> None:
    services = Services(store)
    try:
        changes = parse_assignments(Agent, [f"{field}={text}"])
        saved = services.update_agent("fuzzed", changes)
    except ValidationFailed as exc:
        assert {p.field.split(".")[0] for p in exc.problems} <= {field}, exc.problems
        return
    shown = show_text(saved, {})
    listed = table(("name", "role"), [(saved.name, saved.role)])
    for out in (shown, listed):
        out.encode("utf-8")  # printable on any UTF-8 terminal
        assert "\x1b" not in out and "\x00" not in out
    json.dumps(saved.model_dump(mode="json"))
    assert services.get_agent("fuzzed").version == saved.version
