"""The commands' JSON writer gives exactly what ``json.dumps(indent=2, default=str,
ensure_ascii=False)`` gives, for any value the commands print."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crewtui.cli.jsonout import dumps

_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.uuids(),
    st.datetimes(),
)
_KEYS = st.one_of(st.text(max_size=6), st.integers(-5, 5), st.booleans(), st.none(), st.floats())
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(_KEYS, inner, max_size=4),
    ),
    max_leaves=30,
)


def _reference(value: Any) -> str:
    return json.dumps(value, indent=2, default=str, ensure_ascii=False)


@settings(max_examples=600, deadline=None)
@given(_VALUES)
def test_it_writes_what_json_dumps_writes(value: Any) -> None:
    assert dumps(value) == _reference(value)


def test_records_as_the_commands_print_them() -> None:
    record = {
        "id": str(uuid.uuid4()),
        "name": 'Zoë \u2028 "quoted" \\ tab\t',
        "temperature": 0.7,
        "tools": ["a", "b"],
        "settings": {"memory": True, "nested": {"empty": {}, "list": []}},
        "at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        "amount": Decimal("1.50"),
        "none": None,
    }
    assert dumps([record, record]) == _reference([record, record])
    assert dumps([]) == "[]" and dumps({}) == "{}"


def test_a_cycle_is_refused_as_json_refuses_it() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular"):
        dumps(loop)
