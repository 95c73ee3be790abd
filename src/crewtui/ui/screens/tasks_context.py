"""Choose a task's context from the tasks of its crew (and nothing else)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, SelectionList, Static
from textual.widgets.selection_list import Selection

from ...domain.task import Task
from ..editing import with_editor_styles
from ..styles import editor_css_paths


@dataclass(frozen=True)
class ContextChoice:
    """The picked task names; None = unset (crewai passes every earlier output)."""

    names: list[str] | None


class ContextPicker(ModalScreen[ContextChoice | None]):
    """Tasks of the crew other than ``task``, in execution order; later ones are marked."""

    DEFAULT_CLASSES = "dialog"
    # its rules are with the task editor's (crews.tcss), read when it is first made
    CSS_PATH = editor_css_paths()  # type: ignore[assignment]

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Apply", show=False),
    ]

    def __init__(self, task: Task, tasks: Sequence[Task]) -> None:
        super().__init__()
        with_editor_styles()
        self._subject = task
        self._crew_tasks = list(tasks)

    def compose(self) -> ComposeResult:
        index = next(
            (i for i, t in enumerate(self._crew_tasks) if t.id == self._subject.id),
            len(self._crew_tasks),
        )
        chosen = set(self._subject.context_task_ids or ())
        selections = []
        for i, t in enumerate(self._crew_tasks):
            if t.id == self._subject.id:
                continue
            later = "  (runs later: crewai rejects it)" if i > index else ""
            selections.append(Selection(f"{i + 1} {t.name}{later}", t.name, t.id in chosen))
        with Vertical(classes="dialog-box -wide") as box:
            box.border_title = f"Context of '{self._subject.name}'"
            yield Static(
                "The outputs this task reads. Space toggles a task; ctrl+s or Apply saves. "
                "'All earlier' leaves context unset (crewai then passes every earlier output).",
                id="context-note",
                markup=False,
            )
            yield SelectionList[str](*selections, id="context-list")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Apply", id="apply", variant="primary")
                yield Button("All earlier", id="unset")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_apply(self) -> None:
        picked = set(self.query_one(SelectionList).selected)
        # keep execution order, whatever order they were ticked in
        self.dismiss(ContextChoice([t.name for t in self._crew_tasks if t.name in picked]))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self.action_apply()
        elif event.button.id == "unset":
            self.dismiss(ContextChoice(None))
        else:
            self.dismiss(None)
