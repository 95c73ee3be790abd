"""Hypothesis strategies shared by the fuzz tests: arbitrary values and record dicts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from crewtui.domain.agent import Agent
from crewtui.domain.base import Record
from crewtui.domain.catalog import Department, MemoryConfig, Tool
from crewtui.domain.crew import Crew
from crewtui.domain.deployment import Deployment
from crewtui.domain.task import Task

MODELS: tuple[type[Record], ...] = (
    Agent,
    Crew,
    Task,
    MemoryConfig,
    Department,
    Tool,
    Deployment,
)

#: moderate: the whole fuzz suite stays in the tens of seconds
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.binary(max_size=20),
    st.uuids(),
    st.datetimes(timezones=st.just(UTC)) | st.datetimes(),
    st.sampled_from(
        ["", " ", "null", "none", "yes", "0", "-1", "1e400", "NaN", "%", "a,b", "[]", "{}"]
    ),
)

values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=12), inner, max_size=4)
        | st.tuples(inner, inner)
        | st.frozensets(st.integers(), max_size=3)
    ),
    max_leaves=12,
)


def record_dicts(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """Dicts over the model's field names (and a few strangers) with arbitrary values."""
    names = sorted(model.model_fields)
    keys = st.sampled_from(names) | st.text(max_size=10)
    return st.dictionaries(keys, values, max_size=len(names))


VALID_BASE: dict[type[Record], dict[str, Any]] = {
    Agent: {"agent_key": "analyst", "name": "Analyst", "role": "r", "goal": "g", "backstory": "b"},
    Crew: {"crew_name": "research"},
    Task: {"name": "research", "description": "d", "expected_output": "o", "crew_id": uuid.uuid4()},
    MemoryConfig: {"name": "basic"},
    Department: {"department_key": "research", "name": "Research"},
    Tool: {"tool_key": "web_search", "name": "Web search"},
}

ids = st.uuids()
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1))
decimals = st.decimals(
    allow_nan=False,
    allow_infinity=False,
    places=2,
    min_value=Decimal(-1000),
    max_value=Decimal(1000),
)
