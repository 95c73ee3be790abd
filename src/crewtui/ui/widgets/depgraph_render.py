"""Draw a crew's tasks as lines of Rich Text: order, agents, async runs, context edges, problems.

Pure and free of Textual so it can be tested line by line; :mod:`.depgraph` puts the lines
in a scrolling widget. Each task is a block::

    ▶ 3 competitors       Competitive Intel Lead   ⇢ async  → 4
      ╎ ◀ context: 1, 2
      ╎ ✗ context on task 6, which runs later: crewai rejects this
      ╎

The spine under a task is solid when the next task waits for it and dashed after an async
task (the crew does not wait for it). ``◀ context`` names the tasks whose outputs the task
reads; ``→`` names the tasks that read this one's output. Numbers are execution positions.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol
from uuid import UUID

from rich.style import Style
from rich.text import Text

from ...domain.task import Task

CURSOR = "▶"
ASYNC_MARK = "⇢ async"
SPINE = "│"
ASYNC_SPINE = "╎"
NAME_MAX = 24
AGENT_MAX = 22
#: at this width and wider, names and agents up to WIDE_MAX are shown whole
WIDE = 100
WIDE_MAX = 36


class IssueLike(Protocol):
    """What the view reads of a task-graph problem (``taskgraph.TaskIssue``)."""

    @property
    def task(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def severity(self) -> str: ...


@dataclass(frozen=True)
class GraphStyles:
    """Rich styles for each part; the widget fills them from its CSS component classes."""

    number: Style | str = "bold"
    name: Style | str = "bold"
    agent: Style | str = ""
    muted: Style | str = "dim"
    async_: Style | str = "italic"
    edge: Style | str = ""
    error: Style | str = "bold red"
    warning: Style | str = "yellow"
    cursor: Style | str = "bold"


@dataclass(frozen=True)
class GraphLine:
    """One drawn line and the index of the task it belongs to (None for crew-level lines)."""

    text: Text
    task: int | None


@dataclass
class _Layout:
    num_w: int
    name_w: int
    agent_w: int
    async_w: int
    positions: dict[UUID, int] = field(default_factory=dict)


def _clip(value: str, width: int) -> str:
    return value if len(value) <= width else value[: max(width - 1, 0)] + "…"


def _layout(tasks: Sequence[Task], agents: Mapping[UUID, str], width: int | None) -> _Layout:
    names = [len(t.name) for t in tasks] or [0]
    labels = [
        len(agents.get(t.assigned_agent_id, "")) if t.assigned_agent_id else 8 for t in tasks
    ] or [0]
    wide = width is not None and width >= WIDE
    return _Layout(
        num_w=len(str(len(tasks))),
        name_w=min(max(names), WIDE_MAX if wide else NAME_MAX),
        agent_w=min(max(labels), WIDE_MAX if wide else AGENT_MAX),
        async_w=len(ASYNC_MARK) if any(t.async_execution for t in tasks) else 0,
        positions={t.id: i for i, t in enumerate(tasks) if t.id is not None},
    )


def readers_of(tasks: Sequence[Task]) -> dict[int, list[int]]:
    """For each task index, the indexes of the tasks that list it as context."""
    pos = {t.id: i for i, t in enumerate(tasks) if t.id is not None}
    out: dict[int, list[int]] = {i: [] for i in range(len(tasks))}
    for j, t in enumerate(tasks):
        for cid in t.context_task_ids or ():
            i = pos.get(cid)
            if i is not None:
                out[i].append(j)
    return out


def _header(
    index: int,
    task: Task,
    lay: _Layout,
    agents: Mapping[UUID, str],
    readers: list[int],
    selected: bool,
    st: GraphStyles,
) -> Text:
    line = Text()
    line.append(f"{CURSOR} " if selected else "  ", st.cursor)
    line.append(f"{index + 1:>{lay.num_w}} ", st.number)
    line.append(_clip(task.name, lay.name_w).ljust(lay.name_w), st.name)
    line.append("  ")
    if task.assigned_agent_id is None:
        line.append("no agent".ljust(lay.agent_w), st.muted)
    else:
        label = agents.get(task.assigned_agent_id, "unknown agent")
        line.append(_clip(label, lay.agent_w).ljust(lay.agent_w), st.agent)
    if lay.async_w:
        line.append("  ")
        line.append((ASYNC_MARK if task.async_execution else "").ljust(lay.async_w), st.async_)
    if readers:
        line.append("  → ", st.edge)
        line.append(", ".join(str(r + 1) for r in readers), st.edge)
    line.rstrip()
    return line


def _context_line(
    index: int, task: Task, lay: _Layout, prefix: Text, st: GraphStyles
) -> Text | None:
    ctx = task.context_task_ids
    if ctx is None:
        return None
    line = prefix.copy()
    if not ctx:
        line.append("◀ no context", st.muted)
        return line
    line.append("◀ context: ", st.edge)
    for k, cid in enumerate(ctx):
        if k:
            line.append(", ", st.edge)
        pos = lay.positions.get(cid)
        if pos is None:
            line.append("?", st.error)
        elif pos >= index:
            line.append(f"{pos + 1}", st.error)
        else:
            line.append(f"{pos + 1}", st.edge)
    return line


def _issue_lines(issue: IssueLike, prefix: Text, width: int | None, st: GraphStyles) -> list[Text]:
    is_error = issue.severity == "error"
    mark, style = ("✗ ", st.error) if is_error else ("! ", st.warning)
    room = (width - prefix.cell_len - 2) if width else 0
    chunks = textwrap.wrap(issue.message, room) if room >= 20 else [issue.message]
    out: list[Text] = []
    for k, chunk in enumerate(chunks or [""]):
        line = prefix.copy()
        line.append(mark if k == 0 else "  ", style)
        line.append(chunk, style)
        out.append(line)
    return out


def graph_lines(
    tasks: Sequence[Task],
    *,
    agents: Mapping[UUID, str],
    issues: Sequence[IssueLike] = (),
    selected: int | None = None,
    width: int | None = None,
    styles: GraphStyles | None = None,
    legend: bool = False,
) -> list[GraphLine]:
    """The lines of the dependency view for ``tasks`` (in execution order).

    ``agents`` maps agent ids to the label shown (role or key); ``issues`` are matched to
    tasks by name, and those naming no task of the list are shown first; ``width`` wraps
    long problem messages; ``legend`` adds a line saying what the marks mean.
    """
    st = styles or GraphStyles()
    lay = _layout(tasks, agents, width)
    readers = readers_of(tasks)
    names = {t.name for t in tasks}
    out: list[GraphLine] = []
    for issue in issues:
        if issue.task not in names:
            out.extend(GraphLine(t, None) for t in _issue_lines(issue, Text("  "), width, st))
    if not tasks:
        out.append(GraphLine(Text("  No tasks yet.", st.muted), None))
        return out
    indent = 2 + lay.num_w + 1
    for i, task in enumerate(tasks):
        spine = ASYNC_SPINE if task.async_execution else SPINE
        prefix = Text(" " * (indent - 2))
        prefix.append(spine, st.muted)
        prefix.append(" ")
        out.append(GraphLine(_header(i, task, lay, agents, readers[i], i == selected, st), i))
        ctx = _context_line(i, task, lay, prefix, st)
        if ctx is not None:
            out.append(GraphLine(ctx, i))
        for issue in issues:
            if issue.task == task.name:
                out.extend(GraphLine(t, i) for t in _issue_lines(issue, prefix, width, st))
        if i + 1 < len(tasks):
            gap = Text(" " * (indent - 2))
            gap.append(spine, st.muted)
            out.append(GraphLine(gap, i))
    if legend:
        out.append(GraphLine(Text(""), None))
        out.append(GraphLine(legend_line(st), None))
    return out


def legend_line(st: GraphStyles) -> Text:
    """What the marks mean, for the foot of the view."""
    text = Text("  ")
    for mark, meaning in (
        (SPINE, "waits"),
        (ASYNC_SPINE, "async, not waited for"),
        ("◀", "reads"),
        ("→", "read by"),
    ):
        text.append(mark, st.edge)
        text.append(f" {meaning}   ", st.muted)
    text.rstrip()
    return text


def summary(issues: Sequence[IssueLike]) -> Text:
    """One line: how many errors and warnings, or a tick."""
    errors = sum(1 for i in issues if i.severity == "error")
    warnings = len(issues) - errors
    if not issues:
        return Text("✓ no problems")
    parts = []
    if errors:
        parts.append(f"✗ {errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"! {warnings} warning{'s' if warnings != 1 else ''}")
    return Text("  ".join(parts))
