"""The crew builder: settings, ordered members and the crew lint side by side.

Settings and members are edited locally and saved together with ctrl+s: first the crew row
(version-checked), then the member list in the order shown, so ``sequence_order`` in the
database is exactly the numbering on screen. The lint panel shows the saved crew.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple
from uuid import UUID

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.events import DescendantFocus, Resize
from textual.message import Message
from textual.widgets import Footer, Header, Input, Static

from ...domain.crew import CREW_GROUPS, Crew, CrewMember
from ...domain.errors import Conflict, CrewtuiError, NotFound, ValidationFailed
from ...domain.fields import field_map
from ...domain.lint import LintIssue
from ...services.types import AgentSummary
from ..drafts import Draft
from ..editing import EditorScreen
from ..forms.editors import model_choices
from ..forms.field_row import FieldRow
from ..forms.record_form import RecordForm
from ..forms.values import format_value
from ..modals import ConflictModal, PickOne
from ..recovery import capture, new_key
from ..type_ahead import hold_keys, keys_ready
from ..widgets.members import MemberList
from ..workers import app_of, call_db, cancelled, db_work, services_for
from . import crews_chat as chat
from . import crews_drafts as drafts
from .crews_lint import MANAGER_MISSING, PROCESS_CHOICES, TOOLS_MARK, lint_text, manager_problem

#: at this width and wider the three panels stand side by side
WIDE = 110
MANAGER_FIELDS = ("manager_agent_id", "manager_llm")


class BuilderData(NamedTuple):
    """What the builder shows: the crew (None for a new one) and its choices."""

    crew: Crew | None
    agents: list[AgentSummary]
    #: agents that have tools: crewai refuses them as the manager
    with_tools: set[UUID]
    #: the LLM names the model fields suggest
    models: list[str]


def fetch_builder(services: Any, name: str | None) -> BuilderData:
    """Read what the builder of crew ``name`` shows (in a database thread)."""
    return BuilderData(
        services.get_crew(name) if name else None,
        services.list_agents(),
        services.agent_ids_with_tools(),
        services.model_suggestions(),
    )


class CrewBuilder(EditorScreen):
    """Edit one crew (``name``) or create a new one (``None``)."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save"),
        Binding("l", "lint", "Lint"),
        Binding("t", "tasks", "Tasks"),
        Binding("e", "export", "Export"),
        Binding("ctrl+r", "run", "Run", show=False),
        Binding("r,alt+r", "releases", "Releases", show=False),
    ]

    class Loaded(Message):
        def __init__(self, data: BuilderData) -> None:
            super().__init__()
            self.data = data

    class LintLoaded(Message):
        def __init__(self, issues: list[LintIssue]) -> None:
            super().__init__()
            self.issues = issues

    def __init__(self, name: str | None, preloaded: BuilderData | None = None) -> None:
        super().__init__()
        #: the crew and its choices, read before the screen is pushed (its first frame shows
        #: them); without it they are read once the screen is mounted
        self._preloaded = preloaded
        self.crew_name = name
        self.crew: Crew | None = None
        self.agents: list[AgentSummary] = []
        #: agents that have tools: crewai refuses them as the manager
        self.with_tools: set[UUID] = set()
        self.loaded = False
        #: the version a save expects, when a restored draft was made on an older one
        self.expected_version: int | None = None
        self._new_key = new_key("crew")
        # keys typed before the crew is shown wait for it
        hold_keys(self)

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static("", id="crew-title", markup=False)
        with Horizontal(id="crew-body"):
            with Vertical(id="crew-settings", classes="crew-panel focus-frame") as settings:
                settings.border_title = "Settings"
                yield RecordForm(Crew, None, groups=CREW_GROUPS, animate=False, id="crew-form")
                yield chat.chat_row()
            with Container(id="crew-side"):
                with Vertical(id="crew-members", classes="crew-panel focus-frame") as members:
                    members.border_title = "Members (order)"
                    yield MemberList(id="member-list")
                with VerticalScroll(id="crew-lint", classes="crew-panel focus-frame") as lint:
                    lint.border_title = "Lint"
                    yield Static("", id="lint-text")
        yield Static("", id="crew-help", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        form = self.query_one(RecordForm)
        form.set_choices("process_type", PROCESS_CHOICES)
        self._apply_process()
        self._fit_layout(self.app.size.width)
        self._update_title()
        if self._preloaded is None:
            self.load()
            return
        self._show_loaded(self._preloaded)
        self._preloaded = None
        if self.crew is not None:
            self.load_lint()

    def on_resize(self, event: Resize) -> None:
        self._fit_layout(event.size.width)

    def _fit_layout(self, width: int) -> None:
        self.query_one("#crew-side").set_class(width >= WIDE, "-wide")

    # ---- loading

    class Missing(Message):
        """The crew to edit is not (or no longer) in the database."""

    @db_work(group="crew-builder-load")
    def load(self) -> None:
        services = services_for(self)
        try:
            data = fetch_builder(services, self.crew_name)
        except NotFound:
            self.post_message(self.Missing())
            raise
        if not cancelled():
            self.post_message(self.Loaded(data))
        if data.crew is not None:
            self._lint(services, data.crew.crew_name)

    def history_target(self) -> tuple[str, str] | None:
        return ("crew", self.crew_name) if self.crew_name and self.crew else None

    def history_version(self) -> int | None:
        return self.crew.version if self.crew is not None else None

    async def reload_record(self) -> None:
        self.load()

    def action_releases(self) -> None:
        target = self._usable_target()
        if target is not None:
            from .history_release import ReleasesModal

            self.app.push_screen(ReleasesModal(target[1]))

    @db_work(group="crew-builder-lint")
    def load_lint(self, shown: Crew | None = None) -> None:
        if self.crew_name:
            self._lint(services_for(self), self.crew_name, shown)

    def _lint(self, services: Any, name: str, shown: Crew | None = None) -> None:
        from ...services.interop import lint_crew  # export machinery: loaded only here

        issues = lint_crew(services, name, crew=shown)
        if not cancelled():
            self.post_message(self.LintLoaded(issues))

    def on_crew_builder_loaded(self, message: CrewBuilder.Loaded) -> None:
        self._show_loaded(message.data)

    def _show_loaded(self, data: BuilderData) -> None:
        self.agents = data.agents
        self.with_tools = data.with_tools
        form = self.query_one(RecordForm)
        for name, choices in model_choices(data.models).items():
            form.set_choices(name, choices)
        self._chat_row().editor.set_choices([(m, m) for m in data.models])
        self._show_crew(data.crew)
        self.loaded = True
        if data.crew is not None:
            self.query_one("#lint-text", Static).update("checking the crew…")
        if data.crew is None:
            self.query_one("#lint-text", Static).update("Lint runs once the crew is saved.")
            self.query_one(RecordForm).focus_first()
        keys_ready(self)
        self.run_worker(self._apply_restored(), group="crew-builder-restore")

    # ---- drafts

    def draft_identity(self) -> tuple[str, str] | None:
        return ("crew", self.crew.crew_name if self.crew is not None else self._new_key)

    def make_draft(self) -> Draft | None:
        return drafts.make_draft(self)

    async def _apply_restored(self) -> None:
        await drafts.apply_restored(self)

    def on_crew_builder_missing(self, message: CrewBuilder.Missing) -> None:
        # nothing to edit: leave rather than offer to save the empty form as a new crew
        self.dismiss(None)

    def on_crew_builder_lint_loaded(self, message: CrewBuilder.LintLoaded) -> None:
        self.query_one("#lint-text", Static).update(lint_text(message.issues))

    def _show_crew(self, crew: Crew | None) -> None:
        self.crew = crew
        self.expected_version = None
        self.crew_name = crew.crew_name if crew else self.crew_name
        self.query_one(MemberList).set_members(crew.members if crew else [])
        form = self.query_one(RecordForm)
        form.set_choices("manager_agent_id", self._manager_choices())
        form.set_record(crew)
        self._chat_row().editor.set_value(chat.stored(crew))
        self._apply_process()
        self._update_title()

    # ---- state

    def _manager_choices(self) -> list[tuple[str, Any]]:
        """Agents that are not members: crewai refuses a manager that is also in the crew."""
        members = set(self.query_one(MemberList).keys)
        return [
            (f"{a.agent_key} · {a.role}{TOOLS_MARK if a.id in self.with_tools else ''}", a.id)
            for a in self.agents
            if a.agent_key not in members
        ]

    def _shown_crew(self) -> Crew | None:
        """The stored crew with the settings and members on screen (unsaved edits too); a
        sequential crew's hidden manager fields count as empty."""
        if self.crew is None:
            return None
        form = self.query_one(RecordForm)
        update: dict[str, Any] = {}
        for spec in form.editable_specs():
            try:
                update[spec.name] = form.editor(spec.name).read()
            except (KeyError, ValueError):  # not mounted, or text that does not parse
                continue
        if update.get("process_type", self.crew.process_type) != "hierarchical":
            update.update(dict.fromkeys(MANAGER_FIELDS))
        update["members"] = [
            m.model_copy(update={"sequence_order": i})
            for i, m in enumerate(self.query_one(MemberList).members, 1)
        ]
        return self.crew.model_copy(update=update)

    def _stored_members(self) -> list[tuple[str, str | None]]:
        members = sorted(self.crew.members, key=lambda m: m.sequence_order) if self.crew else []
        return [(m.agent_key, m.role_in_crew) for m in members]

    def _shown_members(self) -> list[tuple[str, str | None]]:
        return [(m.agent_key, m.role_in_crew) for m in self.query_one(MemberList).members]

    def members_dirty(self) -> bool:
        return self._shown_members() != self._stored_members()

    def _chat_row(self) -> FieldRow:
        return self.query_one("#row-chat_llm", FieldRow)

    def _chat_dirty(self) -> bool:
        return chat.shown(self._chat_row()) != chat.stored(self.crew)

    def has_unsaved_changes(self) -> bool:
        return self.loaded and (
            self.query_one(RecordForm).dirty or self.members_dirty() or self._chat_dirty()
        )

    def unsaved_description(self) -> str:
        return f"Crew '{self.crew_name}'" if self.crew_name else "The new crew"

    def _form_values(self) -> dict[str, Any]:
        form = self.query_one(RecordForm)
        out: dict[str, Any] = {}
        for name in ("process_type", *MANAGER_FIELDS):
            try:
                out[name] = form.editor(name).read()
            except ValueError:
                out[name] = None
        return out

    def _apply_process(self) -> None:
        """Manager fields only for hierarchical crews, with an error while neither is set."""
        form = self.query_one(RecordForm)
        values = self._form_values()
        hierarchical = values.get("process_type") == "hierarchical"
        problem = manager_problem(values)
        for name in MANAGER_FIELDS:
            row = form.row(name)
            row.display = hierarchical
            if problem:
                row.set_error(problem)
            elif row.error == MANAGER_MISSING:  # ours, now resolved: show the form's own, if any
                row.set_error(form.problems.get(name))

    def _update_title(self) -> None:
        values = self._form_values()
        name = self.crew_name or "new crew"
        process = values.get("process_type") or "sequential"
        modified = "  ● modified" if self.has_unsaved_changes() else ""
        self.query_one("#crew-title", Static).update(f"{name} · {process}{modified}")

    @on(RecordForm.Changed, "#crew-form")
    def _form_changed(self, event: RecordForm.Changed) -> None:
        self._apply_process()
        self._update_title()

    @on(Input.Changed, "#field-chat_llm")
    def _chat_changed(self, event: Input.Changed) -> None:
        self._chat_row().set_changed(self._chat_dirty())
        self._update_title()
        capture(self)

    @on(RecordForm.FieldFocused, "#crew-form")
    def _field_focused(self, event: RecordForm.FieldFocused) -> None:
        self.query_one("#crew-help", Static).update(f"{event.spec.label}: {event.spec.help}")

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        if event.widget.id == "field-chat_llm":
            spec = chat.CHAT_LLM
            self.query_one("#crew-help", Static).update(f"{spec.label}: {spec.help}")

    @on(MemberList.Changed)
    def _members_changed(self, event: MemberList.Changed) -> None:
        self.query_one(RecordForm).set_choices("manager_agent_id", self._manager_choices())
        self._apply_process()
        self._update_title()
        capture(self)

    @on(MemberList.AddRequested)
    def _add_requested(self, event: MemberList.AddRequested) -> None:
        self._pick_member()

    @work(exclusive=True, group="crew-builder-pick")
    async def _pick_member(self) -> None:
        taken = set(self.query_one(MemberList).keys)
        manager = self._form_values().get("manager_agent_id")
        items = [
            (f"{a.agent_key} · {a.role}", a)
            for a in self.agents
            if a.agent_key not in taken and a.id != manager and a.status == "active"
        ]
        if not items:
            self.notify("Every active agent is already in this crew.", severity="warning")
            return
        chosen = await self.app.push_screen_wait(PickOne("Add member", items))
        if chosen is None:
            return
        members = self.query_one(MemberList)
        members.add(CrewMember(agent_id=chosen.id, agent_key=chosen.agent_key, role=chosen.role))
        members.query_one("#member-options").focus()

    # ---- saving

    async def save_changes(self) -> bool:
        form = self.query_one(RecordForm)
        problem = manager_problem(self._form_values())
        try:
            form.validate()
        except ValidationFailed:
            self._apply_process()
            self.notify("Fix the marked fields first.", title="Not saved", severity="error")
            return False
        if problem:
            self._apply_process()
            form.focus_field("manager_agent_id")
            self.notify(problem, title="Not saved", severity="error")
            return False
        members = self._shown_members() if self.members_dirty() else None
        try:
            crew = await self._save_crew(form, members)
        except CrewtuiError as exc:
            self._save_failed(exc)
            return False
        if crew is None:
            return False
        self._show_crew(crew)
        self.notify(f"Crew '{crew.crew_name}' saved.")
        self.load_lint()
        app_of(self).data_changed()
        return True

    def _save_failed(self, exc: CrewtuiError) -> None:
        if isinstance(exc, ValidationFailed):
            self.query_one(RecordForm).show_errors(exc)
            self._apply_process()
        self.notify(
            exc.message,
            title=exc.title if not isinstance(exc, ValidationFailed) else "Not saved",
            severity="error",
        )

    async def _save_crew(
        self, form: RecordForm, members: list[tuple[str, str | None]] | None
    ) -> Crew | None:
        """Create or update the crew with its members in one transaction; None when the user
        gave up on a conflict."""
        chat_llm = chat.shown(self._chat_row())
        if self.crew is None:
            values = form.values()
            if chat_llm:
                values["crewai_settings"] = chat.settings_with(None, chat_llm)
            return await call_db(self, lambda s: s.save_crew(None, values, members))
        crew = self.crew
        changes = form.changes()
        if self._chat_dirty():
            changes["crewai_settings"] = chat.settings_with(crew, chat_llm)
        if not changes and members is None:
            return crew
        expected = self.expected_version if self.expected_version is not None else crew.version
        try:
            return await call_db(
                self,
                lambda s: s.save_crew(crew.crew_name, changes, members, expected_version=expected),
            )
        except Conflict as exc:
            return await self._resolve_conflict(exc, changes, members)

    async def _resolve_conflict(
        self, exc: Conflict, changes: dict[str, Any], members: list[tuple[str, str | None]] | None
    ) -> Crew | None:
        specs = field_map(Crew)
        rows = [
            (specs[k].label, format_value(specs[k], exc.theirs.get(k)), format_value(specs[k], v))
            for k, v in changes.items()
            if k in specs
        ]
        if members is not None:
            stored = exc.theirs.get("members")
            theirs_members = ", ".join(
                str(m.get("agent_key", "")) for m in (stored if isinstance(stored, list) else [])
            )
            rows.append(("Members", theirs_members, ", ".join(k for k, _ in members)))
        answer = await self.app.push_screen_wait(
            ConflictModal(f"Crew '{self.crew_name}'", rows, their_version=exc.actual_version)
        )
        name = self.crew_name or ""
        if answer == "overwrite":
            version = exc.actual_version
            return await call_db(
                self, lambda s: s.save_crew(name, changes, members, expected_version=version)
            )
        if answer == "reload":
            self._show_crew(await call_db(self, lambda s: s.get_crew(name)))
        return None

    def discard_changes(self) -> None:
        self._show_crew(self.crew)

    # ---- other actions

    def action_lint(self) -> None:
        if self.crew_name and self.crew is not None:
            self.query_one("#lint-text", Static).update("Checking…")
            self.load_lint(self._shown_crew())  # what is on screen, saved or not
        else:
            self.notify("Save the crew first: lint needs a stored crew.", severity="warning")

    def action_tasks(self) -> None:
        if self.crew is not None:
            app_of(self).goto("tasks", self.crew.crew_name)

    def action_run(self) -> None:
        from .run import RunScreen

        if self.crew is None or not self.crew_name:
            self.notify("Save the crew first: a run kicks off what is stored.", severity="warning")
        elif self.has_unsaved_changes():
            self.notify("Save first (ctrl+s): a run kicks off the stored crew.", severity="warning")
        else:
            self.app.push_screen(RunScreen(self.crew_name))

    def action_export(self) -> None:
        from .export_modal import ExportModal

        if self.crew is None or not self.crew_name:
            self.notify("Save the crew first: export writes what is stored.", severity="warning")
        elif self.has_unsaved_changes():
            self.notify(
                "Save first (ctrl+s): export writes the stored crew, not your unsaved changes.",
                severity="warning",
            )
        else:
            self.app.push_screen(ExportModal(self.crew_name), self._exported)

    def _exported(self, out_dir: Path | None) -> None:
        if out_dir is not None:
            self.notify(f"Exported to {out_dir}.")
