"""The rules a crew's task list must follow, checked without a database.

crewai checks some of these when a ``Crew`` is constructed (a task's context may not name a
later task; a crew ends with at most one asynchronous task; an asynchronous task may not read
an asynchronous task of the same uninterrupted asynchronous run; sequential crews need an
agent on every task). The others it does not check but they break a run or an export: context
cycles, context naming a task outside the crew, and tasks given to agents that are not members.

``check_tasks`` reports every problem it finds rather than stopping at the first, so the
crew builder can mark each task at once. Rules (``TaskIssue.rule``):

- ``context-cycle``: tasks that read each other's output in a loop.
- ``context-self``: a task lists itself as context.
- ``context-future``: a task reads a task that runs after it.
- ``context-unknown``: a context id that is not a task of this crew.
- ``async-trailing``: more than one asynchronous task at the end of the crew.
- ``async-context``: an asynchronous task reads an asynchronous task of its own run.
- ``agent-missing``: a sequential crew's task without an agent.
- ``agent-not-member``: a task given to an agent that is not a crew member.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from typing import Literal
from uuid import UUID

from .task import Task

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class TaskIssue:
    task: str
    rule: str
    message: str
    severity: Severity = "error"
    field: str = "context_task_ids"


def execution_order(tasks: Sequence[Task]) -> list[Task]:
    """Tasks in the order crewai runs them: by position, ties kept in the given order."""
    return sorted(tasks, key=lambda t: t.sequence_order)


def check_tasks(
    tasks: Sequence[Task], *, process_type: str, member_ids: Collection[UUID]
) -> list[TaskIssue]:
    """Every problem of ``tasks`` (any order; they are sorted by position first)."""
    ordered = execution_order(tasks)
    issues: list[TaskIssue] = []
    issues += _context_issues(ordered)
    issues += _cycle_issues(ordered)
    issues += _async_issues(ordered)
    issues += _agent_issues(ordered, process_type=process_type, member_ids=member_ids)
    return issues


def _index_by_id(ordered: Sequence[Task]) -> dict[UUID, int]:
    return {t.id: i for i, t in enumerate(ordered) if t.id is not None}


def _context_issues(ordered: Sequence[Task]) -> list[TaskIssue]:
    index = _index_by_id(ordered)
    out: list[TaskIssue] = []
    for i, task in enumerate(ordered):
        for cid in task.context_task_ids or ():
            j = index.get(cid)
            if j is None:
                out.append(
                    TaskIssue(
                        task.name,
                        "context-unknown",
                        f"context names a task that is not in this crew ({cid})",
                    )
                )
            elif j == i:
                out.append(TaskIssue(task.name, "context-self", "context names the task itself"))
            elif j > i:
                out.append(
                    TaskIssue(
                        task.name,
                        "context-future",
                        f"context names '{ordered[j].name}', which runs later (crewai rejects a "
                        "context dependency on a future task)",
                    )
                )
    return out


def _cycle_issues(ordered: Sequence[Task]) -> list[TaskIssue]:
    index = _index_by_id(ordered)
    graph: dict[int, set[int]] = {}
    for i, task in enumerate(ordered):
        # A self-reference is reported on its own; keep it out so it is not also a "cycle".
        graph[i] = {index[c] for c in task.context_task_ids or () if c in index and index[c] != i}
    out: list[TaskIssue] = []
    reported: set[int] = set()
    # TopologicalSorter reports one cycle at a time: drop an edge of each and look again.
    for _ in range(len(ordered) + 1):
        try:
            TopologicalSorter(graph).prepare()
            break
        except CycleError as exc:
            cycle: list[int] = list(exc.args[1])  # [a, b, ..., a]
            names = " -> ".join(ordered[n].name for n in cycle)
            for n in cycle[:-1]:
                if n not in reported:
                    reported.add(n)
                    out.append(
                        TaskIssue(
                            ordered[n].name, "context-cycle", f"context forms a cycle: {names}"
                        )
                    )
            # each node is a predecessor of the next: cycle[0] is in graph[cycle[1]]
            graph[cycle[1]].discard(cycle[0])
    return out


def _async_issues(ordered: Sequence[Task]) -> list[TaskIssue]:
    out: list[TaskIssue] = []
    trailing: list[Task] = []
    for task in reversed(ordered):
        if not task.async_execution:
            break
        trailing.append(task)
    if len(trailing) > 1:
        names = ", ".join(t.name for t in reversed(trailing))
        for t in reversed(trailing[1:]):  # the last task may stay async; the ones before it may not
            out.append(
                TaskIssue(
                    t.name,
                    "async-trailing",
                    f"the crew ends with {len(trailing)} asynchronous tasks ({names}); crewai "
                    "allows at most one",
                    field="async_execution",
                )
            )
    index = _index_by_id(ordered)
    for i, task in enumerate(ordered):
        if not task.async_execution or not task.context_task_ids:
            continue
        # The uninterrupted run of async tasks just before this one, as crewai walks it.
        run: set[int] = set()
        for j in range(i - 1, -1, -1):
            if not ordered[j].async_execution:
                break
            run.add(j)
        for cid in task.context_task_ids:
            k = index.get(cid)
            if k is not None and k in run:
                out.append(
                    TaskIssue(
                        task.name,
                        "async-context",
                        f"asynchronous task reads '{ordered[k].name}', an asynchronous task of "
                        "the same run; "
                        "put a synchronous task between them or make one synchronous",
                    )
                )
    return out


def _agent_issues(
    ordered: Sequence[Task], *, process_type: str, member_ids: Collection[UUID]
) -> list[TaskIssue]:
    members = set(member_ids)
    out: list[TaskIssue] = []
    for task in ordered:
        if task.assigned_agent_id is None:
            if process_type != "hierarchical":
                out.append(
                    TaskIssue(
                        task.name,
                        "agent-missing",
                        "a sequential crew needs an agent on every task",
                        field="assigned_agent_id",
                    )
                )
        elif task.assigned_agent_id not in members:
            out.append(
                TaskIssue(
                    task.name,
                    "agent-not-member",
                    "the assigned agent is not a member of this crew",
                    field="assigned_agent_id",
                )
            )
    return out
