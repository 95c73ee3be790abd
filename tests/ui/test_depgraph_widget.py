"""The dependency view widget on its own: cursor, scrolling, and the requests it posts."""

from __future__ import annotations

from uuid import uuid4

from textual import on
from textual.app import App, ComposeResult
from textual.message import Message

from crewtui.domain.task import Task
from crewtui.ui.widgets.depgraph import DepGraph

AGENT = uuid4()


def make_tasks(count: int) -> list[Task]:
    return [
        Task(id=uuid4(), name=f"step_{i:02d}", sequence_order=i, assigned_agent_id=AGENT)
        for i in range(count)
    ]


class GraphApp(App[None]):
    def __init__(self, tasks: list[Task]) -> None:
        super().__init__()
        self.tasks = tasks
        self.seen: list[Message] = []

    def compose(self) -> ComposeResult:
        yield DepGraph()

    def on_mount(self) -> None:
        graph = self.query_one(DepGraph)
        graph.show(self.tasks, agents={AGENT: "Analyst"})
        graph.focus()

    @on(DepGraph.MoveRequested)
    @on(DepGraph.ContextRequested)
    @on(DepGraph.OpenRequested)
    def record(self, message: Message) -> None:
        self.seen.append(message)


async def test_keys_move_the_cursor_and_post_requests() -> None:
    app = GraphApp(make_tasks(3))
    async with app.run_test(size=(80, 24)) as pilot:
        graph = app.query_one(DepGraph)
        await pilot.press("down", "shift+down", "c", "enter")
        await pilot.pause()
        assert graph.cursor == 1
        kinds = [type(m).__name__ for m in app.seen]
        assert kinds == ["MoveRequested", "ContextRequested", "OpenRequested"]
        move = app.seen[0]
        assert isinstance(move, DepGraph.MoveRequested)
        assert (move.name, move.position) == ("step_01", 2)
        # the cursor mark sits on the highlighted task
        header = next(line.text.plain for line in graph.lines if line.task == 1)
        assert header.startswith("▶ 2 step_01")


async def test_moving_past_either_end_posts_nothing() -> None:
    app = GraphApp(make_tasks(2))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("shift+up", "end", "shift+down")
        await pilot.pause()
        assert app.seen == []


async def test_many_tasks_scroll_to_keep_the_cursor_visible() -> None:
    app = GraphApp(make_tasks(25))
    async with app.run_test(size=(80, 24)) as pilot:
        graph = app.query_one(DepGraph)
        await pilot.press("end")
        await pilot.pause()
        assert graph.cursor == 24
        assert graph.scroll_offset.y > 0
        last_row = max(i for i, line in enumerate(graph.lines) if line.task == 24)
        assert graph.scroll_offset.y <= last_row < graph.scroll_offset.y + graph.size.height


async def test_clicking_a_task_selects_it() -> None:
    app = GraphApp(make_tasks(4))
    async with app.run_test(size=(80, 24)) as pilot:
        graph = app.query_one(DepGraph)
        row = next(i for i, line in enumerate(graph.lines) if line.task == 2)
        await pilot.click(DepGraph, offset=(4, row))
        await pilot.pause()
        assert graph.cursor == 2


async def test_show_keeps_the_cursor_on_the_same_task_after_a_reorder() -> None:
    tasks = make_tasks(3)
    app = GraphApp(tasks)
    async with app.run_test(size=(80, 24)) as pilot:
        graph = app.query_one(DepGraph)
        await pilot.press("down")
        graph.show([tasks[1], tasks[0], tasks[2]], agents={AGENT: "Analyst"})
        await pilot.pause()
        assert graph.current is not None and graph.current.name == "step_01"
        assert graph.cursor == 0
