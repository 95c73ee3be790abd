"""Clone an agent, a task, or a crew with its tasks (agents shared or copied)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crewtui.domain.errors import NotFound, ValidationFailed
from crewtui.services import Services, Store

from .conftest import agent_values, make_crew, rows, task_values


def _crew(services: Services) -> None:
    make_crew(services, "crew", ["a", "b"])
    services.set_member_role("crew", "b", "editor")
    services.update_crew("crew", {"description": "Original", "max_rpm": 7})
    services.create_task("crew", task_values("first", agent="a"))
    services.create_task("crew", task_values("second", agent="b", context=["first"]))


def test_clone_agent(services: Services, store: Store) -> None:
    services.create_agent(agent_values("writer", temperature=Decimal("0.2"), tools=["x"]))
    copy = services.clone_agent("writer", "writer-2")
    assert copy.agent_key == "writer-2" and copy.id != services.get_agent("writer").id
    assert copy.temperature == Decimal("0.20") and copy.tools == ["x"]
    assert rows(store)[-1].action == "create" and rows(store)[-1].record_key == "writer-2"
    with pytest.raises(ValidationFailed):
        services.clone_agent("writer", "writer-2")
    with pytest.raises(NotFound):
        services.clone_agent("nobody", "x")


def test_clone_task_in_and_across_crews(services: Services) -> None:
    _crew(services)
    services.create_crew({"crew_name": "other"})
    same = services.clone_task("crew", "second", "third")
    first = services.get_task("crew", "first")
    assert same.sequence_order == 3 and same.context_task_ids == [first.id]
    assert same.assigned_agent_id == services.get_agent("b").id
    moved = services.clone_task("crew", "second", "second", to_crew="other")
    assert moved.crew_id == services.get_crew("other").id and moved.context_task_ids is None
    with pytest.raises(ValidationFailed):
        services.clone_task("crew", "first", "second")


def test_clone_crew_sharing_agents(services: Services) -> None:
    _crew(services)
    copy = services.clone_crew("crew", "crew-2")
    original = services.get_crew("crew")
    assert copy.description == "Original" and copy.max_rpm == 7
    assert [(m.agent_id, m.role_in_crew) for m in copy.members] == [
        (m.agent_id, m.role_in_crew) for m in original.members
    ]
    tasks = services.list_tasks("crew-2")
    assert [t.name for t in tasks] == ["first", "second"]
    assert tasks[1].context_task_ids == [tasks[0].id]
    assert tasks[0].id != services.get_task("crew", "first").id
    assert tasks[0].assigned_agent_id == services.get_agent("a").id


def test_clone_crew_copying_agents(services: Services) -> None:
    _crew(services)
    copy = services.clone_crew("crew", "crew-2", copy_agents=True, suffix="-v2")
    assert [m.agent_key for m in copy.members] == ["a-v2", "b-v2"]
    assert copy.members[1].role_in_crew == "editor"
    tasks = services.list_tasks("crew-2")
    assert tasks[1].assigned_agent_id == services.get_agent("b-v2").id
    assert services.get_agent("a-v2").goal == services.get_agent("a").goal
    with pytest.raises(ValidationFailed):  # the copies' keys are taken now
        services.clone_crew("crew", "crew-3", copy_agents=True, suffix="-v2")
    with pytest.raises(NotFound):
        services.get_crew("crew-3")  # nothing of the refused clone was written


def test_clone_from_the_command_line(db_url: str) -> None:
    from click.testing import CliRunner

    from crewtui.cli import cli

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, [*args, "--db", db_url], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    run("agents", "create", "a", "name=A", "role=R", "goal=G", "backstory=B")
    run("crews", "create", "crew")
    assert "cloned agent 'a' as 'a-2'" in run("clone", "agent", "a", "a-2")
    run("tasks", "create", "crew/first", "description=D", "expected_output=O", "agent=a")
    assert "as 'crew/second'" in run("clone", "task", "crew/first", "second")
    out = run("clone", "crew", "crew", "crew-b", "--copy-agents", "--suffix", "-b")
    assert "cloned crew 'crew' as 'crew-b'" in out and "2 tasks" in out
    assert "agents copied (-b)" in out
