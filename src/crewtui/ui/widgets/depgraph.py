"""The task dependency view: a scrolling, line-drawn list of a crew's tasks with a cursor.

The widget only draws and reports: moving a task or editing its context is posted as a
message, and the screen (which owns the tasks, the checks and the database) answers by
calling :meth:`DepGraph.show` again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from uuid import UUID

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...domain.task import Task
from .depgraph_render import GraphLine, GraphStyles, IssueLike, graph_lines


class DepGraph(ScrollView, can_focus=True):
    """Tasks in execution order with agents, async markers, context edges and problems."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("home", "cursor_to(0)", "First", show=False),
        Binding("end", "cursor_to(-1)", "Last", show=False),
        Binding("shift+up", "move(-1)", "Move up"),
        Binding("shift+down", "move(1)", "Move down"),
        Binding("c", "context", "Context"),
        Binding("enter", "open", "Edit"),
    ]

    COMPONENT_CLASSES = {
        "depgraph--number",
        "depgraph--name",
        "depgraph--agent",
        "depgraph--muted",
        "depgraph--async",
        "depgraph--edge",
        "depgraph--error",
        "depgraph--warning",
        "depgraph--cursor",
        "depgraph--selected",
    }

    DEFAULT_CSS = """
    DepGraph { height: 1fr; background: $surface; }
    DepGraph > .depgraph--number { color: $text-muted; }
    DepGraph > .depgraph--name { text-style: bold; }
    DepGraph > .depgraph--agent { color: $text; }
    DepGraph > .depgraph--muted { color: $text-muted; }
    DepGraph > .depgraph--async { color: $text-accent; }
    DepGraph > .depgraph--edge { color: $text-primary; }
    DepGraph > .depgraph--error { color: $text-error; text-style: bold; }
    DepGraph > .depgraph--warning { color: $text-warning; }
    DepGraph > .depgraph--cursor { color: $text-accent; text-style: bold; }
    DepGraph > .depgraph--selected { background: $surface-lighten-1; }
    DepGraph:focus > .depgraph--selected { background: $primary-muted; }
    """

    cursor: reactive[int] = reactive(0, init=False)
    """Index of the highlighted task."""

    class TaskHighlighted(Message):
        """The cursor moved to another task."""

        def __init__(self, graph: DepGraph, name: str | None) -> None:
            super().__init__()
            self.graph = graph
            self.name = name

        @property
        def control(self) -> DepGraph:
            return self.graph

    class MoveRequested(Message):
        """The user asked to move ``name`` to ``position`` (0-based)."""

        def __init__(self, graph: DepGraph, name: str, position: int) -> None:
            super().__init__()
            self.graph = graph
            self.name = name
            self.position = position

        @property
        def control(self) -> DepGraph:
            return self.graph

    class TaskRequest(Message):
        """A request about the task ``name`` (the subclasses say which)."""

        def __init__(self, graph: DepGraph, name: str) -> None:
            super().__init__()
            self.graph = graph
            self.name = name

        @property
        def control(self) -> DepGraph:
            return self.graph

    class ContextRequested(TaskRequest):
        """The user asked to edit the context of ``name``."""

    class OpenRequested(TaskRequest):
        """The user asked to open ``name`` in the task editor."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._tasks: list[Task] = []
        self._agents: Mapping[UUID, str] = {}
        self._issues: list[IssueLike] = []
        self._lines: list[GraphLine] = []

    # ---- data in

    @property
    def tasks(self) -> list[Task]:
        return list(self._tasks)

    @property
    def lines(self) -> list[GraphLine]:
        """The drawn lines (for tests and screenshots)."""
        return list(self._lines)

    @property
    def current(self) -> Task | None:
        return self._tasks[self.cursor] if 0 <= self.cursor < len(self._tasks) else None

    def show(
        self,
        tasks: Sequence[Task],
        *,
        agents: Mapping[UUID, str],
        issues: Sequence[IssueLike] = (),
        cursor: int | None = None,
    ) -> None:
        """Draw ``tasks`` (in execution order); keep the cursor on the same task unless given."""
        previous = self.current.name if self.current else None
        self._tasks = list(tasks)
        self._agents = dict(agents)
        self._issues = list(issues)
        if cursor is None:
            names = [t.name for t in self._tasks]
            cursor = names.index(previous) if previous in names else self.cursor
        self.set_reactive(DepGraph.cursor, self._clamp(cursor))
        self._rebuild()
        self._scroll_to_cursor()

    # ---- drawing

    def _styles(self) -> GraphStyles:
        def get(name: str) -> Style:
            return self.get_component_rich_style(f"depgraph--{name}", partial=True)

        return GraphStyles(
            number=get("number"),
            name=get("name"),
            agent=get("agent"),
            muted=get("muted"),
            async_=get("async"),
            edge=get("edge"),
            error=get("error"),
            warning=get("warning"),
            cursor=get("cursor"),
        )

    def _rebuild(self) -> None:
        width = self.scrollable_content_region.width or None
        self._lines = graph_lines(
            self._tasks,
            agents=self._agents,
            issues=self._issues,
            selected=self.cursor if self._tasks else None,
            width=width,
            styles=self._styles(),
            legend=bool(self._tasks),
        )
        widest = max((line.text.cell_len for line in self._lines), default=0)
        self.virtual_size = Size(widest, len(self._lines))
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted:
            self._rebuild()

    def on_resize(self, event: events.Resize) -> None:
        # lines wrap to the width: the cursor's rows move, so bring them back into view
        self._rebuild()
        self._scroll_to_cursor()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[index]
        style = base
        if line.task is not None and line.task == self.cursor:
            style = base + self.get_component_rich_style("depgraph--selected", partial=True)
        text = line.text.copy()
        text.stylize_before(style)
        strip = Strip(list(text.render(self.app.console, end="")), text.cell_len)
        return strip.crop_extend(scroll_x, scroll_x + width, style)

    # ---- cursor

    def _clamp(self, value: int) -> int:
        return max(0, min(value, len(self._tasks) - 1)) if self._tasks else 0

    def validate_cursor(self, value: int) -> int:
        return self._clamp(value)

    def watch_cursor(self, value: int) -> None:
        self._rebuild()
        self._scroll_to_cursor()
        current = self.current
        self.post_message(self.TaskHighlighted(self, current.name if current else None))

    def _scroll_to_cursor(self) -> None:
        # after the layout settles: the lines wrap to a width a scroll bar may still change
        self.call_after_refresh(self._scroll_now)

    def _scroll_now(self) -> None:
        rows = [i for i, line in enumerate(self._lines) if line.task == self.cursor]
        if rows:
            self.scroll_to_region(
                Region(0, rows[0], 1, rows[-1] - rows[0] + 1), animate=False, immediate=True
            )

    def action_cursor(self, delta: int) -> None:
        self.cursor = self.cursor + delta

    def action_cursor_to(self, index: int) -> None:
        self.cursor = len(self._tasks) - 1 if index < 0 else index

    def action_move(self, delta: int) -> None:
        current = self.current
        target = self.cursor + delta
        if current is None or not 0 <= target < len(self._tasks):
            self.app.bell()
            return
        self.post_message(self.MoveRequested(self, current.name, target))

    def action_context(self) -> None:
        if self.current is not None:
            self.post_message(self.ContextRequested(self, self.current.name))

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.OpenRequested(self, self.current.name))

    def on_click(self, event: events.Click) -> None:
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self._lines):
            task = self._lines[index].task
            if task is not None:
                self.cursor = task
                if event.chain == 2:
                    self.action_open()
