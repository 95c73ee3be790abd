"""The one registry of record kinds: every kind's calls reach its own service methods."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crewtui.domain.agent import Agent
from crewtui.domain.errors import NotFound, ValidationFailed
from crewtui.domain.flow import Flow
from crewtui.domain.task import Task
from crewtui.services import Services
from crewtui.services.kinds import (
    AGENT,
    CREW,
    DEPARTMENT,
    FLOW,
    KINDS,
    MEMORY_CONFIG,
    TASK,
    TOOL,
    kind_of,
    split_task,
)

from .conftest import agent_values


def test_every_kind_is_registered_once_with_its_model() -> None:
    assert [k.noun for k in KINDS] == [
        "agent",
        "crew",
        "task",
        "flow",
        "memory config",
        "department",
        "tool",
    ]
    assert AGENT.model is Agent and TASK.model is Task
    assert kind_of("memory config") is MEMORY_CONFIG
    assert [k.versioned for k in (DEPARTMENT, TOOL)] == [False, False]
    assert {k.key_label for k in KINDS} == {"KEY", "NAME", "CREW/TASK"}
    assert kind_of("flow") is FLOW and FLOW.model is Flow
    with pytest.raises(KeyError):
        kind_of("release")


def test_task_keys_are_crew_slash_task() -> None:
    assert split_task("crew/brief") == ("crew", "brief")
    with pytest.raises(ValidationFailed) as exc:
        split_task("no-slash")
    assert exc.value.problems[0].field == "task"


def test_the_calls_of_each_kind_create_get_update_list_and_delete(services: Services) -> None:
    dept = DEPARTMENT.create(services, {"department_key": "ops", "name": "Ops"})
    assert DEPARTMENT.get(services, "ops").id == dept.id
    assert DEPARTMENT.update(services, "ops", {"name": "Operations"}).name == "Operations"
    assert [d.department_key for d in DEPARTMENT.list_all(services)] == ["ops"]

    AGENT.create(services, agent_values("writer"))
    saved = AGENT.update(services, "writer", {"max_iter": 7}, 1)
    assert (saved.max_iter, saved.version) == (7, 2)

    CREW.create(services, {"crew_name": "team"})
    task = TASK.create(
        services,
        {"name": "brief", "description": "d", "expected_output": "o"},
        parents=("team",),
    )
    assert TASK.get(services, "team/brief").id == task.id
    assert TASK.update(services, "team/brief", {"description": "d2"}, 1).description == "d2"
    with pytest.raises(TypeError):
        TASK.list_all(services)  # tasks are listed per crew
    TASK.delete(services, "team/brief")
    with pytest.raises(NotFound):
        TASK.get(services, "team/brief")
    DEPARTMENT.delete(services, "ops")
    assert DEPARTMENT.list_all(services) == []


def test_importing_the_registry_loads_no_model() -> None:
    code = (
        "import sys\n"
        "import crewtui.services.kinds\n"
        "print(sorted(m for m in ('pydantic', 'sqlalchemy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
