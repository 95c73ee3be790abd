"""Task-graph rules: one failing and one passing example per rule."""

from __future__ import annotations

from uuid import UUID, uuid4

from crewtui.domain.task import Task
from crewtui.domain.taskgraph import TaskIssue, check_tasks, execution_order

A1, A2, OUTSIDER = uuid4(), uuid4(), uuid4()
MEMBERS = {A1, A2}


def make(
    name: str,
    pos: int,
    *,
    ctx: list[UUID] | None = None,
    agent: UUID | None = A1,
    async_: bool = False,
) -> Task:
    return Task(
        id=uuid4(),
        name=name,
        sequence_order=pos,
        assigned_agent_id=agent,
        context_task_ids=ctx,
        async_execution=async_,
    )


def rules(tasks: list[Task], process: str = "sequential") -> list[tuple[str, str]]:
    return [(i.task, i.rule) for i in check_tasks(tasks, process_type=process, member_ids=MEMBERS)]


def test_clean_chain_has_no_issues() -> None:
    a = make("a", 0)
    b = make("b", 1, ctx=[a.id])  # type: ignore[list-item]
    c = make("c", 2, ctx=[])
    assert rules([c, b, a]) == []


def test_execution_order_sorts_by_position_and_keeps_ties() -> None:
    a, b, c = make("a", 1), make("b", 0), make("c", 1)
    assert [t.name for t in execution_order([a, b, c])] == ["b", "a", "c"]


def test_context_on_future_task() -> None:
    a = make("a", 0)
    b = make("b", 1)
    a2 = a.updated({"context_task_ids": [b.id]})
    assert ("a", "context-future") in rules([a2, b])
    assert rules([a, b.updated({"context_task_ids": [a.id]})]) == []


def test_context_on_itself() -> None:
    a = make("a", 0)
    bad = a.updated({"context_task_ids": [a.id]})
    assert rules([bad]) == [("a", "context-self")]


def test_context_outside_crew() -> None:
    a = make("a", 0, ctx=[uuid4()])
    issues = check_tasks([a], process_type="sequential", member_ids=MEMBERS)
    assert [(i.rule, i.field, i.severity) for i in issues] == [
        ("context-unknown", "context_task_ids", "error")
    ]


def test_cycle_is_reported_for_every_task_in_it() -> None:
    a, b, c = make("a", 0), make("b", 1), make("c", 2)
    a = a.updated({"context_task_ids": [c.id]})
    b = b.updated({"context_task_ids": [a.id]})
    c = c.updated({"context_task_ids": [b.id]})
    found = rules([a, b, c])
    cyc = sorted(t for t, r in found if r == "context-cycle")
    assert cyc == ["a", "b", "c"]
    assert ("a", "context-future") in found


def test_two_separate_cycles_are_both_found() -> None:
    a, b, c, d = (make(n, i) for i, n in enumerate("abcd"))
    a = a.updated({"context_task_ids": [b.id]})
    b = b.updated({"context_task_ids": [a.id]})
    c = c.updated({"context_task_ids": [d.id]})
    d = d.updated({"context_task_ids": [c.id]})
    cyc = sorted(t for t, r in rules([a, b, c, d]) if r == "context-cycle")
    assert cyc == ["a", "b", "c", "d"]


def test_more_than_one_trailing_async_task() -> None:
    tasks = [make("a", 0), make("b", 1, async_=True), make("c", 2, async_=True)]
    issues = check_tasks(tasks, process_type="sequential", member_ids=MEMBERS)
    assert [(i.task, i.rule, i.field) for i in issues] == [
        ("b", "async-trailing", "async_execution")
    ]
    ok = [
        make("a", 0, async_=True),
        make("b", 1, async_=True),
        make("c", 2),
        make("d", 3, async_=True),
    ]
    assert rules(ok) == []


def test_async_task_reading_async_task_of_same_run() -> None:
    a = make("a", 0, async_=True)
    b = make("b", 1, async_=True, ctx=[a.id])  # type: ignore[list-item]
    c = make("c", 2)
    assert ("b", "async-context") in rules([a, b, c])


def test_async_task_reading_async_task_across_a_sync_task_is_fine() -> None:
    a = make("a", 0, async_=True)
    s = make("s", 1)
    b = make("b", 2, async_=True, ctx=[a.id])  # type: ignore[list-item]
    c = make("c", 3)
    assert rules([a, s, b, c]) == []


def test_sequential_task_without_agent() -> None:
    tasks = [make("a", 0, agent=None)]
    issues = check_tasks(tasks, process_type="sequential", member_ids=MEMBERS)
    assert issues == [
        TaskIssue("a", "agent-missing", issues[0].message, "error", "assigned_agent_id")
    ]
    assert rules(tasks, "hierarchical") == []


def test_agent_not_member() -> None:
    assert rules([make("a", 0, agent=OUTSIDER)]) == [("a", "agent-not-member")]
    assert rules([make("a", 0, agent=OUTSIDER)], "hierarchical") == [("a", "agent-not-member")]
    assert rules([make("a", 0, agent=A2)], "hierarchical") == []


def test_unsaved_tasks_without_ids_are_checked_too() -> None:
    t = Task(name="draft", sequence_order=0, assigned_agent_id=None)
    assert rules([t]) == [("draft", "agent-missing")]
