"""The task editor: every column of ``crewai_tasks``, one section at a time.

The agent picker offers the crew's members and the context picker the crew's other tasks;
the output JSON schema is parsed and checked by the model as it is typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.crew import Crew
from ...domain.errors import Conflict, CrewtuiError, ValidationFailed
from ...domain.fields import field_map
from ...domain.task import TASK_GROUPS, Task
from ..drafts import Draft
from ..editing import NEXT_SECTION, PREVIOUS_SECTION, EditorScreen
from ..forms.record_form import RecordForm
from ..forms.values import format_value
from ..modals import ConflictModal
from ..recovery import apply_fields, form_fields, keeper_of, new_key
from ..type_ahead import hold_keys, keys_ready
from ..widgets.footer import KeysFooter
from ..workers import app_of, call_db

META = "Metadata"


def choices_for(
    crew: Crew, tasks: Sequence[Task], task: Task | None
) -> dict[str, list[tuple[str, Any]]]:
    """Agent picker from the members, context picker from the crew's other tasks."""
    members = sorted(crew.members, key=lambda m: m.sequence_order)
    return {
        "assigned_agent_id": [
            (f"{m.agent_key} · {m.role}" if m.role else m.agent_key, m.agent_id) for m in members
        ],
        "context_task_ids": [
            (f"{i} {t.name}", t.id)
            for i, t in enumerate(tasks, 1)
            if t.id is not None and (task is None or t.id != task.id)
        ],
        "crew_id": [(crew.crew_name, crew.id)],
    }


class TaskEditor(EditorScreen):
    """Edit ``task`` of ``crew``, or create a new one (``task`` None)."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+g", "focus_groups", "Sections", show=False),
        Binding(NEXT_SECTION, "section(1)", "Next section", show=False),
        Binding(PREVIOUS_SECTION, "section(-1)", "Previous section", show=False),
    ]

    def __init__(
        self,
        crew: Crew,
        task: Task | None,
        tasks: Sequence[Task],
        agents: Mapping[UUID, str] | None = None,
    ) -> None:
        super().__init__()
        self.crew = crew
        self.record = task
        self.tasks = list(tasks)
        self.groups = [*TASK_GROUPS, META]
        #: the version a save expects, when a restored draft was made on an older one
        self.expected_version: int | None = None
        self._new_key = new_key("task")
        # keys typed before the fields are there wait for them
        hold_keys(self)

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static("", id="task-title", markup=False)
        with Horizontal(id="task-body"):
            groups = OptionList(
                *[Option(g, id=g) for g in self.groups], id="task-groups", classes="focus-frame"
            )
            groups.border_title = "Sections"
            yield groups
            form = RecordForm(
                Task,
                self.record,
                groups=self.groups,
                choices=choices_for(self.crew, self.tasks, self.record),
                animate=False,
                # a new task is stored in this crew, after its last task: shown as such
                defaults={"crew_id": self.crew.id, "sequence_order": len(self.tasks) + 1},
                id="task-form",
            )
            # the first section only is built with the screen (the others when shown)
            form.show_group(self.groups[0])
            yield form
        yield Static("", id="task-help", markup=False)
        yield KeysFooter()

    def history_target(self) -> tuple[str, str] | None:
        if self.record is None:
            return None
        return ("task", f"{self.crew.crew_name}/{self.record.name}")

    def history_version(self) -> int | None:
        return self.record.version if self.record is not None else None

    async def reload_record(self) -> None:
        crew, name = self.crew.crew_name, self.record.name if self.record else ""
        self.record = await call_db(self, lambda s: s.get_task(crew, name))
        self.query_one(RecordForm).set_record(self.record)
        self._update_title()

    def on_mount(self) -> None:
        form = self.query_one(RecordForm)
        form.show_group(self.groups[0])
        self._update_title()
        form.focus_first()
        keys_ready(self)
        self.call_after_refresh(self.run_worker, self._apply_restored(), group="task-restore")

    # ---- drafts

    def draft_identity(self) -> tuple[str, str] | None:
        return (
            "task",
            f"{self.crew.crew_name}/{self.record.name}"
            if self.record is not None
            else self._new_key,
        )

    def make_draft(self) -> Draft | None:
        ident = self.draft_identity()
        assert ident is not None
        version = (
            self.expected_version
            if self.expected_version is not None
            else (self.record.version if self.record else None)
        )
        form = self.query_one(RecordForm)
        return Draft(
            kind=ident[0],
            key=ident[1],
            version=version,
            fields=form_fields(form),
            extra={"crew": self.crew.crew_name},
        )

    async def _apply_restored(self) -> None:
        keeper = keeper_of(self)
        ident = self.draft_identity()
        draft = (
            keeper.take_restore("task", ident[1] if ident and self.record is not None else None)
            if keeper
            else None
        )
        if keeper is None or draft is None:
            return
        if draft.is_new:
            self._new_key = draft.key
        await apply_fields(self.query_one(RecordForm), draft.fields)
        if (
            self.record is not None
            and draft.version is not None
            and draft.version != self.record.version
        ):
            self.expected_version = draft.version
            self.notify(
                f"Task '{self.record.name}' changed since this draft; saving will show both.",
                title="Draft restored",
                severity="warning",
            )
        else:
            self.notify("Your unsaved changes are back.", title="Draft restored")
        self._update_title()
        keeper.capture(self)
        keeper.flush()
        if (draft.kind, draft.key) != self.draft_identity():
            keeper.store.remove(draft.kind, draft.key)

    # ---- navigation between sections

    @on(OptionList.OptionHighlighted, "#task-groups")
    def _group_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.query_one(RecordForm).show_group(event.option.id)

    @on(OptionList.OptionSelected, "#task-groups")
    def _group_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one(RecordForm).focus_first()

    def action_section(self, delta: int) -> None:
        groups = self.query_one("#task-groups", OptionList)
        index = ((groups.highlighted or 0) + delta) % len(self.groups)
        groups.highlighted = index  # shows the group (see _group_highlighted)
        form = self.query_one(RecordForm)
        form.show_group(self.groups[index])
        form.focus_first()

    def action_focus_groups(self) -> None:
        self.query_one("#task-groups").focus()

    @on(RecordForm.FieldFocused, "#task-form")
    def _field_focused(self, event: RecordForm.FieldFocused) -> None:
        self.query_one("#task-help", Static).update(f"{event.spec.label}: {event.spec.help}")

    @on(RecordForm.Changed, "#task-form")
    def _changed(self, event: RecordForm.Changed) -> None:
        self._update_title()

    def _update_title(self) -> None:
        form = self.query_one(RecordForm)
        name = self.record.name if self.record else "new task"
        modified = "  ● modified" if form.dirty else ""
        self.query_one("#task-title", Static).update(f"{self.crew.crew_name} / {name}{modified}")
        marks = form.group_marks()
        groups = self.query_one("#task-groups", OptionList)
        for i, group in enumerate(self.groups):
            changed, error = marks.get(group, (False, False))
            suffix = " ✗" if error else (" ●" if changed else "")
            groups.replace_option_prompt_at_index(i, f"{group}{suffix}")

    # ---- saving

    def has_unsaved_changes(self) -> bool:
        return self.query_one(RecordForm).dirty

    def unsaved_description(self) -> str:
        return f"Task '{self.record.name}'" if self.record else "The new task"

    async def save_changes(self) -> bool:
        form = self.query_one(RecordForm)
        try:
            form.validate()
        except ValidationFailed:
            self._update_title()
            self.notify("Fix the marked fields first.", title="Not saved", severity="error")
            return False
        crew = self.crew.crew_name
        try:
            if self.record is None:
                values = {k: v for k, v in form.values().items() if k != "crew_id"}
                saved = await call_db(self, lambda s: s.create_task(crew, values))
            else:
                saved_or_none = await self._update(form.changes())
                if saved_or_none is None:
                    return False
                saved = saved_or_none
        except ValidationFailed as exc:
            form.show_errors(exc)
            self._update_title()
            self.notify(exc.message, title="Not saved", severity="error")
            return False
        except CrewtuiError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            return False
        self.record = saved
        self.expected_version = None
        form.set_record(saved)
        self._update_title()
        self.notify(f"Task '{saved.name}' saved.")
        app_of(self).data_changed()
        return True

    async def _update(self, changes: dict[str, Any]) -> Task | None:
        task = self.record
        assert task is not None
        if not changes:
            return task
        crew = self.crew.crew_name
        try:
            expected = self.expected_version if self.expected_version is not None else task.version
            return await call_db(
                self, lambda s: s.update_task(crew, task.name, changes, expected_version=expected)
            )
        except Conflict as exc:
            specs = field_map(Task)
            rows = [
                (
                    specs[k].label,
                    format_value(specs[k], exc.theirs.get(k)),
                    format_value(specs[k], v),
                )
                for k, v in changes.items()
                if k in specs
            ]
            answer = await self.app.push_screen_wait(
                ConflictModal(f"Task '{task.name}'", rows, their_version=exc.actual_version)
            )
            if answer == "overwrite":
                version = exc.actual_version
                return await call_db(
                    self,
                    lambda s: s.update_task(crew, task.name, changes, expected_version=version),
                )
            if answer == "reload":
                fresh = await call_db(self, lambda s: s.get_task(crew, task.name))
                self.record = fresh
                self.expected_version = None
                self.query_one(RecordForm).set_record(fresh)
                self._update_title()
            return None

    def discard_changes(self) -> None:
        self.query_one(RecordForm).set_record(self.record)
