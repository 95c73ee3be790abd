"""Each kind of record reaches the service methods named after its noun."""

from __future__ import annotations

from typing import Any

import pytest

from crewtui.domain.errors import Conflict, NotFound
from crewtui.services import Services
from crewtui.ui.screens.kinds import AGENT, DEPARTMENT, MEMORY_CONFIG, TOOL, RecordKind

AGENT_VALUES = {
    "agent_key": "kind-probe",
    "name": "Probe",
    "role": "Probe",
    "goal": "Probe",
    "backstory": "Probe",
}


@pytest.mark.parametrize(
    ("kind", "values", "change"),
    [
        (AGENT, AGENT_VALUES, {"max_iter": 4}),
        (MEMORY_CONFIG, {"name": "kind-probe"}, {"entity_max_count": 4}),
        (DEPARTMENT, {"department_key": "kind-probe", "name": "Probe"}, {"sort_order": 4}),
        (
            TOOL,
            {"tool_key": "kind-probe", "name": "Probe", "tool_class": "SerperDevTool"},
            {"status": "deprecated"},
        ),
    ],
    ids=["agent", "memory-config", "department", "tool"],
)
def test_a_kind_creates_reads_updates_lists_and_deletes(
    services: Services, kind: RecordKind, values: dict[str, Any], change: dict[str, Any]
) -> None:
    created = kind.create(services, dict(values))
    assert type(created) is kind.model and created.key == "kind-probe"
    assert kind.get(services, "kind-probe") == created
    field, value = next(iter(change.items()))
    assert getattr(kind.update(services, "kind-probe", change, 1), field) == value
    if kind.versioned:
        with pytest.raises(Conflict):
            kind.update(services, "kind-probe", change, 1)
    assert "kind-probe" in [getattr(r, kind.model.key_field) for r in kind.list_all(services)]
    kind.delete(services, "kind-probe")
    with pytest.raises(NotFound):
        kind.get(services, "kind-probe")
