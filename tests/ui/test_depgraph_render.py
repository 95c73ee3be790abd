"""The dependency view's drawing, line by line: chains, fan-in, async runs and problems."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid4

from crewtui.domain.task import Task
from crewtui.ui.widgets.depgraph_render import graph_lines, readers_of, summary


@dataclass(frozen=True)
class Issue:
    task: str
    rule: str
    message: str
    severity: str = "error"
    field: str | None = None


ANALYST = uuid4()
WRITER = uuid4()
AGENTS = {ANALYST: "Senior Market Analyst", WRITER: "Strategy Writer"}


def make(names: list[str], **per_task: dict[str, object]) -> list[Task]:
    tasks = [
        Task(id=uuid4(), name=n, sequence_order=i, assigned_agent_id=ANALYST)
        for i, n in enumerate(names)
    ]
    for name, changes in per_task.items():
        i = names.index(name)
        tasks[i] = tasks[i].model_copy(update=changes)
    return tasks


def ids(tasks: list[Task], *names: str) -> list[UUID]:
    by_name = {t.name: t.id for t in tasks}
    return [by_name[n] for n in names if by_name[n] is not None]  # type: ignore[misc]


def plain(tasks: list[Task], **kwargs: object) -> list[str]:
    return [line.text.plain for line in graph_lines(tasks, agents=AGENTS, **kwargs)]  # type: ignore[arg-type]


def test_chain_lists_tasks_in_order_joined_by_a_spine() -> None:
    tasks = make(["research", "draft", "review"])
    lines = plain(tasks)
    assert lines == [
        "  1 research  Senior Market Analyst",
        "  │",
        "  2 draft     Senior Market Analyst",
        "  │",
        "  3 review    Senior Market Analyst",
    ]


def test_explicit_context_is_drawn_on_the_reader_and_the_source_points_to_it() -> None:
    tasks = make(["research", "draft", "review"])
    tasks[2] = tasks[2].model_copy(update={"context_task_ids": ids(tasks, "draft")})
    lines = plain(tasks)
    assert lines[2] == "  2 draft     Senior Market Analyst  → 3"
    assert lines[5] == "  │ ◀ context: 2"


def test_fan_in_names_every_source_and_each_source_names_the_reader() -> None:
    tasks = make(["a", "b", "c", "merge"])
    tasks[3] = tasks[3].model_copy(update={"context_task_ids": ids(tasks, "a", "b", "c")})
    lines = plain(tasks)
    for n, name in enumerate(["a", "b", "c"], start=1):
        assert any(line.startswith(f"  {n} {name}") and line.endswith("→ 4") for line in lines)
    assert "  │ ◀ context: 1, 2, 3" in lines


def test_empty_context_is_shown_as_no_context_and_unset_shows_nothing() -> None:
    tasks = make(["a", "b"])
    tasks[1] = tasks[1].model_copy(update={"context_task_ids": []})
    lines = plain(tasks)
    assert lines[-1] == "  │ ◀ no context"
    assert not any("◀" in line for line in lines[:-1])


def test_async_tasks_carry_the_marker_and_a_dashed_spine() -> None:
    tasks = make(["a", "b", "c"])
    tasks[0] = tasks[0].model_copy(update={"async_execution": True})
    tasks[1] = tasks[1].model_copy(update={"async_execution": True})
    lines = plain(tasks)
    assert lines[0].endswith("⇢ async")
    assert lines[1] == "  ╎"
    assert lines[2].endswith("⇢ async")
    assert lines[3] == "  ╎"
    assert "⇢" not in lines[4]


def test_problems_sit_under_their_task_and_forward_context_is_highlighted() -> None:
    tasks = make(["brief", "risk"])
    tasks[0] = tasks[0].model_copy(update={"context_task_ids": ids(tasks, "risk")})
    issue = Issue(
        "brief", "context_future", "context on task 2, which runs later: crewai rejects this"
    )
    out = graph_lines(tasks, agents=AGENTS, issues=[issue])
    texts = [line.text.plain for line in out]
    assert texts[1] == "  │ ◀ context: 2"
    assert texts[2] == "  │ ✗ context on task 2, which runs later: crewai rejects this"
    assert out[1].task == 0 and out[2].task == 0
    # the forward reference "2" carries the error style
    ctx = out[1].text
    styled = [ctx.plain[s.start : s.end] for s in ctx.spans if "red" in str(s.style)]
    assert styled == ["2"]


def test_context_outside_the_crew_is_a_question_mark() -> None:
    tasks = make(["a", "b"])
    tasks[1] = tasks[1].model_copy(update={"context_task_ids": [uuid4()]})
    assert plain(tasks)[-1] == "  │ ◀ context: ?"


def test_missing_agent_and_warnings_and_crew_level_problems() -> None:
    tasks = make(["a", "b"], b={"assigned_agent_id": None})
    issues = [
        Issue("b", "agent_required", "a sequential task needs an agent"),
        Issue("a", "style", "description has no placeholder", severity="warning"),
        Issue("", "crew", "the crew has no tasks that run last"),
    ]
    lines = plain(tasks, issues=issues)
    assert lines[0] == "  ✗ the crew has no tasks that run last"
    assert "  │ ! description has no placeholder" in lines
    assert lines[-2].startswith("  2 b  no agent")
    assert lines[-1] == "  │ ✗ a sequential task needs an agent"


def test_long_messages_wrap_to_the_width_and_the_cursor_marks_the_selected_task() -> None:
    tasks = make(["a", "b"])
    message = "this message is long enough that it has to wrap at forty columns"
    out = graph_lines(tasks, agents=AGENTS, issues=[Issue("a", "r", message)], selected=1, width=40)
    texts = [line.text.plain for line in out]
    assert all(len(t) <= 40 for t in texts)
    problem = [t for t in texts if t.startswith("  │ ✗ ") or t.startswith("  │   ")]
    assert len(problem) >= 2
    assert " ".join(t[6:] for t in problem).split() == message.split()
    assert texts[-1].startswith("▶ 2 b")


def test_many_tasks_pad_numbers_and_clip_long_names() -> None:
    tasks = make(
        [f"step_{i:02d}" for i in range(11)] + ["a_really_long_task_name_that_goes_on_and_on"]
    )
    lines = plain(tasks)
    assert lines[0].startswith("   1 step_00")
    assert lines[-1].startswith("  12 a_really_long_task_name…")
    assert lines[1] == "   │"


def test_readers_and_summary() -> None:
    tasks = make(["a", "b", "c"])
    tasks[2] = tasks[2].model_copy(update={"context_task_ids": ids(tasks, "a", "b")})
    assert readers_of(tasks) == {0: [2], 1: [2], 2: []}
    assert summary([]).plain == "✓ no problems"
    assert (
        summary([Issue("a", "r", "m"), Issue("a", "r", "w", "warning")]).plain
        == "✗ 1 error  ! 1 warning"
    )
    assert plain([]) == ["  No tasks yet."]


def test_legend_explains_the_marks_after_the_tasks() -> None:
    lines = graph_lines(make(["a"]), agents=AGENTS, legend=True)
    assert lines[-2].text.plain == ""
    assert lines[-1].task is None
    assert lines[-1].text.plain.split("   ") == [
        "  │ waits",
        "╎ async, not waited for",
        "◀ reads",
        "→ read by",
    ]
