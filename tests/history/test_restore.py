"""Reading a record's history, diffs, restoring a revision, undo, and bringing back."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crewtui.domain.errors import Conflict, InUse, NotFound, ValidationFailed
from crewtui.services import Services, Store

from .conftest import agent_values, make_crew, rows, task_values


def _edits(services: Services) -> list[int]:
    services.create_agent(agent_values("writer"))
    services.update_agent("writer", {"temperature": Decimal("0.3")})
    services.update_agent("writer", {"max_iter": 5, "goal": "New goal"})
    services.update_agent("writer", {"temperature": Decimal("0.9")})
    return [r.id for r in services.record_history("agent", "writer").revisions][::-1]


def test_history_newest_first_with_state_and_diff(services: Services) -> None:
    created, first, second, third = _edits(services)
    h = services.record_history("agent", "writer")
    assert h.exists and h.version == 4 and h.total == 4
    assert [r.action for r in h.revisions] == ["update", "update", "update", "create"]
    assert h.revisions[0].changes == {"temperature": ("0.3", "0.9")}
    assert services.history_state("agent", "writer", first)["temperature"] == "0.3"
    assert services.history_state("agent", "writer", first)["max_iter"] == 25
    assert services.history_state("agent", "writer", created)["temperature"] == "0.7"
    diff = services.history_diff("agent", "writer", first)
    assert {f.field: (f.left, f.right) for f in diff.fields} == {
        "temperature": ("0.3", "0.9"),
        "max_iter": (25, 5),
        "goal": ("Do Writer work for {topic}", "New goal"),
    }
    between = services.history_diff("agent", "writer", second, first)
    assert {f.field for f in between.fields} == {"max_iter", "goal"}
    page = services.record_history("agent", "writer", limit=2, before=third)
    assert [r.id for r in page.revisions] == [second, first]


def test_restore_is_a_new_recorded_change(services: Services, store: Store) -> None:
    _created, first, *_ = _edits(services)
    report = services.restore_revision("agent", "writer", first, expected_version=4)
    assert report.action == "restored" and report.version == 5
    agent = services.get_agent("writer")
    assert (agent.temperature, agent.max_iter, agent.goal) == (
        Decimal("0.30"),
        25,
        "Do Writer work for {topic}",
    )
    last = rows(store)[-1]
    assert (last.via, last.actor, last.action) == ("restore", "alice", "update")


def test_restore_against_a_changed_record_is_a_conflict(services: Services) -> None:
    _created, first, *_ = _edits(services)
    services.update_agent("writer", {"name": "Someone else"})
    with pytest.raises(Conflict):
        services.restore_revision("agent", "writer", first, expected_version=4)
    assert services.get_agent("writer").name == "Someone else"


def test_undo_reverts_the_last_change_only(services: Services) -> None:
    _edits(services)
    services.undo_last("agent", "writer", expected_version=4)
    agent = services.get_agent("writer")
    assert agent.temperature == Decimal("0.30") and agent.max_iter == 5
    assert agent.version == 5


def test_undo_of_a_creation_deletes_and_of_a_deletion_brings_back(services: Services) -> None:
    services.create_agent(agent_values("writer"))
    assert services.undo_last("agent", "writer").action == "undone (deleted)"
    with pytest.raises(NotFound):
        services.get_agent("writer")
    services.undo_last("agent", "writer")
    assert services.get_agent("writer").role == "Writer"


def test_undo_of_a_used_agent_creation_is_refused(services: Services) -> None:
    make_crew(services, "crew", ["a"])
    with pytest.raises(InUse):
        services.undo_last("agent", "a")


def test_a_restore_leaves_out_links_to_deleted_records(services: Services) -> None:
    services.create_department({"department_key": "ops", "name": "Ops"})
    services.create_agent(agent_values("writer", department_id="ops"))
    services.update_agent("writer", {"department_id": None})
    first = services.record_history("agent", "writer").revisions[-1].id
    services.delete_department("ops")
    report = services.restore_revision("agent", "writer", first)
    assert report.action == "unchanged"
    assert report.skipped and report.skipped[0][0] == "department_id"


def test_bring_back_a_crew_with_members_and_tasks(services: Services, store: Store) -> None:
    make_crew(services, "crew", ["a", "b"])
    services.set_member_role("crew", "b", "editor")
    services.create_task("crew", task_values("first", agent="a"))
    services.create_task("crew", task_values("second", agent="b", context=["first"]))
    before = services.get_crew("crew")
    tasks_before = services.list_tasks("crew")
    services.delete_crew("crew")
    services.delete_agent("b")  # the agent goes: its link cannot come back
    report = services.bring_back("crew", "crew")
    crew = services.get_crew("crew")
    assert crew.id == before.id
    assert [m.agent_key for m in crew.members] == ["a"]
    assert ("members", f"agent {services.get_agent('a').id} no longer exists") not in report.skipped
    assert any(f == "members" for f, _ in report.skipped)
    tasks = services.list_tasks("crew")
    assert [t.name for t in tasks] == ["first", "second"]
    assert [t.id for t in tasks] == [t.id for t in tasks_before]
    assert tasks[1].context_task_ids == [tasks[0].id]
    assert tasks[1].assigned_agent_id is None
    assert any(f == "second.assigned_agent_id" for f, _ in report.skipped)
    assert report.also == ["task crew/first", "task crew/second"]
    assert {r.via for r in rows(store)[-3:]} == {"restore"}
    history = services.record_history("crew", "crew")
    assert [r.action for r in history.revisions][:2] == ["create", "delete"]
    assert history.revisions[0].via == "restore"


def test_bring_back_a_task_needs_its_crew(services: Services) -> None:
    make_crew(services, "crew", ["a"])
    services.create_task("crew", task_values("first", agent="a"))
    services.create_task("crew", task_values("second"))
    services.delete_task("crew", "first")
    services.bring_back("task", "crew/first")
    assert [t.name for t in services.list_tasks("crew")] == ["first", "second"]
    services.delete_crew("crew")
    with pytest.raises(ValidationFailed) as exc:
        services.bring_back("task", "crew/first")
    assert "crew" in str(exc.value.problems[0])


def test_history_of_a_deleted_record_and_unknown_ones(services: Services) -> None:
    services.create_agent(agent_values("writer"))
    services.delete_agent("writer")
    h = services.record_history("agent", "writer")
    assert not h.exists and h.current is None
    assert [r.action for r in h.revisions] == ["delete", "create"]
    with pytest.raises(NotFound):
        services.record_history("agent", "nobody")
    with pytest.raises(ValidationFailed):
        services.record_history("spaceship", "x")
    with pytest.raises(ValidationFailed):
        services.restore_revision("agent", "writer", h.revisions[-1].id)


def test_a_renamed_record_is_found_by_its_old_key(services: Services) -> None:
    services.create_agent(agent_values("writer"))
    services.update_agent("writer", {"agent_key": "author"})
    h = services.record_history("agent", "writer")
    assert h.exists and h.current is not None and h.current["agent_key"] == "author"
    first = h.revisions[-1].id
    report = services.restore_revision("agent", "writer", first)
    assert h.key == "author"
    assert report.key == "writer" and services.get_agent("writer").version == 3
