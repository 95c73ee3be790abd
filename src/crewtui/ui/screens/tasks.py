"""The Tasks section: one crew's tasks in execution order, drawn as a dependency view.

The problems shown are the crew's lint result, the same one ``crewtui lint`` prints and
the crew builder shows. A task moved here is linted again as shown (before it is saved),
then saved in a worker.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from uuid import UUID

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Label, Select, Static

from ...domain.bundle import CrewBundle
from ...domain.crew import Crew
from ...domain.errors import CrewtuiError
from ...domain.lint import LintIssue
from ...domain.task import Task
from ...domain.taskgraph import TaskIssue
from ..modals import ConfirmModal
from ..section import Section
from ..widgets.depgraph import DepGraph
from ..widgets.depgraph_render import summary
from ..workers import app_of, call_db, cancelled, db_work, services_for

HINTS = "shift+↑↓ move  c context  enter edit  n new  d delete"


class TasksSection(Section):
    """Pick a crew; see and rearrange its tasks."""

    holds_keys = True
    section_id = "tasks"
    BINDINGS = [
        Binding("n", "new", "New task"),
        Binding("d", "delete", "Delete"),
        Binding("ctrl+o", "pick_crew", "Crew", show=False),
    ]

    class CrewsLoaded(Message):
        def __init__(self, crews: list[Crew]) -> None:
            super().__init__()
            self.crews = crews

    class TasksLoaded(Message):
        def __init__(
            self,
            bundle: CrewBundle,
            tasks: list[Task],
            agents: dict[UUID, str],
            lint: list[LintIssue],
        ) -> None:
            super().__init__()
            self.bundle = bundle
            self.tasks = tasks
            self.agents = agents
            self.lint = lint

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.crew: Crew | None = None
        self.tasks: list[Task] = []
        self.agents: dict[UUID, str] = {}
        self.issues: list[TaskIssue] = []
        #: the crew with everything lint needs, as last read
        self.bundle: CrewBundle | None = None
        self._wanted: str | None = None
        self._open_after_load: str | None = None
        self._save_lock = threading.Lock()

    def compose(self) -> ComposeResult:
        with Horizontal(id="tasks-top"):
            yield Label("Crew")
            yield Select[str]([], prompt="choose a crew", compact=True, id="tasks-crew")
            yield Static("", id="tasks-summary")
        yield Static("", id="tasks-title", markup=False)
        yield DepGraph(id="tasks-graph")

    def focus_default(self) -> None:
        self.query_one(DepGraph).focus()

    # ---- loading

    def refresh_data(self) -> None:
        self.load_crews()

    @db_work(group="tasks-crews")
    def load_crews(self) -> None:
        crews = services_for(self).list_crews()
        if not cancelled():
            self.post_message(self.CrewsLoaded(crews))

    def on_tasks_section_crews_loaded(self, message: TasksSection.CrewsLoaded) -> None:
        select = self.query_one("#tasks-crew", Select)
        names = [c.crew_name for c in message.crews]
        wanted = self._wanted or (self.crew.crew_name if self.crew else None)
        if wanted not in names:
            wanted = names[0] if names else None
        with select.prevent(Select.Changed):
            select.set_options([(n, n) for n in names])
            if wanted is not None:
                select.value = wanted
        self._wanted = None
        if wanted is None:
            self.crew, self.tasks, self.bundle, self.issues = None, [], None, []
            self._redraw()
            self.query_one("#tasks-title", Static).update("No crews yet: create one in Crews.")
            self.data_shown()
        else:
            self.load_tasks(wanted)

    @on(Select.Changed, "#tasks-crew")
    def _crew_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.load_tasks(event.value)

    @db_work(group="tasks-load")
    def load_tasks(self, crew_name: str) -> None:
        from ...services.interop import lint_shown  # export rules: loaded only here

        services = services_for(self)
        bundle = services.load_bundle(crew_name)  # the tasks in execution order, read once
        tasks = list(bundle.tasks)
        # the crew's own agents (members, manager, assignees), not every agent stored
        agents = {aid: a.role or a.agent_key for aid, a in bundle.agents.items()}
        lint = lint_shown(bundle)
        if not cancelled():
            self.post_message(self.TasksLoaded(bundle, tasks, agents, lint))

    def on_tasks_section_tasks_loaded(self, message: TasksSection.TasksLoaded) -> None:
        self.bundle = message.bundle
        self.crew, self.tasks, self.agents = message.bundle.crew, message.tasks, message.agents
        self.issues = _graph_issues(message.lint)
        self._redraw()
        self.data_shown()
        if self._open_after_load is not None:
            name, self._open_after_load = self._open_after_load, None
            self._open_editor(name)

    def _relint(self) -> None:
        """Lint the tasks as shown now (moved or with a new context, not yet read back)."""
        from ...services.interop import lint_shown

        if self.bundle is not None:
            self.issues = _graph_issues(lint_shown(self.bundle, tasks=self.tasks))

    # ---- drawing and checking

    def _redraw(self, cursor: int | None = None) -> None:
        graph = self.query_one(DepGraph)
        graph.show(self.tasks, agents=self.agents, issues=self.issues, cursor=cursor)
        title = f"{self.crew.crew_name} · tasks in execution order" if self.crew else ""
        self.query_one("#tasks-title", Static).update(f"{title}    {HINTS}" if title else "")
        self.query_one("#tasks-summary", Static).update(summary(self.issues) if self.crew else "")

    # ---- moving

    @on(DepGraph.MoveRequested, "#tasks-graph")
    def _move(self, event: DepGraph.MoveRequested) -> None:
        if self.crew is None:
            return
        names = [t.name for t in self.tasks]
        index = names.index(event.name)
        tasks = list(self.tasks)
        tasks.insert(event.position, tasks.pop(index))
        self.tasks = [t.model_copy(update={"sequence_order": i}) for i, t in enumerate(tasks, 1)]
        self._relint()
        self._redraw(cursor=event.position)
        self.save_order(self.crew.crew_name)

    @db_work(group="tasks-move", exclusive=False)
    def save_order(self, crew_name: str) -> None:
        # Moves made in quick succession each save the whole order as shown when their turn
        # comes, one at a time, so the last one to run writes the newest order.
        with self._save_lock:
            if self.crew is None or self.crew.crew_name != crew_name:
                return
            names = [t.name for t in self.tasks]
            try:
                services_for(self).reorder_tasks(crew_name, names)
            except Exception:
                self.load_tasks(crew_name)  # what is stored wins: show it again, then report
                raise

    # ---- context

    @on(DepGraph.ContextRequested, "#tasks-graph")
    def _context_requested(self, event: DepGraph.ContextRequested) -> None:
        self._edit_context(event.name)

    @work(exclusive=True, group="tasks-context")
    async def _edit_context(self, name: str) -> None:
        from .tasks_context import ContextPicker

        crew = self.crew
        task = next((t for t in self.tasks if t.name == name), None)
        if crew is None or task is None:
            return
        choice = await self.app.push_screen_wait(ContextPicker(task, self.tasks))
        if choice is None:
            return
        try:
            saved = await call_db(self, lambda s: s.set_context(crew.crew_name, name, choice.names))
        except CrewtuiError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            return
        self.tasks = [saved if t.id == saved.id else t for t in self.tasks]
        self._relint()
        self._redraw()

    # ---- editor, new, delete

    @on(DepGraph.OpenRequested, "#tasks-graph")
    def _open(self, event: DepGraph.OpenRequested) -> None:
        self._open_editor(event.name)

    def _open_editor(self, name: str | None) -> None:
        if self.crew is None:
            self.notify("Choose a crew first.", severity="warning")
            return
        from .tasks_editor import TaskEditor

        task = next((t for t in self.tasks if t.name == name), None) if name else None
        self.app.push_screen(TaskEditor(self.crew, task, self.tasks, self.agents))

    def action_new(self) -> None:
        self._open_editor(None)

    async def open_record(self, key: str) -> None:
        crew, _, task = key.partition("/")
        self._open_after_load = task or None
        if self.crew is not None and self.crew.crew_name == crew and task:
            self._open_after_load = None
            self._open_editor(task)
            return
        self._wanted = crew
        self.load_crews()

    async def new_record(self) -> None:
        self._open_editor(None)

    def action_pick_crew(self) -> None:
        self.query_one("#tasks-crew", Select).focus()

    def action_delete(self) -> None:
        task = self.query_one(DepGraph).current
        if task is not None and self.crew is not None:
            self._delete(self.crew.crew_name, task.name)

    @work(exclusive=True, group="tasks-delete")
    async def _delete(self, crew: str, name: str) -> None:
        sure = await self.app.push_screen_wait(
            ConfirmModal(
                "Delete task",
                f"Delete task '{name}' of crew '{crew}'?",
                confirm="Delete",
                danger=True,
            )
        )
        if not sure:
            return
        try:
            await call_db(self, lambda s: s.delete_task(crew, name))
        except CrewtuiError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            return
        self.notify(f"Task '{name}' deleted.")
        app_of(self).data_changed()


def _graph_issues(lint: Sequence[LintIssue]) -> list[TaskIssue]:
    """The lint result as the dependency view shows it: task issues beside their task, the
    crew's, agents' and tools' issues counted in the summary and listed under the view."""
    out: list[TaskIssue] = []
    for issue in lint:
        if issue.object_kind == "task":
            out.append(
                TaskIssue(
                    issue.object_name, issue.rule, issue.message, issue.severity, issue.field or ""
                )
            )
        else:
            about = (
                "crew"
                if issue.object_kind == "crew"
                else f"{issue.object_kind} '{issue.object_name}'"
            )
            out.append(TaskIssue("", issue.rule, f"{about}: {issue.message}", issue.severity, ""))
    return out
